package io.nestauth.spring.it;

import io.nestauth.spring.security.NestAuthAuthentication;
import io.nestauth.verifier.NestAuthPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A resource server as an application writes it with the starter: no security configuration but
 * {@code @EnableMethodSecurity}, the chain comes from the auto-configuration.
 */
@SpringBootApplication
@EnableMethodSecurity
public class TestApp {
  @RestController
  static class Api {
    /** Who the token speaks for, as the application sees it. */
    @GetMapping("/me")
    Map<String, Object> me(@AuthenticationPrincipal NestAuthPrincipal user, NestAuthAuthentication authentication) {
      Map<String, Object> me = new LinkedHashMap<>();
      me.put("userId", user.userId());
      me.put("name", authentication.getName());
      me.put("tenantId", authentication.tenantId().orElse(null));
      me.put("authorities", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
      return me;
    }

    @GetMapping("/editors")
    @PreAuthorize("hasRole('editor')")
    String editors() {
      return "editors only";
    }
  }
}
