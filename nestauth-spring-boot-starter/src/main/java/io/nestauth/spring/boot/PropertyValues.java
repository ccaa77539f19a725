package io.nestauth.spring.boot;

/** Hands property values to the SDK's builders, whose checks name their own parameter, not the property. */
final class PropertyValues {
  private PropertyValues() {
  }

  /**
   * Runs a builder setting; a value it refuses fails with the property's name in front of the
   * builder's message, so that a failed start says which line of the configuration to fix. The
   * builders' messages never contain the value, and neither does this one.
   *
   * @param property the property's name, e.g. {@code nestauth.client.route-prefix}
   * @param setting the builder call with the property's value
   * @throws IllegalArgumentException when the setting refuses the value
   */
  static void apply(String property, Runnable setting) {
    try {
      setting.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }
}
