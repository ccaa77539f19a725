package io.nestauth.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestauth.client.exception.ErrorCode;
import io.nestauth.client.exception.ErrorDetails;
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
    ErrorDetails known = ErrorDetails.builder().status(Math.max(status, 0)).method(method).path(path).build();
    if (status == 0) {
      if (cause instanceof ApiClient.ResponseTooLargeException) {
        return new UnexpectedResponseException(where + " failed: " + cause.getMessage(), known, cause);
      }
      if (cause instanceof SocketTimeoutException
          || (cause instanceof InterruptedIOException && "timeout".equals(cause.getMessage()))) {
        return new NestAuthTimeoutException(where + " timed out", known, cause);
      }
      if (cause instanceof java.io.IOException) {
        return new NestAuthNetworkException(where + " failed: no answer from the server ("
            + cause.getClass().getSimpleName() + ")", known, cause);
      }
      return new NestAuthException(failure.getMessage(), known, cause);
    }
    if (status >= 200 && status < 300) {
      // Jackson's message quotes the value it could not read, and in a token answer that value can
      // be a token: say where reading failed, and drop the quoting exception
      return new UnexpectedResponseException(failure.getMessage() + readFailure(cause), known, null);
    }
    return fromErrorResponse(status, failure.getResponseBody(),
        failure.getResponseHeaders().get("Retry-After"), method, path, where, cause);
  }

  /**
   * Maps an error status and body with the catalogue {@link ErrorCode} (the one rule for coded
   * errors); a body without a listed code maps by status. The message names the operation, the
   * status and the code, never the server's message (kept in {@code serverMessage()}).
   */
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
    if (retryAfter == null && status == 429 && json) {
      retryAfter = bodyRetryAfter(body);
    }
    ErrorDetails details = ErrorDetails.builder().status(Math.max(status, 0)).code(code).serverMessage(serverMessage)
        .method(method).path(path).retryAfter(retryAfter).build();
    ErrorCode entry = ErrorCode.find(code, status, path).orElse(null);
    StringBuilder message = new StringBuilder(where).append(" failed: HTTP ").append(status);
    if (code != null) {
      message.append(' ').append(code);
    }
    if (entry != null) {
      message.append(": ").append(entry.meaning());
    } else if (!json && body != null && !Args.isBlank(body)) {
      message.append(" (body is not JSON: ").append(snippet(body)).append(')');
    }
    String text = message.toString();
    if (entry != null) {
      return entry.newException(text, details, cause);
    }
    // no code, an unlisted code, or a listed code with a status it is not sent with
    if (status == 401 && code == null && isSessionMessage(serverMessage)) {
      return new SessionExpiredException(text, details, cause);
    }
    if (status == 429) {
      return new RateLimitedException(text, details, cause);
    }
    if (status == 400 && json && code == null) {
      return new ValidationException(text, details, cause);
    }
    return new NestAuthResponseException(text, details, cause);
  }

  /** True for the server's "Session ..." messages, which come without a code when a session was revoked. */
  private static boolean isSessionMessage(String serverMessage) {
    return serverMessage != null && serverMessage.startsWith("Session ");
  }

  /**
   * The {@code retryAfter} seconds that the server's rate limiter and lockout put in their 429
   * payload; it reaches the client only where the library's exception filter does not rewrite the
   * body (the header is the usual source). Null when absent or unusable.
   */
  private Duration bodyRetryAfter(String body) {
    try {
      JsonNode value = mapper.readTree(body).get("retryAfter");
      if (value != null && value.isNumber() && value.canConvertToLong()) {
        long seconds = value.asLong();
        return seconds < 0 ? null : Duration.ofSeconds(seconds);
      }
      return null;
    } catch (java.io.IOException | RuntimeException unreadable) {
      return null;
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
      return ErrorCode.INVALID_TOKEN.code().equals(code)
          || (code == null && isSessionMessage(firstMessage(error.getMessage())));
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
