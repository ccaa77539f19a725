package io.nestauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend's sources travel on the classpath and unpack into a directory npm can install. */
class BackendSourcesTest {

    @Test
    void theClasspathCarriesTheProjectWithoutBuildOutput() {
        Map<String, byte[]> files = BackendSources.bundledFiles();

        assertThat(files).containsKeys("package.json", "package-lock.json", "tsconfig.json", ".npmrc",
                "src/main.ts", "src/settings.ts", "src/test-hooks/test-hooks.controller.ts");
        assertThat(files.keySet()).noneMatch(name -> name.startsWith("node_modules/") || name.startsWith("dist/"));
    }

    @Test
    void unpacksEveryFileAndMarksTheCopyComplete(@TempDir Path dir) throws IOException {
        BackendSources.unpack(dir);

        for (Map.Entry<String, byte[]> file : BackendSources.bundledFiles().entrySet()) {
            assertThat(dir.resolve(file.getKey())).hasBinaryContent(file.getValue());
        }
        assertThat(dir.resolve(".nestauth-testkit-unpacked")).exists();
        try (var left = Files.list(dir)) {
            assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    @Test
    void theCacheDirectoryIsNamedAfterTheSources() {
        String digest = BackendSources.bundledDigest();

        assertThat(digest).matches("[0-9a-f]{16}").isEqualTo(BackendSources.bundledDigest());
    }
}
