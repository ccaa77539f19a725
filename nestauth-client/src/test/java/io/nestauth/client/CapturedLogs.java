package io.nestauth.client;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * JUnit extension: every line the SDK logs (logger {@code io.nestauth}, all levels) during a test, as
 * formatted text, stack traces included.
 */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
  private final Logger nestauth = Logger.getLogger("io.nestauth");
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(formatter.format(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private Level previousLevel;

  @Override
  public void beforeEach(ExtensionContext context) {
    previousLevel = nestauth.getLevel();
    capture.setLevel(Level.ALL);
    nestauth.addHandler(capture);
    nestauth.setLevel(Level.ALL);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    nestauth.removeHandler(capture);
    nestauth.setLevel(previousLevel);
  }

  /** @return the lines logged so far */
  List<String> lines() {
    return List.copyOf(lines);
  }

  void clear() {
    lines.clear();
  }
}
