package io.nestauth.client;

import io.nestauth.generated.model.VerifySessionResponseDto;
import org.jspecify.annotations.Nullable;

import java.time.OffsetDateTime;
import java.util.Objects;

/** The server's answer to "is this session still alive": validity, user and session expiry. Immutable. */
public final class SessionStatus {
  private final boolean valid;
  private final String userId;
  private final OffsetDateTime expiresAt;

  private SessionStatus(boolean valid, String userId, OffsetDateTime expiresAt) {
    this.valid = valid;
    this.userId = userId;
    this.expiresAt = expiresAt;
  }

  /**
   * Reads a session status from the server's answer.
   *
   * @throws IllegalArgumentException when {@code answer} is null or lacks its validity, user id or expiry
   */
  static SessionStatus from(@Nullable VerifySessionResponseDto answer) {
    VerifySessionResponseDto dto = Values.body(answer, "SessionStatus");
    return new SessionStatus(Values.required(dto.getValid(), "SessionStatus", "valid"),
        Values.requiredId(dto.getUserId(), "SessionStatus", "userId"),
        Values.required(dto.getExpiresAt(), "SessionStatus", "expiresAt"));
  }

  /** @return true when the server accepts the session (an invalid session is answered with HTTP 401 instead) */
  public boolean isValid() {
    return valid;
  }

  /** @return the id of the session's user (a UUID in text form) */
  public String userId() {
    return userId;
  }

  /** @return when the server-side session expires (not the access token: see its claims for that) */
  public OffsetDateTime expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SessionStatus)) {
      return false;
    }
    SessionStatus other = (SessionStatus) o;
    return valid == other.valid && userId.equals(other.userId) && expiresAt.equals(other.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(valid, userId, expiresAt);
  }

  @Override
  public String toString() {
    return "SessionStatus{valid=" + valid + ", userId=" + userId + ", expiresAt=" + expiresAt + "}";
  }
}
