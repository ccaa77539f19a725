package io.nestauth.verifier;

import io.nestauth.verifier.TokenVerificationException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the claims of a token whose signature was verified: the checks on their kinds and the
 * principal. Never puts a claim's value into a message (the payload is part of the token).
 */
final class PrincipalReader {
  private PrincipalReader() {
  }

  /** The {@code type} claim, or null when absent or not a string. */
  static @Nullable String type(Map<String, @Nullable Object> claims) {
    Object type = claims.get("type");
    return type instanceof String ? (String) type : null;
  }

  /** A NumericDate claim (seconds since the epoch), or null when absent. */
  static @Nullable Instant numericDate(Map<String, @Nullable Object> claims, String name) {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number)) {
      throw malformed("the claim " + name + " is not a number");
    }
    double seconds = ((Number) value).doubleValue();
    if (Double.isNaN(seconds) || Double.isInfinite(seconds) || Math.abs(seconds) > 1.0e12) {
      throw malformed("the claim " + name + " is out of range");
    }
    return Instant.ofEpochSecond((long) Math.floor(seconds));
  }

  static NestAuthPrincipal principal(Map<String, @Nullable Object> claims, Instant issuedAt, Instant expiresAt) {
    String userId = optionalString(claims, "id");
    if (userId == null) {
      userId = optionalString(claims, "sub");
    }
    if (userId == null || userId.isBlank()) {
      throw malformed("the token names no user (claims id and sub)");
    }
    String sessionId = optionalString(claims, "sessionId");
    if (sessionId == null || sessionId.isBlank()) {
      throw malformed("the token names no session (claim sessionId)");
    }
    Object rawRoles = claims.get("roles");
    List<String> roles = new ArrayList<>();
    Set<String> permissions = new LinkedHashSet<>();
    if (rawRoles != null) {
      if (!(rawRoles instanceof List)) {
        throw malformed("the claim roles is not an array");
      }
      Set<String> names = new LinkedHashSet<>();
      for (Object role : (List<?>) rawRoles) {
        if (role instanceof String) {
          names.add((String) role);
        } else if (role instanceof Map) {
          Object name = ((Map<?, ?>) role).get("name");
          if (name instanceof String) {
            names.add((String) name);
          }
          addPermissions(((Map<?, ?>) role).get("permissions"), permissions);
        }
        // anything else (null, numbers) names no role
      }
      roles.addAll(names);
    }
    Object topLevelPermissions = claims.get("permissions");
    if (topLevelPermissions != null && !(topLevelPermissions instanceof List)) {
      throw malformed("the claim permissions is not an array");
    }
    addPermissions(topLevelPermissions, permissions);
    return new NestAuthPrincipal(userId, optionalString(claims, "email"), optionalString(claims, "phone"),
        optionalString(claims, "tenantId"), roles, new ArrayList<>(permissions), sessionId,
        flag(claims, "isMfaEnabled"), flag(claims, "isMfaVerified"), expiresAt, issuedAt, immutableCopy(claims));
  }

  static boolean flag(Map<String, @Nullable Object> claims, String name) {
    Object value = claims.get(name);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean)) {
      throw malformed("the claim " + name + " is not a boolean");
    }
    return (Boolean) value;
  }

  private static void addPermissions(@Nullable Object value, Set<String> into) {
    if (value instanceof List) {
      for (Object permission : (List<?>) value) {
        if (permission instanceof String && !((String) permission).isBlank()) {
          into.add((String) permission);
        }
      }
    }
  }

  private static @Nullable String optionalString(Map<String, @Nullable Object> claims, String name) {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String)) {
      throw malformed("the claim " + name + " is not a string");
    }
    return (String) value;
  }

  /** A deep, unmodifiable copy of parsed JSON (maps, lists, strings, numbers, booleans, null). */
  static Map<String, @Nullable Object> immutableCopy(Map<?, ?> map) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      copy.put(String.valueOf(e.getKey()), immutableValue(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static @Nullable Object immutableValue(@Nullable Object value) {
    if (value instanceof Map) {
      return immutableCopy((Map<?, ?>) value);
    }
    if (value instanceof List) {
      List<@Nullable Object> copy = new ArrayList<>();
      for (Object element : (List<?>) value) {
        copy.add(immutableValue(element));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  private static TokenVerificationException malformed(String message) {
    return new TokenVerificationException(Reason.MALFORMED, message);
  }
}
