package io.nestauth.contract.spec;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.core.model.DefaultPactReader;
import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.core.model.RequestResponseInteraction;
import au.com.dius.pact.core.model.V4Pact;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.pact.PactRequest;
import com.atlassian.oai.validator.pact.PactResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.nestauth.contract.support.BackendWarmUp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pact and the OpenAPI document in spec/ describe the same API: every request and response of
 * every interaction the consumer tests recorded must be valid against
 * {@code spec/nest-auth.openapi.yaml}, and together the interactions must exercise every operation of
 * the spec.
 *
 * <p>Runs in the integration-test phase, after the consumer tests wrote {@code target/pacts}, and
 * first among the ITs: meanwhile the reference backend is prepared in the background
 * ({@link BackendWarmUp}). The
 * spec's paths live under its server {@code /api}; the pact's paths have no prefix (they are relative
 * to the client's base URL), so the validator's base path is overridden to {@code /}.
 *
 * <p>How V4 pacts are validated: swagger-request-validator-pact 2.44.1 is compiled against pact-jvm
 * 4.6.2, and its file-level entry point ({@code PactProviderValidator}, formerly
 * {@code SwaggerPactValidator}) fails at run time against pact-jvm 4.7.5 with
 * {@code NoSuchMethodError: ConsumerInfo.getPactFileAuthentication()}. Its pact-jvm model adapters
 * still work: the pact file is read with pact-jvm's own {@code DefaultPactReader}, the V4 pact is
 * converted to its HTTP interactions ({@code V4Pact.asRequestResponsePact()}), and each request and
 * response is handed to the validator through {@link PactRequest#of} and {@link PactResponse#of}.
 */
@Order(1)
@ExtendWith(BackendWarmUp.class)
class SpecConformanceIT {

    private static Path spec;
    private static List<File> pactFiles;
    private static OpenApiInteractionValidator validator;

    @BeforeAll
    static void locate() throws IOException {
        spec = Path.of(System.getProperty("nestauth.spec", "../spec/nest-auth.openapi.yaml")).toAbsolutePath().normalize();
        assertThat(spec).as("the OpenAPI document").isRegularFile();
        Path pacts = Path.of(System.getProperty("pact.rootDir", "target/pacts"));
        try (Stream<Path> files = Files.list(pacts)) {
            pactFiles = files.filter(p -> p.toString().endsWith(".json")).map(Path::toFile).sorted().toList();
        }
        assertThat(pactFiles).as("pact files in " + pacts + " (written by the consumer tests)").isNotEmpty();
    }

    private static synchronized OpenApiInteractionValidator validator() {
        if (validator == null) {
            validator = OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString())
                    // the pacts' paths are relative to the base URL, which already contains the prefix
                    .withBasePathOverride("/")
                    .build();
        }
        return validator;
    }

    /** The request/response interactions of a pact file (a V4 pact converted to its HTTP interactions). */
    private static List<RequestResponseInteraction> interactions(File pactFile) {
        Pact pact = DefaultPactReader.INSTANCE.loadPact(pactFile);
        Pact requestResponse = pact instanceof V4Pact ? ((V4Pact) pact).asRequestResponsePact().get() : pact;
        return requestResponse.getInteractions().stream().map(i -> (RequestResponseInteraction) i).toList();
    }

    @Test
    void everyInteractionIsDescribedBySpec() {
        OpenApiInteractionValidator validator = validator();
        List<String> failures = new ArrayList<>();
        int validated = 0;
        for (File pactFile : pactFiles) {
            for (RequestResponseInteraction interaction : interactions(pactFile)) {
                ValidationReport report = validator.validate(
                        PactRequest.of(interaction.getRequest()), PactResponse.of(interaction.getResponse()));
                validated++;
                if (report.hasErrors()) {
                    failures.add(pactFile.getName() + ": \"" + interaction.getDescription() + "\" ("
                            + interaction.getRequest().getMethod() + " " + interaction.getRequest().getPath() + " -> "
                            + interaction.getResponse().getStatus() + ")\n"
                            + SimpleValidationReportFormat.getInstance().apply(report));
                }
            }
        }

        assertThat(validated).as("validated interactions").isPositive();
        assertThat(failures).as("interactions that %s does not describe", spec.getFileName()).isEmpty();
    }

    /** Guards the set-up above: with it, the validator does reject what the spec does not describe. */
    @Test
    void validatorRejectsWhatTheSpecDoesNotDescribe() {
        OpenApiInteractionValidator validator = validator();
        SimpleResponse csrf = SimpleResponse.Builder.ok().withContentType("application/json")
                .withBody("{\"enabled\":false}").build();

        assertThat(validator.validate(SimpleRequest.Builder.get("/auth/csrf").build(), csrf).hasErrors())
                .as("a described interaction").isFalse();
        assertThat(validator.validate(SimpleRequest.Builder.get("/auth/no-such-route").build(), csrf).hasErrors())
                .as("an unknown path").isTrue();
        assertThat(validator.validate(SimpleRequest.Builder.get("/api/auth/csrf").build(), csrf).hasErrors())
                .as("a path with the prefix (pact paths are relative to the base URL)").isTrue();
        assertThat(validator.validate(SimpleRequest.Builder.get("/auth/csrf").build(),
                SimpleResponse.Builder.ok().withContentType("application/json").withBody("{\"enabled\":\"no\"}").build())
                .hasErrors()).as("a response body of the wrong type").isTrue();
        assertThat(validator.validate(SimpleRequest.Builder.get("/auth/csrf").build(),
                SimpleResponse.Builder.status(418).withContentType("application/json").withBody("{}").build())
                .hasErrors()).as("an undocumented status").isTrue();
        assertThat(validator.validate(SimpleRequest.Builder.get("/auth/me").build(),
                SimpleResponse.Builder.status(401).withContentType("application/json")
                        .withBody("{\"message\":\"No auth\"}").build())
                .hasErrors()).as("a bearer operation without Authorization").isTrue();
    }

    @Test
    void interactionsCoverEveryOperationOfTheSpec() {
        OpenAPI api = new OpenAPIV3Parser().read(spec.toString());
        Map<String, Pattern> operations = new TreeMap<>();
        api.getPaths().forEach((template, item) -> item.readOperationsMap().forEach((method, operation) ->
                operations.put(method + " " + template, templateRegex(method, template))));

        TreeSet<String> exercised = new TreeSet<>();
        for (File pactFile : pactFiles) {
            for (RequestResponseInteraction interaction : interactions(pactFile)) {
                String request = interaction.getRequest().getMethod().toUpperCase() + " " + interaction.getRequest().getPath();
                operations.forEach((operation, regex) -> {
                    if (regex.matcher(request).matches()) {
                        exercised.add(operation);
                    }
                });
            }
        }

        List<String> missing = operations.keySet().stream().filter(op -> !exercised.contains(op))
                .collect(Collectors.toList());
        assertThat(operations).as("operations of the spec").hasSize(35);
        assertThat(missing).as("spec operations no interaction exercises").isEmpty();
    }

    private static Pattern templateRegex(PathItem.HttpMethod method, String template) {
        String regex = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
        return Pattern.compile(Pattern.quote(method.name() + " ") + regex);
    }
}
