package io.nestauth.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import kotlin.KotlinVersion;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * This module runs on its Boot line and on the Jackson and Kotlin versions that line manages, not
 * on the SDK's own (which the other modules build with): the versions the SDK must work with.
 */
class BootLineTest {
  @Test
  void theClasspathIsTheBootLines() {
    assertThat(SpringBootVersion.getVersion()).startsWith(System.getProperty("nestauth.it.bootLine") + ".");
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
        .startsWith(System.getProperty("nestauth.it.jacksonLine") + ".");
    assertThat(KotlinVersion.CURRENT.toString()).startsWith(System.getProperty("nestauth.it.kotlinLine") + ".");
  }
}
