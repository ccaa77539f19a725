package io.nestauth.client;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers of the SDK's own value types: reading required fields of a server answer, and making
 * unmodifiable copies. Messages name the type and the field, never a value from the body.
 */
final class Values {
  private Values() {
  }

  /**
   * Checks that the server sent an object at all.
   *
   * @throws IllegalArgumentException when {@code dto} is null
   */
  static <T> T body(@Nullable T dto, String type) {
    if (dto == null) {
      throw new IllegalArgumentException(type + ": no object to read");
    }
    return dto;
  }

  /**
   * A field the value type promises.
   *
   * @throws IllegalArgumentException naming the type and the field when it is missing
   */
  static <T> T required(@Nullable T value, String type, String field) {
    if (value == null) {
      throw new IllegalArgumentException(type + ": the server's answer has no " + field);
    }
    return value;
  }

  /** An id in text form, whatever its wire type (a UUID or a string). */
  static String requiredId(@Nullable Object value, String type, String field) {
    return required(value, type, field).toString();
  }

  /** An optional id in text form. */
  static @Nullable String optionalId(@Nullable Object value) {
    return value == null ? null : value.toString();
  }

  /** A list that drops null elements (List.copyOf throws on them, and a malformed answer can hold them). */
  static <T> List<T> list(@Nullable List<? extends @Nullable T> values) {
    if (values == null || values.isEmpty()) {
      return List.of();
    }
    List<T> copy = new ArrayList<>(values.size());
    for (T value : values) {
      if (value != null) {
        copy.add(value);
      }
    }
    return Collections.unmodifiableList(copy);
  }

  /** An unmodifiable deep copy of a JSON-like map (nested maps and lists copied too); null values kept. */
  static Map<String, @Nullable Object> map(@Nullable Map<String, ? extends @Nullable Object> values) {
    if (values == null || values.isEmpty()) {
      return Map.of();
    }
    Map<String, @Nullable Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends @Nullable Object> entry : values.entrySet()) {
      copy.put(entry.getKey(), deepCopy(entry.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * An unmodifiable copy of a JSON-like value: maps and collections are copied (deeply), anything
   * else (strings, numbers, booleans, other objects) is kept as it is.
   */
  static @Nullable Object deepCopy(@Nullable Object value) {
    if (value instanceof Map) {
      Map<String, @Nullable Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        copy.put(String.valueOf(entry.getKey()), deepCopy(entry.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Collection) {
      List<@Nullable Object> copy = new ArrayList<>();
      for (Object element : (Collection<?>) value) {
        copy.add(deepCopy(element));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Object[]) {
      return deepCopy(java.util.Arrays.asList((Object[]) value));
    }
    return value;
  }

  /** A secret for toString(): {@code ***} when present, {@code null} when not. */
  static String mask(@Nullable Object secret) {
    return secret == null ? "null" : "***";
  }
}
