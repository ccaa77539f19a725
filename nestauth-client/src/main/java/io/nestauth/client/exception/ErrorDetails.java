package io.nestauth.client.exception;

import io.nestauth.client.internal.Args;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * What is known about a failed call, each part optional: the HTTP status (0 when no answer
 * arrived), the server's {@code code} and message, the operation's method and path, and the wait
 * the server asked for. Immutable; build it with {@link #builder()} and set only what you know.
 *
 * <pre>{@code
 * ErrorDetails details = ErrorDetails.builder().status(429).code("RATE_LIMITED")
 *     .method("POST").path("/auth/login").retryAfter(Duration.ofSeconds(60)).build();
 * throw new RateLimitedException("POST /auth/login failed: HTTP 429 RATE_LIMITED", details, null);
 * }</pre>
 */
public final class ErrorDetails implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ErrorDetails NONE = new ErrorDetails(0, null, null, null, null, null);

  /** The HTTP status, or 0 when no answer arrived. */
  private final int status;
  /** The server's machine-readable error code, or null. */
  private final String code;
  /** The server's message (the first one of a list), or null. */
  private final String serverMessage;
  /** The HTTP method of the failed operation, or null. */
  private final String method;
  /** The path of the failed operation below the base URL, or null. */
  private final String path;
  /** The wait the server asked for, or null. */
  private final Duration retryAfter;

  private ErrorDetails(int status, String code, String serverMessage, String method, String path, Duration retryAfter) {
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
    this.method = method;
    this.path = path;
    this.retryAfter = retryAfter;
  }

  /** The values of the deprecated eight-argument constructors, taken as they are. */
  static ErrorDetails legacy(int status, String code, String serverMessage, String method, String path,
      Duration retryAfter) {
    return new ErrorDetails(status, code, serverMessage, method, path, retryAfter);
  }

  /** @return details that know nothing: status 0, every other part empty */
  public static ErrorDetails none() {
    return NONE;
  }

  /** @return a builder with nothing set (status 0) */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these details, to derive changed ones */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.status = status;
    builder.code = code;
    builder.serverMessage = serverMessage;
    builder.method = method;
    builder.path = path;
    builder.retryAfter = retryAfter;
    return builder;
  }

  /** @return the HTTP status, or 0 when no answer arrived */
  public int status() {
    return status;
  }

  /** @return the server's machine-readable code (e.g. {@code INVALID_CREDENTIALS}), when it sent one */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** @return the server's message (the first one when it sent a list), when it sent one */
  public Optional<String> serverMessage() {
    return Optional.ofNullable(serverMessage);
  }

  /** @return the HTTP method of the failed operation (e.g. {@code POST}), when known */
  public Optional<String> method() {
    return Optional.ofNullable(method);
  }

  /** @return the path of the failed operation below the base URL (e.g. {@code /auth/login}), when known */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** @return the wait the server asked for, when it did */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Builds {@link ErrorDetails}; every part is optional and a null or blank value means "unknown". */
  public static final class Builder {
    private int status;
    private String code;
    private String serverMessage;
    private String method;
    private String path;
    private Duration retryAfter;

    private Builder() {
    }

    /**
     * Sets the HTTP status of the answer.
     *
     * @param status the status, or 0 when no answer arrived
     * @return this builder
     * @throws IllegalArgumentException when {@code status} is negative
     */
    public Builder status(int status) {
      if (status < 0) {
        throw new IllegalArgumentException("status must be 0 or an HTTP status");
      }
      this.status = status;
      return this;
    }

    /**
     * Sets the server's machine-readable error code.
     *
     * @param code the code as the server sent it, or null
     * @return this builder
     */
    public Builder code(String code) {
      this.code = blankToNull(code);
      return this;
    }

    /**
     * Sets the server's message.
     *
     * @param serverMessage the message as the server sent it (the first one of a list), or null
     * @return this builder
     */
    public Builder serverMessage(String serverMessage) {
      this.serverMessage = blankToNull(serverMessage);
      return this;
    }

    /**
     * Sets the HTTP method of the failed operation.
     *
     * @param method the method, e.g. {@code POST}, or null
     * @return this builder
     */
    public Builder method(String method) {
      this.method = blankToNull(method);
      return this;
    }

    /**
     * Sets the path of the failed operation below the base URL.
     *
     * @param path the path, e.g. {@code /auth/login}, or null
     * @return this builder
     */
    public Builder path(String path) {
      this.path = blankToNull(path);
      return this;
    }

    /**
     * Sets the wait the server asked for.
     *
     * @param retryAfter the wait, or null
     * @return this builder
     * @throws IllegalArgumentException when {@code retryAfter} is negative
     */
    public Builder retryAfter(Duration retryAfter) {
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative");
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /** @return the details set so far */
    public ErrorDetails build() {
      return new ErrorDetails(status, code, serverMessage, method, path, retryAfter);
    }

    private static String blankToNull(String value) {
      return Args.isBlank(value) ? null : value;
    }
  }
}
