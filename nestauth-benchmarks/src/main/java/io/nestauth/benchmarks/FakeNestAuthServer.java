package io.nestauth.benchmarks;

import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 that answers like a Nest Auth server (global prefix {@code /api}):
 * {@code POST /api/auth/login}, {@code GET /api/auth/me}, {@code POST /api/auth/refresh-token}.
 *
 * <p>Built to stay out of the way of what is measured: one blocking thread per keep-alive connection,
 * every response pre-rendered into one byte array and written with one {@code write} (TCP_NODELAY),
 * no allocation per request beyond the request line and the Authorization value. It serves the SDK
 * and the raw baseline identically.
 *
 * <p>Access tokens: {@link #expiredAccessToken()} is answered with {@code 401 INVALID_TOKEN} (what the
 * real server says for an expired token); any other bearer token is accepted. Refresh answers carry
 * a new valid access token. It counts refreshes and rejected tokens, for the refresh storm.
 *
 * <p>Tokens and bodies are the test fixtures' ({@link TestJwts}, {@link ServerAnswers}): HS256 JWTs
 * with the server's exact claims (a {@code jti} on refresh tokens only), so of the real lengths.
 */
public final class FakeNestAuthServer implements AutoCloseable {
  private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket serverSocket;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threadIds = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong refreshes = new AtomicLong();
  private final AtomicLong rejectedTokens = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final long refreshDelayMillis;
  private volatile boolean closed;

  private final String validAccessToken;
  private final String refreshToken;
  private final String expiredAccessToken;
  private final String expiredBearer;
  private final byte[] loginResponse;
  private final byte[] refreshResponse;
  private final byte[] meResponse;
  private final byte[] invalidTokenResponse;
  private final byte[] noAuthResponse;

  /** A server whose refresh answers at once. */
  public static FakeNestAuthServer start() throws IOException {
    return start(0);
  }

  /**
   * @param refreshDelayMillis how long {@code refresh-token} takes (a real server does a DB round trip
   *     and a token rotation); widens the window in which concurrent calls meet the expired token
   */
  public static FakeNestAuthServer start(long refreshDelayMillis) throws IOException {
    return new FakeNestAuthServer(refreshDelayMillis);
  }

