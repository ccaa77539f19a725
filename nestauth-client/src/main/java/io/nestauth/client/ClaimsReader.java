package io.nestauth.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Picks the claims {@link TokenClaims} exposes out of a JWT payload, in one pass and without
 * building the whole claim map.
 *
 * <p>Why two readers: a login reads one access token, and measured inside a login Jackson's
 * parser cost several microseconds for these 400 bytes (most of the SDK's extra time over hand-written
 * code, see BENCHMARKS.md), while a plain scan of the same bytes costs well under one. The scan
 * accepts only the shape the server writes (compact JSON, ASCII strings without escapes, integers,
 * literals, nesting up to {@value #MAX_DEPTH} levels) and gives up on anything else, which Jackson
 * then reads. So Jackson decides every payload the scan is unsure of, and for every payload the scan
 * accepts, the result equals Jackson's (tested against it on fuzzed payloads).
 */
final class ClaimsReader {
  /** The claims read: the text claims at the indexes {@link #ID} to {@link #TYPE}, then the others. */
  private static final String[] NAMES = {"id", "sub", "userId", "sessionId", "email", "phone", "tenantId", "type",
      "isMfaEnabled", "isMfaVerified", "exp", "iat"};
  static final int ID = 0;
  static final int SUB = 1;
  static final int USER_ID = 2;
  static final int SESSION_ID = 3;
  static final int EMAIL = 4;
  static final int PHONE = 5;
  static final int TENANT_ID = 6;
  static final int TYPE = 7;
  private static final int TEXT_CLAIMS = 8;
  private static final int MFA_ENABLED = 8;
  private static final int MFA_VERIFIED = 9;
  private static final int EXP = 10;
  private static final int IAT = 11;
  private static final byte[][] NAME_BYTES = new byte[NAMES.length][];
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  /** Deeper payloads go to Jackson, which applies its own nesting limit. */
  static final int MAX_DEPTH = 16;
  /** Longer integers go to Jackson: 18 digits always fit in a long. */
  private static final int MAX_DIGITS = 18;
  private static final int NOT_SIMPLE = -1;

  static {
    for (int i = 0; i < NAMES.length; i++) {
      NAME_BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** The claims found; a claim that occurs twice counts with its last value, as in a map. */
  static final class Claims {
    final String[] texts = new String[TEXT_CLAIMS];
    boolean mfaEnabled;
    boolean mfaVerified;
    Number exp;
    Number iat;

    /** Records one claim; a value of another type than the claim's clears it. */
    void take(int field, String text, Boolean bool, Number number) {
      if (field < TEXT_CLAIMS) {
        texts[field] = text;
      } else if (field == MFA_ENABLED) {
        mfaEnabled = Boolean.TRUE.equals(bool);
      } else if (field == MFA_VERIFIED) {
        mfaVerified = Boolean.TRUE.equals(bool);
      } else if (field == EXP) {
        exp = number;
      } else if (field == IAT) {
        iat = number;
      }
    }
  }

  private ClaimsReader() {
  }

  /**
   * @return the claims, or null when the payload is not a JSON object
   * @throws IOException when the payload is not well-formed JSON
   */
  static Claims read(byte[] payload, JsonFactory json) throws IOException {
    Claims claims = readSimple(payload);
    return claims != null ? claims : readWithJackson(payload, json);
  }

  /** @return the claims, or null when the payload is not of the simple shape (Jackson then decides) */
  static Claims readSimple(byte[] p) {
    int i = skipSpace(p, 0);
    if (i >= p.length || p[i] != '{') {
      return null;
    }
    Claims claims = new Claims();
    i = skipSpace(p, i + 1);
    if (i < p.length && p[i] == '}') {
      return onlySpaceFrom(p, i + 1) ? claims : null;
    }
    while (true) {
      int nameEnd = quotedEnd(p, i);
      int start = nameEnd == NOT_SIMPLE ? NOT_SIMPLE : valueStart(p, nameEnd + 1);
      int end = start == NOT_SIMPLE ? NOT_SIMPLE : valueEnd(p, start, 1);
      if (end == NOT_SIMPLE) {
        return null;
      }
      int field = indexOf(p, i + 1, nameEnd);
      if (field >= 0) {
        byte first = p[start];
        claims.take(field,
            first == '"' ? new String(p, start + 1, end - start - 2, StandardCharsets.US_ASCII) : null,
            first == 't' ? Boolean.TRUE : first == 'f' ? Boolean.FALSE : null,
            first == '-' || (first >= '0' && first <= '9') ? (Number) parseLong(p, start, end) : null);
      }
      i = skipSpace(p, end);
      if (i < p.length && p[i] == ',') {
        i = skipSpace(p, i + 1);
        continue;
      }
      return i < p.length && p[i] == '}' && onlySpaceFrom(p, i + 1) ? claims : null;
    }
  }

  /** @return the index after the value starting at {@code i}, or {@link #NOT_SIMPLE} */
  private static int valueEnd(byte[] p, int i, int depth) {
    if (i >= p.length) {
      return NOT_SIMPLE;
    }
    byte c = p[i];
    if (c == '"') {
      int end = quotedEnd(p, i);
      return end == NOT_SIMPLE ? NOT_SIMPLE : end + 1;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return integerEnd(p, i);
    }
    if (c == 't') {
      return literalEnd(p, i, TRUE);
    }
    if (c == 'f') {
      return literalEnd(p, i, FALSE);
    }
    if (c == 'n') {
      return literalEnd(p, i, NULL);
    }
    if ((c != '[' && c != '{') || depth >= MAX_DEPTH) {
      return NOT_SIMPLE;
    }
    byte close = c == '[' ? (byte) ']' : (byte) '}';
    i = skipSpace(p, i + 1);
    if (i < p.length && p[i] == close) {
      return i + 1;
    }
    while (true) {
      if (c == '{') {
        int nameEnd = quotedEnd(p, i);
        i = nameEnd == NOT_SIMPLE ? NOT_SIMPLE : valueStart(p, nameEnd + 1);
      }
      i = i == NOT_SIMPLE ? NOT_SIMPLE : valueEnd(p, i, depth + 1);
      if (i == NOT_SIMPLE) {
        return NOT_SIMPLE;
      }
      i = skipSpace(p, i);
      if (i >= p.length) {
        return NOT_SIMPLE;
      }
      if (p[i] == close) {
        return i + 1;
      }
      if (p[i] != ',') {
        return NOT_SIMPLE;
      }
      i = skipSpace(p, i + 1);
    }
  }

  /** @return the index after a member's colon and the spaces around it, or {@link #NOT_SIMPLE} */
  private static int valueStart(byte[] p, int afterName) {
    int i = skipSpace(p, afterName);
    return i < p.length && p[i] == ':' ? skipSpace(p, i + 1) : NOT_SIMPLE;
  }

  /**
   * @return the index of the closing quote of the string opening at {@code i}, when it is printable
   *     ASCII without escapes; else {@link #NOT_SIMPLE}
   */
  private static int quotedEnd(byte[] p, int i) {
    if (i >= p.length || p[i] != '"') {
      return NOT_SIMPLE;
    }
    for (i++; i < p.length; i++) {
      byte b = p[i];
      if (b == '"') {
        return i;
      }
      // bytes >= 0x80 are negative: UTF-8 sequences and escapes are Jackson's to decode
      if (b < 0x20 || b == '\\' || b == 0x7f) {
        return NOT_SIMPLE;
      }
    }
    return NOT_SIMPLE;
  }

  /** An integer without leading zeros, fraction or exponent, followed by a delimiter. */
  private static int integerEnd(byte[] p, int i) {
    int start = p[i] == '-' ? i + 1 : i;
    int end = start;
    while (end < p.length && p[end] >= '0' && p[end] <= '9') {
      end++;
    }
    int digits = end - start;
    if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && p[start] == '0')) {
      return NOT_SIMPLE;
    }
    return delimiterAt(p, end) ? end : NOT_SIMPLE;
  }

  private static int literalEnd(byte[] p, int i, byte[] literal) {
    if (i + literal.length > p.length) {
      return NOT_SIMPLE;
    }
    for (int k = 0; k < literal.length; k++) {
      if (p[i + k] != literal[k]) {
        return NOT_SIMPLE;
      }
    }
    int end = i + literal.length;
    return delimiterAt(p, end) ? end : NOT_SIMPLE;
  }

  private static boolean delimiterAt(byte[] p, int i) {
    if (i >= p.length) {
      return true;
    }
    byte b = p[i];
    return b == ',' || b == '}' || b == ']' || isSpace(b);
  }

  private static long parseLong(byte[] p, int start, int end) {
    boolean negative = p[start] == '-';
    long value = 0;
    for (int i = negative ? start + 1 : start; i < end; i++) {
      value = value * 10 + (p[i] - '0');
    }
    return negative ? -value : value;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static int skipSpace(byte[] p, int i) {
    while (i < p.length && isSpace(p[i])) {
      i++;
    }
    return i;
  }

  private static boolean onlySpaceFrom(byte[] p, int i) {
    return skipSpace(p, i) == p.length;
  }

  /** @return the index in {@link #NAMES} of the name in {@code p[from, to)}, or -1 */
  private static int indexOf(byte[] p, int from, int to) {
    int length = to - from;
    for (int field = 0; field < NAME_BYTES.length; field++) {
      byte[] name = NAME_BYTES[field];
      if (name.length == length && sameBytes(name, p, from)) {
        return field;
      }
    }
    return -1;
  }

  private static boolean sameBytes(byte[] name, byte[] p, int from) {
    for (int k = 0; k < name.length; k++) {
      if (name[k] != p[from + k]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(String name) {
    for (int field = 0; field < NAMES.length; field++) {
      if (NAMES[field].equals(name)) {
        return field;
      }
    }
    return -1;
  }

  /**
   * Jackson's streaming reader: checks that the payload is one well-formed JSON object (nested
   * values are tokenised, not built).
   */
  static Claims readWithJackson(byte[] payload, JsonFactory factory) throws IOException {
    try (JsonParser json = factory.createParser(payload)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Claims claims = new Claims();
      for (String name = json.nextFieldName(); name != null; name = json.nextFieldName()) {
        JsonToken token = json.nextToken();
        if (token == null) {
          throw new JsonParseException(json, "a claim without a value");
        }
        int field = indexOf(name);
        if (field >= 0) {
          claims.take(field, token == JsonToken.VALUE_STRING ? json.getText() : null,
              token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null,
              token.isNumeric() ? json.getNumberValue() : null);
        }
        json.skipChildren();
      }
      if (json.currentToken() != JsonToken.END_OBJECT) {
        throw new JsonParseException(json, "expected the end of the claims object");
      }
      return claims;
    }
  }
}
