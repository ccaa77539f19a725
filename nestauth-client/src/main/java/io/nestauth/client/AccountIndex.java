package io.nestauth.client;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which accounts an {@link AccountStore} holds and which one is active: the user ids in the order
 * the accounts were first signed in, and the active one's. It names no token (each account's session
 * is kept in its own {@link TokenStore}). Immutable.
 *
 * <p>A user id is 1 to {@value #MAX_USER_ID_LENGTH} printable ASCII characters without spaces (the
 * server's ids are UUIDs); an index holds at most {@value #MAX_ACCOUNTS} accounts, no id twice, and
 * an active account exactly when it holds any.
 */
public final class AccountIndex {
  /** The most accounts an index holds. */
  public static final int MAX_ACCOUNTS = 100;
  /** The longest user id accepted. */
  public static final int MAX_USER_ID_LENGTH = 255;

  private static final AccountIndex EMPTY = new AccountIndex(List.of(), null);

  private final List<String> userIds;
  private final @Nullable String activeUserId;

  private AccountIndex(List<String> userIds, @Nullable String activeUserId) {
    this.userIds = userIds;
    this.activeUserId = activeUserId;
  }

  /** @return the index of no account */
  public static AccountIndex empty() {
    return EMPTY;
  }

  /**
   * An index as a store reads it back.
   *
   * @param userIds the accounts' user ids, in the order they were first signed in
   * @param activeUserId the active account's user id; null exactly when {@code userIds} is empty
   * @return the index
   * @throws IllegalArgumentException when an id is not a user id, an id repeats, there are more than
   *     {@value #MAX_ACCOUNTS}, or the active id is missing or not listed
   */
  public static AccountIndex of(List<String> userIds, @Nullable String activeUserId) {
    if (userIds == null) {
      throw new IllegalArgumentException("userIds must not be null");
    }
    if (userIds.size() > MAX_ACCOUNTS) {
      throw new IllegalArgumentException("an account index holds at most " + MAX_ACCOUNTS + " accounts");
    }
    List<String> copy = new ArrayList<>(userIds.size());
    Set<String> seen = new HashSet<>();
    for (String id : userIds) {
      if (!seen.add(requireUserId(id, "userIds"))) {
        throw new IllegalArgumentException("userIds must not repeat an id");
      }
      copy.add(id);
    }
    if (copy.isEmpty() != (activeUserId == null)) {
      throw new IllegalArgumentException("activeUserId must be given exactly when there are accounts");
    }
    if (activeUserId != null && !seen.contains(activeUserId)) {
      throw new IllegalArgumentException("activeUserId must be one of userIds");
    }
    return copy.isEmpty() ? EMPTY : new AccountIndex(Collections.unmodifiableList(copy), activeUserId);
  }

  /**
   * Whether {@code value} can be a user id here.
   *
   * @param value the candidate, may be null
   * @return true for 1 to {@value #MAX_USER_ID_LENGTH} printable ASCII characters without spaces
   */
  public static boolean isUserId(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_USER_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** The check every entry point of the accounts runs before anything else; the message names no value. */
  static String requireUserId(@Nullable String value, String name) {
    if (!isUserId(value)) {
      throw new IllegalArgumentException(name + " must be a user id: 1 to " + MAX_USER_ID_LENGTH
          + " printable ASCII characters without spaces");
    }
    return value;
  }

  /** @return the user ids, in the order the accounts were first signed in; unmodifiable */
  public List<String> userIds() {
    return userIds;
  }

  /** @return the active account's user id; empty exactly when there are no accounts */
  public Optional<String> activeUserId() {
    return Optional.ofNullable(activeUserId);
  }

  /**
   * @param userId a user id
   * @return true when the index lists it
   */
  public boolean contains(@Nullable String userId) {
    return userId != null && userIds.contains(userId);
  }

  /** The index after a sign-in of {@code userId}: listed (at the end when new, in place otherwise) and active. */
  AccountIndex withSignedIn(String userId) {
    List<String> ids = new ArrayList<>(userIds);
    if (!ids.contains(userId)) {
      ids.add(userId);
    }
    return of(ids, userId);
  }

  /** The index with {@code userId}, which it lists, active. */
  AccountIndex withActive(String userId) {
    return of(userIds, userId);
  }

  /**
   * The index without {@code userId}. When that was the active account, the first remaining one
   * (the earliest signed in) becomes active, or none.
   */
  AccountIndex without(String userId) {
    if (!contains(userId)) {
      return this;
    }
    List<String> ids = new ArrayList<>(userIds);
    ids.remove(userId);
    String active = userId.equals(activeUserId) ? (ids.isEmpty() ? null : ids.get(0)) : activeUserId;
    return of(ids, active);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof AccountIndex)) {
      return false;
    }
    AccountIndex other = (AccountIndex) o;
    return userIds.equals(other.userIds) && Objects.equals(activeUserId, other.activeUserId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userIds, activeUserId);
  }

  @Override
  public String toString() {
    return "AccountIndex{userIds=" + userIds + ", active=" + activeUserId + "}";
  }
}
