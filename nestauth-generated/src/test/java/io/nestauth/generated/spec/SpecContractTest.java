package io.nestauth.generated.spec;

import io.nestauth.generated.api.AuthenticationApi;
import io.nestauth.generated.api.MfaApi;
import io.nestauth.generated.api.PasswordApi;
import io.nestauth.generated.api.SessionApi;
import io.nestauth.generated.invoker.ApiClient;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Guards spec/: the operation set, and what every operation must declare. */
class SpecContractTest {
  static final Path SPEC = Path.of("../spec/nest-auth.openapi.yaml");

  /** The 35 end-user operations of @ackplus/nest-auth 2.11.1: nothing may silently appear or vanish. */
  static final Set<String> END_USER_OPERATIONS = Set.of(
      "GET /auth/csrf", "POST /auth/signup", "POST /auth/invite", "POST /auth/login",
      "POST /auth/passwordless/send", "POST /auth/refresh-token", "POST /auth/mfa/challenge",
      "POST /auth/mfa/verify", "POST /auth/mfa/verify-recovery-code", "POST /auth/logout",
      "POST /auth/logout-all", "POST /auth/switch-tenant", "GET /auth/me", "POST /auth/change-password",
      "POST /auth/forgot-password", "POST /auth/verify-forgot-password-otp", "POST /auth/reset-password",
      "GET /auth/client-config", "GET /auth/accounts", "GET /auth/tenants/lookup", "GET /auth/user",
      "GET /auth/verify-session", "POST /auth/send-email-verification", "POST /auth/verify-email",
      "POST /auth/send-phone-verification", "POST /auth/verify-phone", "GET /auth/callback/{provider}",
      "GET /auth/mfa/status", "POST /auth/mfa/toggle", "GET /auth/mfa/devices",
      "DELETE /auth/mfa/devices/{deviceId}", "POST /auth/mfa/setup-totp", "POST /auth/mfa/verify-totp-setup",
      "POST /auth/mfa/generate-recovery-code", "POST /auth/mfa/reset-totp");

  /** Operations that need no token (spec/SERVER-BEHAVIOUR.md §4). */
  static final Set<String> PUBLIC_OPERATIONS = Set.of(
      "GET /auth/csrf", "GET /auth/client-config", "GET /auth/accounts", "GET /auth/tenants/lookup",
      "POST /auth/signup", "POST /auth/login", "POST /auth/passwordless/send", "POST /auth/refresh-token",
      "POST /auth/forgot-password", "POST /auth/verify-forgot-password-otp", "POST /auth/reset-password",
      "GET /auth/callback/{provider}");

  static OpenAPI api;

