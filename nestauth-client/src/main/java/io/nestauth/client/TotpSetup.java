package io.nestauth.client;

import io.nestauth.generated.model.TotpSetupResponseDto;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * A new authenticator (TOTP) setup: the secret to enter or scan, and the labels the app will show.
 * Confirm it with a code from the app. Immutable; the secret, the {@code otpauth://} URL and the QR
 * code are secrets and {@link #toString()} does not show them.
 */
public final class TotpSetup {
  private final String secret;
  private final String qrCode;
  private final String otpAuthUrl;
  private final String issuer;
  private final String account;

  private TotpSetup(TotpSetupResponseDto dto) {
    this.secret = Values.required(dto.getSecret(), "TotpSetup", "secret");
    this.qrCode = Values.required(dto.getQrCode(), "TotpSetup", "qrCode");
    this.otpAuthUrl = Values.required(dto.getOtpAuthUrl(), "TotpSetup", "otpAuthUrl");
    this.issuer = Values.required(dto.getIssuer(), "TotpSetup", "issuer");
    this.account = Values.required(dto.getAccount(), "TotpSetup", "account");
  }

  /**
   * Reads a TOTP setup from the server's answer.
   *
   * @throws IllegalArgumentException when {@code answer} is null or lacks one of its fields
   */
  static TotpSetup from(@Nullable TotpSetupResponseDto answer) {
    return new TotpSetup(Values.body(answer, "TotpSetup"));
  }

  /** @return the Base32 secret, also needed to confirm the setup; a secret, do not log or store it */
  public String secret() {
    return secret;
  }

  /** @return the QR code as a {@code data:image/png;base64,...} URL; it encodes the secret */
  public String qrCode() {
    return qrCode;
  }

  /** @return the {@code otpauth://totp/...} URL for authenticator apps; it holds the secret */
  public String otpAuthUrl() {
    return otpAuthUrl;
  }

  /** @return the issuer name the authenticator app shows */
  public String issuer() {
    return issuer;
  }

  /** @return the account label the authenticator app shows (usually the email address or phone number) */
  public String account() {
    return account;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TotpSetup)) {
      return false;
    }
    TotpSetup other = (TotpSetup) o;
    return secret.equals(other.secret) && qrCode.equals(other.qrCode) && otpAuthUrl.equals(other.otpAuthUrl)
        && issuer.equals(other.issuer) && account.equals(other.account);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secret, qrCode, otpAuthUrl, issuer, account);
  }

  @Override
  public String toString() {
    return "TotpSetup{issuer=" + issuer + ", account=" + account + ", secret=***, otpAuthUrl=***, qrCode=***}";
  }
}
