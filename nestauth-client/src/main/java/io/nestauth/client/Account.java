package io.nestauth.client;

import io.nestauth.generated.model.AccountSummaryDto;
import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.Optional;

/**
 * One of several accounts signed in on this client: as {@link Accounts#list()} shows them, and as
 * the server lists them in cookie multi-account mode ({@link NestAuthClient#listAccounts()}). Its id
 * is the user id. Immutable; {@link #toString()} shows no token.
 */
public final class Account {
  private final String id;
  private final @Nullable String email;
  private final @Nullable String phone;
  private final @Nullable String tenantId;
  private final boolean active;

  private Account(String id, @Nullable String email, @Nullable String phone, @Nullable String tenantId, boolean active) {
    this.id = id;
    this.email = email;
    this.phone = phone;
    this.tenantId = tenantId;
    this.active = active;
  }

  /**
   * Reads an account from the server's answer; a missing {@code isActive} reads as not active.
   *
   * @throws IllegalArgumentException when {@code answer} is null or lacks its account id
   */
  static Account from(@Nullable AccountSummaryDto answer) {
    AccountSummaryDto dto = Values.body(answer, "Account");
    return new Account(Values.requiredId(dto.getAccountId(), "Account", "accountId"), dto.getEmail(), dto.getPhone(),
        Values.optionalId(dto.getTenantId()), Boolean.TRUE.equals(dto.getIsActive()));
  }

  /** An account of {@link Accounts}, read from its session's claims. */
  static Account of(String userId, @Nullable String email, @Nullable String phone, @Nullable String tenantId,
      boolean active) {
    return new Account(userId, email, phone, tenantId, active);
  }

  /** @return the account's id: the user id */
  public String id() {
    return id;
  }

  /** @return the account's email address, when it has one */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** @return the account's phone number, when it has one */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /** @return the id of the tenant the account is signed in to, when there is one */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  /** @return true when this is the currently active account */
  public boolean isActive() {
    return active;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Account)) {
      return false;
    }
    Account other = (Account) o;
    return id.equals(other.id) && Objects.equals(email, other.email) && Objects.equals(phone, other.phone)
        && Objects.equals(tenantId, other.tenantId) && active == other.active;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, email, phone, tenantId, active);
  }

  @Override
  public String toString() {
    return "Account{id=" + id + ", email=" + email + ", phone=" + phone + ", tenantId=" + tenantId + ", active="
        + active + "}";
  }
}
