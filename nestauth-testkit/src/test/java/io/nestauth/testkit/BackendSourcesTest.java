package io.nestauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend's sources travel on the classpath and unpack into a directory npm can install; a
 * missing or old Node.js is reported with what to install.
 */
class BackendSourcesTest {

    @Test
    void theClasspathCarriesTheProjectWithoutBuildOutput() {
        Map<String, byte[]> files = BackendSources.bundledFiles();

        assertThat(files).containsKeys("package.json", "package-lock.json", "tsconfig.json", ".npmrc",
                "src/main.ts", "src/settings.ts", "src/reference-test-routes/reference-test-routes.controller.ts");
        // the drop-in module a team copies into its own app (reference-backend/README.md)
        assertThat(files).containsKeys("src/nest-auth-test-hooks/index.ts",
                "src/nest-auth-test-hooks/nest-auth-test-hooks.module.ts",
                "src/nest-auth-test-hooks/provider-states.ts");
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

    @Test
    void aMissingNodeSaysWhatToInstall(@TempDir Path dir) {
        assertThatThrownBy(() -> BackendSources.checkNode(dir.resolve("node").toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("nestauth-testkit runs a real Nest Auth server on Node.js: install Node.js 20 "
                        + "or newer (it comes with npm) and put `node` and `npm` on the PATH (running `node --version` "
                        + "failed: ");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void anOldNodeSaysWhichVersionWasFound(@TempDir Path dir) throws IOException {
        Path node = dir.resolve("node");
        Files.writeString(node, "#!/bin/sh\necho v18.20.4\n");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> BackendSources.checkNode(node.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("install Node.js 20 or newer (it comes with npm) and put `node` and `npm` on the "
                        + "PATH (found Node.js v18.20.4)");

        Files.writeString(node, "#!/bin/sh\necho v20.11.1\n");
        BackendSources.checkNode(node.toString());
    }
}
