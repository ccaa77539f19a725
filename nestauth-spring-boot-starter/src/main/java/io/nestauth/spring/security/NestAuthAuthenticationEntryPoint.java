package io.nestauth.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that needs authentication but carries no token: {@code 401} with
 * {@code WWW-Authenticate: Bearer} (RFC 6750 §3: no error code when no credentials were sent).
 */
final class NestAuthAuthenticationEntryPoint implements AuthenticationEntryPoint {
  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
  }
}