  private FakeNestAuthServer(long refreshDelayMillis) throws IOException {
    this.refreshDelayMillis = refreshDelayMillis;
    Instant now = Instant.now();
    // access 15 min, refresh 7 d, as in the reference configuration (spec/SERVER-BEHAVIOUR.md §1); the
    // login's tokens were issued a second before the refresh's, so a refresh really rotates them
    validAccessToken = TestJwts.access().issuedAt(now.minusSeconds(1)).jti(null).build();
    refreshToken = TestJwts.refresh().issuedAt(now.minusSeconds(1)).build();
    expiredAccessToken = TestJwts.access().issuedAt(now.minusSeconds(3600)).jti(null).build();
    expiredBearer = "Bearer " + expiredAccessToken;
    String freshAccess = TestJwts.access().issuedAt(now).jti(null).build();
    String freshRefresh = TestJwts.refresh().issuedAt(now).build();
    loginResponse = response(200, "OK", ServerAnswers.tokensBody(validAccessToken, refreshToken, "Login successful"));
    refreshResponse = response(200, "OK",
        ServerAnswers.tokensBody(freshAccess, freshRefresh, "Token refreshed successfully"));
    meResponse = response(200, "OK", ServerAnswers.sessionUserBody());
    invalidTokenResponse = response(401, "Unauthorized", ServerAnswers.invalidTokenBody());
    noAuthResponse = response(401, "Unauthorized", ServerAnswers.noAuthBody());

    serverSocket = new ServerSocket();
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    acceptor = new Thread(this::acceptLoop, "fake-nestauth-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** @return e.g. {@code http://127.0.0.1:41234/api}, the base URL including the global prefix */
  public String baseUrl() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort() + "/api";
  }

  public String validAccessToken() {
    return validAccessToken;
  }

  public String refreshToken() {
    return refreshToken;
  }

  public String expiredAccessToken() {
    return expiredAccessToken;
  }

  public long requests() {
    return requests.get();
  }

  public long refreshes() {
    return refreshes.get();
  }

  /** @return requests that carried the expired access token and got 401 INVALID_TOKEN */
  public long rejectedTokens() {
    return rejectedTokens.get();
  }

  /** @return TCP connections accepted so far */
  public long connections() {
    return connections.get();
  }

  public void resetCounters() {
    requests.set(0);
    refreshes.set(0);
    rejectedTokens.set(0);
    connections.set(0);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return;
      }
      connections.incrementAndGet();
      open.add(socket);
      Thread worker = new Thread(() -> serve(socket), "fake-nestauth-" + threadIds.incrementAndGet());
      worker.setDaemon(true);
      worker.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      Reader in = new Reader(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      byte[] line = new byte[8 * 1024];
      while (!closed) {
        int length = readLine(in, line);
        if (length <= 0) {
          return; // closed by the client (or an empty line where a request line belongs)
        }
        String requestLine = new String(line, 0, length, StandardCharsets.US_ASCII);
        long contentLength = 0;
        String authorization = null;
        boolean close = false;
        while ((length = readLine(in, line)) > 0) {
          if (startsWithIgnoreCase(line, length, "content-length:")) {
            contentLength = Long.parseLong(value(line, length, 15));
          } else if (startsWithIgnoreCase(line, length, "authorization:")) {
            authorization = value(line, length, 14);
          } else if (startsWithIgnoreCase(line, length, "connection:")) {
            close = "close".equalsIgnoreCase(value(line, length, 11));
          }
        }
        if (length < 0) {
          return;
        }
        in.skip(contentLength); // the server's answer does not depend on the body
        requests.incrementAndGet();
        out.write(route(requestLine, authorization));
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away
    } finally {
      open.remove(socket);
    }
  }

  private byte[] route(String requestLine, String authorization) {
    if (requestLine.startsWith("GET /api/auth/me ")) {
      if (authorization == null || !authorization.startsWith("Bearer ")) {
        return noAuthResponse;
      }
      if (authorization.equals(expiredBearer)) {
        rejectedTokens.incrementAndGet();
        return invalidTokenResponse;
      }
      return meResponse;
    }
    if (requestLine.startsWith("POST /api/auth/login ")) {
      return loginResponse;
    }
    if (requestLine.startsWith("POST /api/auth/refresh-token ")) {
      refreshes.incrementAndGet();
      if (refreshDelayMillis > 0) {
        try {
          Thread.sleep(refreshDelayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return refreshResponse;
    }
    // unknown routes are rare: rendered when met, as "Cannot GET /api/auth/x"
    String[] parts = requestLine.split(" ");
    return response(404, "Not Found", ServerAnswers.notFoundBody(parts[0], parts.length > 1 ? parts[1] : "/"));
  }

  /** An unsynchronized buffered reader of request lines and bodies (BufferedInputStream locks per byte). */
  private static final class Reader {
    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int pos;
    private int limit;

    Reader(InputStream in) {
      this.in = in;
    }

    private boolean fill() throws IOException {
      int n = in.read(buffer, 0, buffer.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    }

    void skip(long count) throws IOException {
      while (count > 0) {
        if (pos == limit && !fill()) {
          throw new IOException("body cut short");
        }
        int step = (int) Math.min(count, limit - pos);
        pos += step;
        count -= step;
      }
    }
  }

  /** Reads one line without its CRLF into {@code line}; -1 at end of stream. */
  private static int readLine(Reader in, byte[] line) throws IOException {
    int length = 0;
    while (true) {
      if (in.pos == in.limit && !in.fill()) {
        return length == 0 ? -1 : length;
      }
      byte b = in.buffer[in.pos++];
      if (b == '\n') {
        return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
      }
      if (length == line.length) {
        throw new IOException("header line too long");
      }
      line[length++] = b;
    }
  }

  private static boolean startsWithIgnoreCase(byte[] line, int length, String prefix) {
    if (length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase((char) line[i]) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String value(byte[] line, int length, int from) {
    return new String(line, from, length - from, StandardCharsets.US_ASCII).trim();
  }

  /** The headers an Express app behind Nest sends, pre-rendered with the body. */
  private static byte[] response(int status, String reason, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
        + "X-Powered-By: Express\r\n"
        + "Content-Type: application/json; charset=utf-8\r\n"
        + "Content-Length: " + bytes.length + "\r\n"
        + "ETag: W/\"" + Integer.toHexString(bytes.length) + "-" + Integer.toHexString(body.hashCode()) + "\"\r\n"
        + "Date: Sat, 21 Nov 2026 22:15:41 GMT\r\n"
        + "Connection: keep-alive\r\n"
        + "Keep-Alive: timeout=5\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + CRLF.length + bytes.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(CRLF, 0, all, headBytes.length, CRLF.length);
    System.arraycopy(bytes, 0, all, headBytes.length + CRLF.length, bytes.length);
    return all;
  }

  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException e) {
      // closing
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing
      }
    }
  }
}