  @BeforeAll
  static void parse() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readLocation(SPEC.toString(), null, options);
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    api = result.getOpenAPI();
  }

  static Map<String, Operation> operations() {
    Map<String, Operation> all = new TreeMap<>();
    api.getPaths().forEach((path, item) -> item.readOperationsMap()
        .forEach((method, operation) -> all.put(method.name() + " " + path, operation)));
    return all;
  }

  @Test
  void specIsOpenApi30() {
    assertThat(api.getOpenapi()).startsWith("3.0.");
  }

  @Test
  void coversExactlyTheEndUserOperations() {
    assertThat(new TreeSet<>(operations().keySet())).isEqualTo(new TreeSet<>(END_USER_OPERATIONS));
  }

  @Test
  void everyOperationHasACleanIdATagAndTypedSuccess() {
    operations().forEach((key, operation) -> {
      assertThat(operation.getOperationId()).as(key).matches("[a-z][A-Za-z]+").doesNotContain("Controller");
      assertThat(operation.getTags()).as(key).hasSize(1);
      ApiResponse success = operation.getResponses().entrySet().stream()
          .filter(e -> e.getKey().startsWith("2")).map(Map.Entry::getValue).findFirst().orElseThrow();
      assertThat(success.getContent()).as(key + " success content").isNotEmpty();
      success.getContent().forEach((type, media) -> assertThat(media.getSchema()).as(key + " " + type).isNotNull());
    });
  }

  @Test
  void securityIsDeclaredOnlyWhereATokenIsNeeded() {
    operations().forEach((key, operation) -> {
      assertThat(operation.getSecurity()).as(key + " declares security explicitly").isNotNull();
      boolean bearer = operation.getSecurity().stream().anyMatch(req -> req.containsKey("bearerAuth"));
      assertThat(bearer).as(key + " bearer").isEqualTo(!PUBLIC_OPERATIONS.contains(key));
      if (bearer) {
        assertThat(operation.getExtensions()).as(key + " x-mfa-pending-allowed").containsKey("x-mfa-pending-allowed");
        boolean tokenOptional = operation.getSecurity().stream().anyMatch(Map::isEmpty);
        if (!tokenOptional) {
          assertThat(operation.getResponses()).as(key + " 401").containsKey("401");
        }
      }
    });
    assertThat(api.getSecurity()).as("no global security").isNullOrEmpty();
  }

  @Test
  void errorsShareOneSchemaWithOptionalCodeAndStringOrArrayMessage() {
    Schema<?> error = api.getComponents().getSchemas().get("ErrorResponse");
    assertThat(error.getRequired()).containsExactly("message");
    assertThat(error.getProperties()).containsKeys("statusCode", "error", "code", "message");
    assertThat(((Schema<?>) error.getProperties().get("message")).getOneOf()).hasSize(2);
  }

  @Test
  @SuppressWarnings("rawtypes")
  void requestConstraintsTheServerValidatesAreWritten() {
    Map<String, Schema> schemas = api.getComponents().getSchemas();
    assertThat(((Schema<?>) schemas.get("SignupRequest").getProperties().get("password")).getMinLength()).isEqualTo(8);
    assertThat(schemas.get("SignupRequest").getAdditionalProperties()).isEqualTo(Boolean.TRUE);
    assertThat(schemas.get("LoginRequest").getRequired()).contains("providerName", "credentials");
    assertThat(((Schema<?>) schemas.get("LoginRequest").getProperties().get("tenantId")).getFormat()).isEqualTo("uuid");
    assertThat(schemas.get("ResetTotpRequest").getRequired()).containsExactly("code");
  }

  @Test
  void everyPathStartsWithTheDefaultRoutePrefix() {
    // ApiClient.withRoutePrefix replaces this first segment: a path outside it would ignore the setting
    assertThat(api.getPaths().keySet())
        .allSatisfy(path -> assertThat(path).startsWith("/" + ApiClient.DEFAULT_ROUTE_PREFIX + "/"));
  }

  @Test
  void generatedOperationsCarryTheContractsSecurity() {
    assertThat(AuthenticationApi.LOGIN.secured()).isFalse();
    assertThat(AuthenticationApi.REFRESH_TOKEN.secured()).isFalse();
    assertThat(PasswordApi.RESET_PASSWORD.secured()).isFalse();
    assertThat(SessionApi.GET_SESSION_USER.secured()).isTrue();
    assertThat(SessionApi.GET_SESSION_USER.mfaPendingAllowed()).isTrue();
    assertThat(SessionApi.GET_USER.mfaPendingAllowed()).isFalse();
    assertThat(MfaApi.REMOVE_MFA_DEVICE.pathTemplate()).isEqualTo("/auth/mfa/devices/{deviceId}");
    ApiClient.Operation op = MfaApi.VERIFY_MFA;
    assertThat(op.toString()).isEqualTo("POST /auth/mfa/verify");
  }

  @Test
  void anInvalidDocumentIsReportedByTheParser() throws Exception {
    Path broken = Files.createTempFile("broken-spec", ".yaml");
    Files.writeString(broken, Files.readString(SPEC).replaceFirst("openapi: 3\\.0\\.3", "openapi: 3.0.3\nnotAField: [")
        .replace("$ref: '#/components/schemas/AuthTokensResponse'", "$ref: '#/components/schemas/NoSuchSchema'"));
    SwaggerParseResult result = new OpenAPIV3Parser().readLocation(broken.toString(), null, new ParseOptions());
    assertThat(result.getMessages()).isNotEmpty();
    Files.delete(broken);
  }
}
