/**
 * Verification of Nest Auth access tokens in Java services:
 * {@link io.nestauth.verifier.NestAuthTokenVerifier} checks a token locally (HS256 signature with
 * the server's {@code jwt.secret}, expiry, token type, MFA state) and, with a
 * {@link io.nestauth.verifier.RemoteSessionCheck}, asks the server whether the session is still
 * alive. A verified token becomes a {@link io.nestauth.verifier.NestAuthPrincipal}; every refusal
 * is a {@link io.nestauth.verifier.TokenVerificationException} with a
 * {@link io.nestauth.verifier.TokenVerificationException.Reason}. Nothing here is null unless
 * marked {@code @Nullable}.
 */
@NullMarked
package io.nestauth.verifier;

import org.jspecify.annotations.NullMarked;
