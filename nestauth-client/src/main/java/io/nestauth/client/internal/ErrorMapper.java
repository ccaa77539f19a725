package io.nestauth.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.exception.InvalidCredentialsException;
import io.nestauth.client.exception.MfaRequiredException;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.client.exception.NestAuthNetworkException;
import io.nestauth.client.exception.NestAuthResponseException;
import io.nestauth.client.exception.NestAuthTimeoutException;
import io.nestauth.client.exception.RateLimitedException;
import io.nestauth.client.exception.SessionExpiredException;
import io.nestauth.client.exception.TokenRefreshFailedException;
import io.nestauth.client.exception.UnexpectedResponseException;
import io.nestauth.client.exception.ValidationException;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.generated.invoker.ApiException;
import io.nestauth.generated.model.ErrorResponseDto;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The one place where failed calls become {@link NestAuthException}s. Stateless and thread-safe. */
public final class ErrorMapper {
  private static final int SNIPPET_LENGTH = 120;

  private final ObjectMapper mapper;
  private final Clock clock;

  public ErrorMapper(ObjectMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
  }

  /** Maps a failure of a generated operation. */
  public NestAuthException map(ApiException failure) {
    ApiClient.Operation operation = failure.getOperation();
    String method = operation == null ? null : operation.method();
    String path = operation == null ? null : operation.pathTemplate();
    String where = operation == null ? "call" : operation.toString();
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof TokenRefreshFailedException) {
        return ((TokenRefreshFailedException) cause).getCause();
      }
    }
    int status = failure.getCode();
    Throwable cause = failure.getCause();
    if (status == 0) {
      if (cause instanceof ApiClient.ResponseTooLargeException) {
        return new UnexpectedResponseException(where + " failed: " + cause.getMessage(), cause, 0, null, null,
            method, path, null);
      }
      if (cause instanceof SocketTimeoutException
          || (cause instanceof InterruptedIOException && "timeout".equals(cause.getMessage()))) {
        return new NestAuthTimeoutException(where + " timed out", cause, 0, null, null, method, path, null);
      }
      if (cause instanceof java.io.IOException) {
        return new NestAuthNetworkException(where + " failed: no answer from the server ("
            + cause.getClass().getSimpleName() + ")", cause, 0, null, null, method, path, null);
      }
      return new NestAuthException(failure.getMessage(), cause, 0, null, null, method, path, null);
    }
    if (status >= 200 && status < 300) {
      // Jackson's message quotes the value it could not read, and in a token answer that value can
      // be a token: say where reading failed, and drop the quoting exception
      return new UnexpectedResponseException(failure.getMessage() + readFailure(cause), null, status, null, null,
          method, path, null);
    }
    return fromErrorResponse(status, failure.getResponseBody(),
        failure.getResponseHeaders().get("Retry-After"), method, path, where, cause);
  }

  /** Maps an error status and body; also used for the refresh call made by the interceptor. */
  public NestAuthException fromErrorResponse(int status, String body, String retryAfterHeader, String method,
      String path, String where, Throwable cause) {
    String code = null;
    String serverMessage = null;
    boolean json = false;
    if (body != null && !Args.isBlank(body)) {
      try {
        ErrorResponseDto error = mapper.readValue(body, ErrorResponseDto.class);
        json = true;
        code = error.getCode();
        serverMessage = firstMessage(error.getMessage());
      } catch (java.io.IOException | RuntimeException notJson) {
        json = false;
      }
    }
    Duration retryAfter = parseRetryAfter(retryAfterHeader, clock);
    StringBuilder message = new StringBuilder(where).append(" failed: HTTP ").append(status);
    if (code != null) {
      message.append(' ').append(code);
    }
    if (serverMessage != null) {
      message.append(": ").append(serverMessage);
    } else if (!json && body != null && !Args.isBlank(body)) {
      message.append(" (body is not JSON: ").append(snippet(body)).append(')');
    }
    String text = message.toString();
    if (status == 401 && "INVALID_CREDENTIALS".equals(code)) {
      return new InvalidCredentialsException(text, cause, status, code, serverMessage, method, path, retryAfter);
    }
    if (status == 401 && "MFA_REQUIRED".equals(code)) {
      return new MfaRequiredException(text, cause, status, code, serverMessage, method, path, retryAfter);
    }
    if (status == 401 && isSessionGone(code, serverMessage)) {
      return new SessionExpiredException(text, cause, status, code, serverMessage, method, path, retryAfter);
    }
    if (status == 429) {
      return new RateLimitedException(text, cause, status, code, serverMessage, method, path, retryAfter);
    }
    if (status == 400 && json && (code == null || "MISSING_REQUIRED_FIELD".equals(code)
        || "MISSING_REQUIRED_FIELDS".equals(code))) {
      return new ValidationException(text, cause, status, code, serverMessage, method, path, retryAfter);
    }
    return new NestAuthResponseException(text, cause, status, code, serverMessage, method, path, retryAfter);
  }

  /** True for the 401s that mean the session (or its tokens) can no longer be used. */
  static boolean isSessionGone(String code, String serverMessage) {
    if (code == null) {
      return serverMessage != null && serverMessage.startsWith("Session ");
    }
    switch (code) {
      case "INVALID_TOKEN":
      case "NO_AUTH_PROVIDED":
      case "SESSION_NOT_FOUND":
      case "SESSION_EXPIRED":
      case "REFRESH_TOKEN_INVALID":
      case "REFRESH_TOKEN_EXPIRED":
        return true;
      default:
        return false;
    }
  }

  /**
   * Whether a 401 on an authenticated SDK call is worth a refresh: an invalid (usually expired)
   * access token, or a session the server no longer knows. In the second case the refresh is
   * rejected too, which ends the session locally instead of leaving a stale "signed in".
   */
  public boolean isRefreshable(String body) {
    if (body == null || Args.isBlank(body)) {
      return false;
    }
    try {
      ErrorResponseDto error = mapper.readValue(body, ErrorResponseDto.class);
      String code = error.getCode();
      return "INVALID_TOKEN".equals(code) || (code == null && isSessionGone(null, firstMessage(error.getMessage())));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /** Where a body could not be read (JSON path or line and column), without the offending value. */
  private static String readFailure(Throwable cause) {
    if (cause == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(" (").append(cause.getClass().getSimpleName());
    if (cause instanceof com.fasterxml.jackson.databind.JsonMappingException
        && !((com.fasterxml.jackson.databind.JsonMappingException) cause).getPath().isEmpty()) {
      text.append(" at ").append(((com.fasterxml.jackson.databind.JsonMappingException) cause).getPathReference()
          .replaceAll("[\\w.$]*\\.", ""));
    } else if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException
        && ((com.fasterxml.jackson.core.JsonProcessingException) cause).getLocation() != null) {
      com.fasterxml.jackson.core.JsonLocation at = ((com.fasterxml.jackson.core.JsonProcessingException) cause).getLocation();
      text.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
    }
    return text.append(')').toString();
  }

  /** Reads the {@code code} of an error body, or null. */
  public String codeOf(String body) {
    if (body == null || Args.isBlank(body)) {
      return null;
    }
    try {
      return mapper.readValue(body, ErrorResponseDto.class).getCode();
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static String firstMessage(JsonNode message) {
    if (message == null || message.isNull()) {
      return null;
    }
    if (message.isArray()) {
      return message.size() == 0 ? null : message.get(0).asText();
    }
    return message.isValueNode() ? message.asText() : null;
  }

  /** Reads {@code Retry-After}: delay-seconds or an HTTP date; null when absent or unreadable. */
  public static Duration parseRetryAfter(String header, Clock clock) {
    if (header == null || Args.isBlank(header)) {
      return null;
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static String snippet(String body) {
    String flat = body.replaceAll("\\s+", " ").trim();
    return flat.length() <= SNIPPET_LENGTH ? flat : flat.substring(0, SNIPPET_LENGTH) + "…";
  }
}
