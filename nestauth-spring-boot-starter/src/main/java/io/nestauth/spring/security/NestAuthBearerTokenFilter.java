package io.nestauth.spring.security;

import io.nestauth.verifier.NestAuthPrincipal;
import io.nestauth.verifier.NestAuthTokenVerifier;
import io.nestauth.verifier.TokenVerificationException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry {@code Authorization: Bearer <token>} with a
 * {@link NestAuthTokenVerifier}. Placed into a security filter chain by
 * {@link NestAuthResourceServerConfigurer}; thread-safe.
 *
 * <ul>
 *   <li>an accepted token: the request runs as a {@link NestAuthAuthentication};</li>
 *   <li>a refused token: {@code 401} with {@code WWW-Authenticate: Bearer error="invalid_token"}
 *       and a description of the reason, and the request goes no further (also on public
 *       paths: a client that sends a bad token learns it at once);</li>
 *   <li>the server could not be asked (remote check, {@code CHECK_FAILED}): {@code 503};</li>
 *   <li>no bearer token (none, or another scheme): the request goes on unauthenticated, and the
 *       chain's rules decide.</li>
 * </ul>
 *
 * <p>The token is never logged; refusals are logged at debug level with their reason only.
 */
public final class NestAuthBearerTokenFilter extends OncePerRequestFilter {
  private static final Log LOG = LogFactory.getLog(NestAuthBearerTokenFilter.class);
  private static final String BEARER = "bearer ";

  private final NestAuthTokenVerifier verifier;
  private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
  /** Keeps the authentication for the request's error and async dispatches; nothing is stored in a session. */
  private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

  /**
   * Creates the filter.
   *
   * @param verifier the verifier of the tokens
   */
  public NestAuthBearerTokenFilter(NestAuthTokenVerifier verifier) {
    if (verifier == null) {
      throw new IllegalArgumentException("verifier must not be null");
    }
    this.verifier = verifier;
  }

  /**
   * The bearer token of a request, as the Nest Auth server reads it: the scheme case-insensitive.
   *
   * @param request the request
   * @return the token, or null when the request has no bearer {@code Authorization} header
   */
  static @Nullable String bearerToken(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() < BEARER.length()
        || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return null;
    }
    return header.substring(BEARER.length()).strip();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = bearerToken(request);
    if (token == null) {
      chain.doFilter(request, response);
      return;
    }
    NestAuthPrincipal principal;
    try {
      principal = verifier.verify(token);
    } catch (TokenVerificationException e) {
      refuse(request, response, e);
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(new NestAuthAuthentication(principal));
    contexts.setContext(context);
    repository.saveContext(context, request, response);
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, TokenVerificationException e) {
    contexts.clearContext();
    if (LOG.isDebugEnabled()) {
      LOG.debug("Nest Auth token refused for " + request.getMethod() + " " + request.getRequestURI() + ": "
          + e.reason());
    }
    if (!e.isTokenRejected()) {
      // the server could not be asked: nothing is wrong with the token, the caller may retry
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      return;
    }
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
        "Bearer error=\"invalid_token\", error_description=\"" + description(e.reason()) + "\"");
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
  }

  /** A fixed phrase per reason: nothing taken from the token goes into the header. */
  static String description(TokenVerificationException.Reason reason) {
    switch (reason) {
      case EXPIRED:
        return "The access token expired";
      case NOT_YET_VALID:
        return "The access token is not valid yet";
      case WRONG_TYPE:
        return "Not an access token";
      case MFA_PENDING:
        return "The session has not passed its second factor";
      case REVOKED:
        return "The session has ended";
      default:
        return "The access token is invalid";
    }
  }
}
