package io.nestauth.client;

import io.nestauth.generated.model.PasswordlessChannelDto;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** How a one-time passwordless login code travels to the user. */
public enum PasswordlessChannel {
  /** By email. */
  EMAIL,
  /** By SMS. */
  SMS;

  /** The wire value of this channel. */
  PasswordlessChannelDto toWire() {
    switch (this) {
      case EMAIL:
        return PasswordlessChannelDto.EMAIL;
      case SMS:
        return PasswordlessChannelDto.SMS;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Reads a wire value.
   *
   * @return the channel, or empty for null or a value this SDK does not know (a newer server's)
   */
  static Optional<PasswordlessChannel> from(@Nullable PasswordlessChannelDto dto) {
    if (dto == null) {
      return Optional.empty();
    }
    switch (dto) {
      case EMAIL:
        return Optional.of(EMAIL);
      case SMS:
        return Optional.of(SMS);
      default:
        return Optional.empty();
    }
  }

  /** Reads a list of wire values, dropping nulls and unknown values; unmodifiable, never null. */
  static List<PasswordlessChannel> fromAll(@Nullable List<? extends @Nullable PasswordlessChannelDto> dtos) {
    if (dtos == null || dtos.isEmpty()) {
      return List.of();
    }
    List<PasswordlessChannel> channels = new ArrayList<>(dtos.size());
    for (PasswordlessChannelDto dto : dtos) {
      from(dto).ifPresent(channels::add);
    }
    return Collections.unmodifiableList(channels);
  }
}
