package io.nestauth.client.internal;

import java.util.UUID;

/** Argument checks done before any request is sent; messages name the parameter, never its value. */
public final class Args {
  /** Longest string argument accepted; far above any real identifier, password or code. */
  public static final int MAX_LENGTH = 4096;

  private Args() {
  }

  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  /**
   * {@code String.isBlank()} is Java 11 and not on Android before API 33 (checked by animal-sniffer),
   * hence this twin; whitespace as {@link Character#isWhitespace(int)} defines it.
   */
  public static boolean isBlank(String value) {
    if (value == null) {
      return true;
    }
    for (int i = 0; i < value.length(); ) {
      int codePoint = value.codePointAt(i);
      if (!Character.isWhitespace(codePoint)) {
        return false;
      }
      i += Character.charCount(codePoint);
    }
    return true;
  }

  /**
   * Tells whether a value can be sent unchanged as an HTTP header value, e.g. a token in
   * {@code Authorization: Bearer <token>}. The one check for every value that reaches a header,
   * whatever its source (the token file, the server's answers, the caller).
   *
   * <p>True when every character is printable ASCII ({@code 0x20}-{@code 0x7E}) and the value
   * neither starts nor ends with a space. So it is false for CR and LF (header injection), every
   * other control character (tab, NUL, DEL, C1), any non-ASCII character (which OkHttp refuses
   * in a header, throwing) and for spaces at either end (which HTTP clients trim, so a different
   * value would be sent). Inner spaces and every printable ASCII symbol are legal. The empty
   * string is a legal header value and therefore true; callers that need a non-empty value check
   * that separately.
   *
   * @param value the value to check; null is not a value and gives false
   * @return true when {@code value} is a legal header value that is sent as it is
   */
  public static boolean isHeaderSafe(String value) {
    if (value == null) {
      return false;
    }
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return length == 0 || (value.charAt(0) != ' ' && value.charAt(length - 1) != ' ');
  }

  public static String notBlank(String value, String name) {
    notNull(value, name);
    if (isBlank(value)) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_LENGTH + " characters");
    }
    return value;
  }

  /** Null is allowed; otherwise like {@link #notBlank}. */
  public static String optional(String value, String name) {
    return value == null ? null : notBlank(value, name);
  }

  public static String password(String value, String name) {
    notBlank(value, name);
    if (value.length() < 8) {
      throw new IllegalArgumentException(name + " must have at least 8 characters");
    }
    return value;
  }

  public static String email(String value, String name) {
    notBlank(value, name);
    int at = value.indexOf('@');
    if (at <= 0 || at == value.length() - 1 || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(name + " is not an email address");
    }
    return value;
  }

  /** Null is allowed; otherwise the value must be a UUID, as the server validates it. */
  public static UUID optionalUuid(String value, String name) {
    return value == null ? null : uuid(value, name);
  }

  public static UUID uuid(String value, String name) {
    notBlank(value, name);
    try {
      UUID parsed = UUID.fromString(value);
      if (!parsed.toString().equalsIgnoreCase(value)) {
        throw new IllegalArgumentException(name + " is not a UUID");
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a UUID");
    }
  }

  /**
   * A value that becomes one path segment: OkHttp would resolve {@code .} and {@code ..}, moving
   * the request to another path, so they are refused ({@code /} is percent-encoded).
   */
  public static String pathSegment(String value, String name) {
    String checked = notBlank(value, name);
    if (".".equals(checked) || "..".equals(checked)) {
      throw new IllegalArgumentException(name + " must not be '.' or '..'");
    }
    return checked;
  }
}
