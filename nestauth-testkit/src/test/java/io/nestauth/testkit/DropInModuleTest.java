package io.nestauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The drop-in NestAuthTestHooksModule travels alone: its directory imports nothing of the reference
 * backend, only what a Nest Auth app has. The TypeScript the READMEs show a backend team is what the
 * reference backend compiles: the same import of the module, the same call, the same exports.
 */
class DropInModuleTest {

    private static final Path BACKEND = Path.of("reference-backend");
    private static final Pattern TS_BLOCK = Pattern.compile("```ts\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern IMPORT_FROM = Pattern.compile("from '([^']+)'");
    /** What a NestJS app that runs the library has; the rest must be files of the module itself. */
    private static final Pattern ALLOWED = Pattern.compile(
            "\\./[a-z.-]+|@nestjs/(common|core|event-emitter)|@ackplus/nest-auth|typeorm|node:[a-z]+");

    @Test
    void theModuleImportsOnlyItsOwnFilesAndWhatANestAuthAppHas() throws IOException {
        Path module = BACKEND.resolve("src/nest-auth-test-hooks");
        List<Path> files;
        try (var listing = Files.list(module)) {
            files = listing.filter(file -> file.toString().endsWith(".ts")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            Matcher from = IMPORT_FROM.matcher(Files.readString(file));
            while (from.find()) {
                assertThat(from.group(1)).as(file + " imports").matches(ALLOWED);
            }
        }
    }

    @Test
    void theReadmesImportAndRegisterTheModuleAsTheReferenceBackendDoes() throws IOException {
        String appModule = Files.readString(BACKEND.resolve("src/app.module.ts"));
        String index = Files.readString(BACKEND.resolve("src/nest-auth-test-hooks/index.ts"));
        assertThat(index).contains("export { NestAuthTestHooksModule } from './nest-auth-test-hooks.module';");
        assertThat(appModule).contains("NestAuthTestHooksModule.register(");

        for (Path readme : List.of(Path.of("../README.md"), BACKEND.resolve("README.md"))) {
            Matcher block = TS_BLOCK.matcher(Files.readString(readme));
            assertThat(block.find()).as(readme + " shows the import").isTrue();
            String shown = block.group(1);
            String importLine = shown.lines().map(String::strip).filter(line -> line.startsWith("import "))
                    .findFirst().orElseThrow();
            assertThat(appModule).as(readme + ": " + importLine).contains(importLine);
            assertThat(shown).contains("NestAuthTestHooksModule.register()");
        }
    }
}
