package io.nestauth.client;

import io.nestauth.generated.model.InviteResponseDto;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/** The outcome of an invitation: the invited user's id and whether that user was created. Immutable. */
public final class Invitation {
  private final String message;
  private final String userId;
  private final boolean newUser;

  private Invitation(String message, String userId, boolean newUser) {
    this.message = message;
    this.userId = userId;
    this.newUser = newUser;
  }

  /**
   * Reads an invitation outcome from the server's answer.
   *
   * @throws IllegalArgumentException when {@code answer} is null or lacks its message, user id or
   *     new-user flag
   */
  static Invitation from(@Nullable InviteResponseDto answer) {
    InviteResponseDto dto = Values.body(answer, "Invitation");
    return new Invitation(Values.required(dto.getMessage(), "Invitation", "message"),
        Values.requiredId(dto.getUserId(), "Invitation", "userId"),
        Values.required(dto.getIsNewUser(), "Invitation", "isNewUser"));
  }

  /** @return the server's message, e.g. {@code Invitation sent} */
  public String message() {
    return message;
  }

  /** @return the id of the invited user (a UUID in text form) */
  public String userId() {
    return userId;
  }

  /** @return true when the server created the user; false when it linked an existing user */
  public boolean isNewUser() {
    return newUser;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Invitation)) {
      return false;
    }
    Invitation other = (Invitation) o;
    return message.equals(other.message) && userId.equals(other.userId) && newUser == other.newUser;
  }

  @Override
  public int hashCode() {
    return Objects.hash(message, userId, newUser);
  }

  @Override
  public String toString() {
    return "Invitation{userId=" + userId + ", newUser=" + newUser + ", message=" + message + "}";
  }
}
