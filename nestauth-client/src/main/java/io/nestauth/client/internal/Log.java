package io.nestauth.client.internal;

import java.util.function.Supplier;

/**
 * Logging through {@link System.Logger}: no dependency for users, routed to java.util.logging by
 * default and to SLF4J/Log4j by their platform-logging bridges. Debug output is off unless the
 * user's logging configuration enables logger {@code io.nestauth.client}. Where System.Logger does
 * not exist (Android), logging is silently off. Never pass secrets to these methods.
 */
@AbsentOnAndroid("System.Logger: get() catches the LinkageError and every method is then a no-op")
public final class Log {
  private final Object logger;

  private Log(Object logger) {
    this.logger = logger;
  }

  public static Log get(Class<?> type) {
    try {
      return new Log(System.getLogger(type.getName()));
    } catch (LinkageError e) {
      return new Log(null);
    }
  }

  public boolean isDebugEnabled() {
    return logger != null && ((System.Logger) logger).isLoggable(System.Logger.Level.DEBUG);
  }

  public void debug(Supplier<String> message) {
    if (logger != null) {
      ((System.Logger) logger).log(System.Logger.Level.DEBUG, message);
    }
  }

  public void warn(String message, Throwable error) {
    if (logger != null) {
      ((System.Logger) logger).log(System.Logger.Level.WARNING, message, error);
    }
  }

  public void warn(String message) {
    if (logger != null) {
      ((System.Logger) logger).log(System.Logger.Level.WARNING, message);
    }
  }
}
