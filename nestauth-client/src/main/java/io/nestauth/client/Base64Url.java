package io.nestauth.client;

import java.util.Arrays;
import java.util.Base64;

/**
 * Decodes the payload segment of a JWT straight out of the token string.
 *
 * <p>Why not only {@link Base64#getUrlDecoder()}: it takes a separate String or byte array, so each
 * login allocated the segment three times (substring, its bytes, the result): 1.0 KB of the 2.6 KB
 * the SDK allocated per login beyond hand-written code (BENCHMARKS.md). This reads the characters
 * in place and allocates the result only. It takes unpadded base64url, which is what JWTs use; any other
 * character, padding included, goes to the JDK's decoder, so both give the same bytes or the same
 * rejection for every input (tested against it).
 */
final class Base64Url {
  private static final int INVALID = -1;
  /** The 6-bit value of each base64url character, {@link #INVALID} for every other character. */
  private static final int[] VALUES = new int[128];

  static {
    Arrays.fill(VALUES, INVALID);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = i;
    }
  }

  private Base64Url() {
  }

  /**
   * Decodes {@code text} from {@code start} (inclusive) to {@code end} (exclusive).
   *
   * @throws IllegalArgumentException when the segment is not base64url, as {@link Base64.Decoder#decode(String)}
   */
  static byte[] decode(String text, int start, int end) {
    int length = end - start;
    int tail = length & 3;
    if (tail == 1) {
      // one character left over holds 6 bits, not a byte: the JDK rejects it too
      return jdk(text, start, end);
    }
    byte[] out = new byte[length / 4 * 3 + (tail == 0 ? 0 : tail - 1)];
    int in = start;
    int at = 0;
    int wholeEnd = end - tail;
    while (in < wholeEnd) {
      int bits = value(text.charAt(in)) << 18 | value(text.charAt(in + 1)) << 12
          | value(text.charAt(in + 2)) << 6 | value(text.charAt(in + 3));
      if (bits < 0) {
        return jdk(text, start, end);
      }
      out[at] = (byte) (bits >> 16);
      out[at + 1] = (byte) (bits >> 8);
      out[at + 2] = (byte) bits;
      in += 4;
      at += 3;
    }
    if (tail != 0) {
      int bits = value(text.charAt(in)) << 18 | value(text.charAt(in + 1)) << 12
          | (tail == 3 ? value(text.charAt(in + 2)) << 6 : 0);
      if (bits < 0) {
        return jdk(text, start, end);
      }
      out[at] = (byte) (bits >> 16);
      if (tail == 3) {
        out[at + 1] = (byte) (bits >> 8);
      }
    }
    return out;
  }

  /** @return the character's 6-bit value, or a negative number that keeps any OR it enters negative */
  private static int value(char c) {
    return c < 128 ? VALUES[c] : INVALID;
  }

  /** Everything the fast path does not take: padding, foreign characters, a leftover character. */
  private static byte[] jdk(String text, int start, int end) {
    return Base64.getUrlDecoder().decode(text.substring(start, end));
  }
}
