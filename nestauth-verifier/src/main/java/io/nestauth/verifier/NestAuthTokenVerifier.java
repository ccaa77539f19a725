package io.nestauth.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.nestauth.verifier.TokenVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Nest Auth access tokens: immutable, thread-safe, one instance for the whole service.
 *
 * <p>{@link #verify(String)} accepts a token only when all of these hold, checked in this order:
 * <ol>
 *   <li>it is a compact JWS whose header says {@code HS256} (any other algorithm, {@code none}
 *       included, is refused before the signature is looked at) and whose signature is the
 *       server's {@code session.jwt.secret}'s;</li>
 *   <li>its {@code type} claim is {@code access} (a refresh token, a password-reset token or a token
 *       without {@code type} is refused);</li>
 *   <li>{@code exp} has not passed and {@code iat} (and {@code nbf}, if present) is not in the
 *       future, each with the {@linkplain Builder#leeway(Duration) leeway};</li>
 *   <li>it names a user ({@code id} or {@code sub}) and a session ({@code sessionId});</li>
 *   <li>the session is not waiting for its second factor ({@code isMfaEnabled && !isMfaVerified}),
 *       unless {@linkplain Builder#allowMfaPending(boolean) allowed};</li>
 *   <li>with a {@link RemoteSessionCheck}: the server still accepts the session.</li>
 * </ol>
 *
 * <p><b>Local versus remote.</b> Without a remote check, verification needs no network, but it
 * cannot see a session's end: after a logout, a logout-all, a password change or a deactivation,
 * the session's access tokens keep verifying until their {@code exp} (15 minutes by default). A
 * {@link RemoteSessionCheck} closes that gap at the cost of a request per token and cache period.
 *
 * <pre>{@code
 * NestAuthTokenVerifier verifier = NestAuthTokenVerifier.builder()
 *     .secret(System.getenv("NEST_AUTH_JWT_SECRET"))
 *     .build();
 * NestAuthPrincipal user = verifier.verify(bearerToken); // throws TokenVerificationException
 * }</pre>
 */
public final class NestAuthTokenVerifier {
  /** The longest token accepted, in characters; a server's tokens are far shorter (about 600). */
  public static final int MAX_TOKEN_LENGTH = 16 * 1024;

  /** The shortest secret accepted, in bytes (HS256 needs at least 256 bits). */
  public static final int MIN_SECRET_BYTES = 32;

  /** The leeway a builder starts with. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

  /** Algorithm names a refusal may repeat; any other header value stays out of the message. */
  private static final Set<String> KNOWN_ALGORITHMS = Set.of("none", "HS256", "HS384", "HS512", "RS256", "RS384",
      "RS512", "PS256", "PS384", "PS512", "ES256", "ES256K", "ES384", "ES512", "EdDSA", "Ed25519", "Ed448");

  private final MACVerifier macVerifier;
  private final Duration leeway;
  private final Clock clock;
  private final boolean allowMfaPending;
  private final @Nullable RemoteSessionCheck remoteCheck;

  private NestAuthTokenVerifier(MACVerifier macVerifier, Duration leeway, Clock clock, boolean allowMfaPending,
      @Nullable RemoteSessionCheck remoteCheck) {
    this.macVerifier = macVerifier;
    this.leeway = leeway;
    this.clock = clock;
    this.allowMfaPending = allowMfaPending;
    this.remoteCheck = remoteCheck;
  }

  /**
   * Starts a builder; {@link Builder#secret(byte[])} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies an access token and returns whom it speaks for.
   *
   * @param token the compact token, without the {@code Bearer } prefix
   * @return the token's principal
   * @throws TokenVerificationException when the token is refused, or (with a remote check) when
   *     the server could not be asked ({@link Reason#CHECK_FAILED})
   * @throws NullPointerException when {@code token} is null
   */
  public NestAuthPrincipal verify(String token) {
    Objects.requireNonNull(token, "token");
    Map<String, @Nullable Object> claims = verifiedClaims(token);

    String type = PrincipalReader.type(claims);
    if (!"access".equals(type)) {
      throw new TokenVerificationException(Reason.WRONG_TYPE, type == null
          ? "not an access token: it has no type claim"
          : "not an access token: its type is " + ("refresh".equals(type) ? "refresh" : "not access"));
    }

    Instant expiresAt = PrincipalReader.numericDate(claims, "exp");
    Instant issuedAt = PrincipalReader.numericDate(claims, "iat");
    if (expiresAt == null || issuedAt == null) {
      throw new TokenVerificationException(Reason.MALFORMED, "the token lacks " + (expiresAt == null ? "exp" : "iat"));
    }
    Instant now = clock.instant();
    if (!now.isBefore(expiresAt.plus(leeway))) {
      throw new TokenVerificationException(Reason.EXPIRED, "the token expired at " + expiresAt);
    }
    if (issuedAt.isAfter(now.plus(leeway))) {
      throw new TokenVerificationException(Reason.NOT_YET_VALID, "the token is issued in the future (" + issuedAt + ")");
    }
    Instant notBefore = PrincipalReader.numericDate(claims, "nbf");
    if (notBefore != null && notBefore.isAfter(now.plus(leeway))) {
      throw new TokenVerificationException(Reason.NOT_YET_VALID, "the token is not valid before " + notBefore);
    }

    NestAuthPrincipal principal = PrincipalReader.principal(claims, issuedAt, expiresAt);
    if (principal.mfaPending() && !allowMfaPending) {
      throw new TokenVerificationException(Reason.MFA_PENDING,
          "the session has not passed its second factor (MFA pending)");
    }
    if (remoteCheck != null) {
      remoteCheck.requireAlive(token, principal);
    }
    return principal;
  }

  /** Parses the token, checks its algorithm and signature, returns its claims. */
  private Map<String, @Nullable Object> verifiedClaims(String token) {
    if (token.isEmpty()) {
      throw new TokenVerificationException(Reason.MALFORMED, "the token is empty");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new TokenVerificationException(Reason.MALFORMED,
          "the token is longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean base64Url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
          || c == '_';
      if (!base64Url && c != '.') {
        // a lenient Base64 decoder would skip such characters: one token, one spelling
        throw new TokenVerificationException(Reason.MALFORMED,
            "the token has a character outside base64url and '.' (a \"Bearer \" prefix, whitespace, padding?)");
      }
    }
    Base64URL[] parts;
    try {
      parts = JOSEObject.split(token);
    } catch (ParseException e) {
      throw new TokenVerificationException(Reason.MALFORMED, "not a compact JWS (header.payload.signature)");
    }
    if (parts.length != 3) {
      throw new TokenVerificationException(Reason.MALFORMED, "not a compact JWS: it has " + parts.length + " parts");
    }
    String algorithm;
    try {
      Object alg = JSONObjectUtils.parse(parts[0].decodeToString(), MAX_TOKEN_LENGTH).get("alg");
      if (!(alg instanceof String)) {
        throw new TokenVerificationException(Reason.MALFORMED, "the token's header names no algorithm");
      }
      algorithm = (String) alg;
    } catch (ParseException | RuntimeException e) {
      if (e instanceof TokenVerificationException) {
        throw (TokenVerificationException) e;
      }
      throw new TokenVerificationException(Reason.MALFORMED, "the token's header is not a JSON object");
    }
    if (!JWSAlgorithm.HS256.getName().equals(algorithm)) {
      throw new TokenVerificationException(Reason.BAD_SIGNATURE, "the token's algorithm is not HS256 but "
          + (KNOWN_ALGORITHMS.contains(algorithm) ? algorithm : "an unknown one"));
    }
    SignedJWT jwt;
    try {
      jwt = new SignedJWT(parts[0], parts[1], parts[2]);
    } catch (ParseException e) {
      throw new TokenVerificationException(Reason.MALFORMED, "the token's header is not a valid JWS header");
    }
    boolean valid;
    try {
      valid = jwt.verify(macVerifier);
    } catch (JOSEException | RuntimeException e) {
      // the message may describe the header; it is left out, only the kind of failure is kept
      throw new TokenVerificationException(Reason.BAD_SIGNATURE,
          "the signature could not be checked (" + e.getClass().getSimpleName() + ")");
    }
    if (!valid) {
      throw new TokenVerificationException(Reason.BAD_SIGNATURE, "the signature does not match the secret");
    }
    Map<String, Object> claims;
    try {
      claims = JSONObjectUtils.parse(parts[1].decodeToString(), MAX_TOKEN_LENGTH);
    } catch (ParseException | RuntimeException e) {
      throw new TokenVerificationException(Reason.MALFORMED, "the token's payload is not a JSON object");
    }
    return claims;
  }

  /**
   * Describes the configuration; never the secret.
   *
   * @return a description for diagnostics
   */
  @Override
  public String toString() {
    return "NestAuthTokenVerifier[HS256, leeway=" + leeway + ", allowMfaPending=" + allowMfaPending
        + ", remoteCheck=" + remoteCheck + "]";
  }

  /** Configures a {@link NestAuthTokenVerifier}; not thread-safe, build once at start-up. */
  public static final class Builder {
    private byte @Nullable [] secret;
    private Duration leeway = DEFAULT_LEEWAY;
    private Clock clock = Clock.systemUTC();
    private boolean allowMfaPending;
    private @Nullable RemoteSessionCheck remoteCheck;

    private Builder() {
    }

    /**
     * Sets the server's {@code session.jwt.secret} as bytes. Required; at least
     * {@value NestAuthTokenVerifier#MIN_SECRET_BYTES} bytes. The array is copied.
     *
     * @param secret the shared secret
     * @return this builder
     * @throws IllegalArgumentException when {@code secret} is null
     */
    public Builder secret(byte[] secret) {
      if (secret == null) {
        throw new IllegalArgumentException("secret must not be null");
      }
      this.secret = secret.clone();
      return this;
    }

    /**
     * Sets the server's {@code session.jwt.secret} as the server configures it, a string (its UTF-8
     * bytes are the key, as for the server's {@code jsonwebtoken}). Required; at least
     * {@value NestAuthTokenVerifier#MIN_SECRET_BYTES} bytes.
     *
     * @param secret the shared secret
     * @return this builder
     * @throws IllegalArgumentException when {@code secret} is null
     */
    public Builder secret(String secret) {
      if (secret == null) {
        throw new IllegalArgumentException("secret must not be null");
      }
      this.secret = secret.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * Sets how far the clocks of the server and this service may disagree: a token is accepted
     * until {@code exp + leeway} and from {@code iat - leeway}. Default
     * {@link NestAuthTokenVerifier#DEFAULT_LEEWAY} (30 s).
     *
     * @param leeway the tolerance, zero or more
     * @return this builder
     * @throws IllegalArgumentException when {@code leeway} is null or negative
     */
    public Builder leeway(Duration leeway) {
      if (leeway == null || leeway.isNegative()) {
        throw new IllegalArgumentException("leeway must be zero or positive");
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * Sets the clock that says what time it is; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException when {@code clock} is null
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Accepts tokens of sessions that wait for their second factor; default false (refused with
     * {@link Reason#MFA_PENDING}). Turn it on only for endpoints that serve the MFA step itself,
     * and check {@link NestAuthPrincipal#mfaPending()} there.
     *
     * @param allow whether MFA-pending tokens are accepted
     * @return this builder
     */
    public Builder allowMfaPending(boolean allow) {
      this.allowMfaPending = allow;
      return this;
    }

    /**
     * Asks the server, after the local checks passed, whether the session is still alive; default
     * none (local verification only, which cannot see a logout).
     *
     * @param remoteCheck the check, or null for none
     * @return this builder
     */
    public Builder remoteCheck(@Nullable RemoteSessionCheck remoteCheck) {
      this.remoteCheck = remoteCheck;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return a new, immutable verifier
     * @throws IllegalArgumentException when no secret is set or it is shorter than
     *     {@value NestAuthTokenVerifier#MIN_SECRET_BYTES} bytes
     */
    public NestAuthTokenVerifier build() {
      byte[] key = secret;
      if (key == null) {
        throw new IllegalArgumentException("secret must be set: the server's session.jwt.secret");
      }
      if (key.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("secret is " + key.length + " bytes; HS256 needs at least "
            + MIN_SECRET_BYTES);
      }
      MACVerifier verifier;
      try {
        // SecretKeySpec keeps its own copy of the bytes
        verifier = new MACVerifier(new SecretKeySpec(key, "HmacSHA256"));
      } catch (JOSEException e) {
        throw new IllegalArgumentException("secret is not usable for HS256", e);
      }
      return new NestAuthTokenVerifier(verifier, leeway, clock, allowMfaPending, remoteCheck);
    }
  }
}
