package io.nestauth.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The size budget of what a user of nestauth-client gets at run time. (Which artifacts may be there
 * is checked earlier, at validate, by the enforcer allow-list in this module's pom.)
 */
class FootprintTest {
  @Test
  void theClientsRuntimeClasspathFitsTheBudget() throws Exception {
    List<Footprint.Entry> entries = Footprint.read(
        Path.of(System.getProperty("nestauth.bench.clientClasspath", "target/client-runtime-classpath.txt")));
    System.out.print(Footprint.table(entries));
    assertThat(entries).extracting(Footprint.Entry::name).anyMatch(name -> name.startsWith("nestauth-client"))
        .anyMatch(name -> name.startsWith("okhttp-jvm")).anyMatch(name -> name.startsWith("jackson-databind"))
        .noneMatch(name -> name.startsWith("nestauth-contract-tests"))
        // the benchmarks' own provided dependencies: the stores, their clients and servers, the testkit
        .noneMatch(name -> name.startsWith("nestauth-store-") || name.startsWith("nestauth-testkit")
            || name.startsWith("lettuce-core") || name.startsWith("netty-") || name.startsWith("embedded-")
            || name.startsWith("postgresql") || name.startsWith("h2-") || name.startsWith("HikariCP"));
    assertThat(Footprint.total(entries)).as("bytes on the runtime classpath of nestauth-client")
        .isLessThanOrEqualTo(Footprint.BUDGET_BYTES);
  }
}
