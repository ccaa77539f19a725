package io.nestauth.client;

import io.nestauth.generated.model.MfaMethodDto;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A second-factor method: how the user proves the second factor. */
public enum MfaMethod {
  /** A one-time code sent by email. */
  EMAIL,
  /** A one-time code sent by SMS. */
  SMS,
  /** A time-based code from an authenticator app (TOTP). */
  TOTP;

  /** The wire value of this method. */
  MfaMethodDto toWire() {
    switch (this) {
      case EMAIL:
        return MfaMethodDto.EMAIL;
      case SMS:
        return MfaMethodDto.SMS;
      case TOTP:
        return MfaMethodDto.TOTP;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Reads a wire value.
   *
   * @return the method, or empty for null or a value this SDK does not know (a newer server's)
   */
  static Optional<MfaMethod> from(@Nullable MfaMethodDto dto) {
    if (dto == null) {
      return Optional.empty();
    }
    switch (dto) {
      case EMAIL:
        return Optional.of(EMAIL);
      case SMS:
        return Optional.of(SMS);
      case TOTP:
        return Optional.of(TOTP);
      default:
        return Optional.empty();
    }
  }

  /**
   * Reads a method sent as plain text (as in the client configuration), e.g. {@code totp}.
   *
   * @return the method, or empty for null or an unknown name
   */
  static Optional<MfaMethod> fromValue(@Nullable String value) {
    return value == null ? Optional.empty() : from(MfaMethodDto.fromValue(value));
  }

  /** Reads a list of wire values, dropping nulls and unknown values; unmodifiable, never null. */
  static List<MfaMethod> fromAll(@Nullable List<? extends @Nullable MfaMethodDto> dtos) {
    if (dtos == null || dtos.isEmpty()) {
      return List.of();
    }
    List<MfaMethod> methods = new ArrayList<>(dtos.size());
    for (MfaMethodDto dto : dtos) {
      from(dto).ifPresent(methods::add);
    }
    return Collections.unmodifiableList(methods);
  }

  /** Reads a list of methods sent as plain text, dropping nulls and unknown names; unmodifiable, never null. */
  static List<MfaMethod> fromValues(@Nullable List<? extends @Nullable String> values) {
    if (values == null || values.isEmpty()) {
      return List.of();
    }
    List<MfaMethod> methods = new ArrayList<>(values.size());
    for (String value : values) {
      fromValue(value).ifPresent(methods::add);
    }
    return Collections.unmodifiableList(methods);
  }
}
