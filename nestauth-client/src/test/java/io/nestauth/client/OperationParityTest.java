package io.nestauth.client;

import io.nestauth.generated.api.AuthenticationApi;
import io.nestauth.generated.api.ConfigApi;
import io.nestauth.generated.api.MfaApi;
import io.nestauth.generated.api.PasswordApi;
import io.nestauth.generated.api.SessionApi;
import io.nestauth.generated.api.TenantsApi;
import io.nestauth.generated.api.VerificationApi;
import io.nestauth.generated.invoker.ApiClient;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the contract has both forms, and they agree. The operation list comes from
 * the spec (the generated {@code ApiClient.Operation} constants); every public method of
 * {@link NestAuthClient} that returns a {@link NestAuthCall} is called with valid arguments, run
 * once with {@code execute()} and once with {@code executeAsync()} from the same state against
 * the same answers, and the two requests and results must be equal. An operation of the spec
 * that no method reaches, or a client operation that returns anything but a call, fails the test.
 * It runs with the default route prefix and with another one: every request must go below the
 * configured prefix and ask for header token delivery.
 */
class OperationParityTest {
  private static final String PASSWORD = "Passw0rd!23";
  private static final String UUID_VALUE = "54ea08be-33e7-41e6-8e40-9e660fef43af";

  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private MockWebServer server;
  private InMemoryTokenStore store;
  private NestAuthClient client;
  private String access;
  private String refresh;
  /** The route prefix of the server this test plays, and of the client. */
  private volatile String routePrefix = "auth";

  @BeforeEach
  void start() throws Exception {
    access = TestJwts.access().userId(TestUser.USER_ID).build();
    refresh = TestJwts.refresh().build();
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        return answer(request);
      }
    });
    server.start();
    store = new InMemoryTokenStore();
    client = newClient();
  }

  private NestAuthClient newClient() {
    return NestAuthClient.builder().baseUrl(server.url("/api").toString()).routePrefix(routePrefix).tokenStore(store)
        .retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"auth", "v1/identity"})
  void everySpecOperationHasBothFormsAndTheyAgree(String prefix) throws Exception {
    routePrefix = prefix;
    Set<String> reached = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (Method method : NestAuthClient.class.getMethods()) {
      if (method.getDeclaringClass() != NestAuthClient.class || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      boolean isOperation = NestAuthCall.class.isAssignableFrom(method.getReturnType());
      if (!isOperation) {
        continue;
      }
      Object[] args = arguments(method);
      signIn();
      NestAuthCall<?> blockingCall = (NestAuthCall<?>) method.invoke(client, args);
      String blockingResult = outcome(() -> blockingCall.execute());
      List<String> blockingRequests = drain();
      signIn();
      NestAuthCall<?> asyncCall = (NestAuthCall<?>) method.invoke(client, args);
      String asyncResult = outcome(() -> asyncCall.executeAsync().get(10, TimeUnit.SECONDS));
      List<String> asyncRequests = drain();
      String name = method.getName() + Arrays.toString(method.getParameterTypes());
      if (!blockingRequests.equals(asyncRequests)) {
        problems.add(name + ": requests differ: " + blockingRequests + " vs " + asyncRequests);
      }
      if (!blockingResult.equals(asyncResult)) {
        problems.add(name + ": results differ: " + blockingResult + " vs " + asyncResult);
      }
      if (blockingRequests.isEmpty()) {
        problems.add(name + ": sent nothing");
      }
      for (String request : blockingRequests) {
        reached.add(operationOf(request));
        if (!request.contains(" /api/" + prefix + "/")) {
          problems.add(name + ": a request outside the route prefix " + prefix + ": " + request);
        }
        if (!request.contains(" tokenType=header ")) {
          problems.add(name + ": a request that does not ask for header token delivery: " + request);
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(reached).containsExactlyInAnyOrderElementsOf(specOperations());
  }

  @Test
  void noClientMethodThatTalksToTheServerHasOnlyOneForm() {
    // a method named like an operation of the spec that returns a plain value would be a blocking-only form
    Set<String> plain = Arrays.stream(NestAuthClient.class.getMethods())
        .filter(method -> method.getDeclaringClass() == NestAuthClient.class)
        .filter(method -> !NestAuthCall.class.isAssignableFrom(method.getReturnType()))
        .map(Method::getName)
        .filter(name -> specOperations().contains(name) || name.endsWith("Async"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(plain).isEmpty();
  }

  private interface Outcome {
    Object get() throws Exception;
  }

  /** The result, or the exception's type and message, as text: compared between the two forms. */
  private static String outcome(Outcome outcome) {
    try {
      return "ok: " + outcome.get();
    } catch (java.util.concurrent.ExecutionException e) {
      return "failed: " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
    } catch (Exception e) {
      return "failed: " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private void signIn() {
    store.save(new StoredTokens(access, refresh, false, null));
    client.close();
    client = newClient();
  }

  private List<String> drain() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    RecordedRequest request;
    while ((request = requests.poll(20, TimeUnit.MILLISECONDS)) != null) {
      seen.add(request.getMethod() + " " + request.getUrl().encodedPath() + "?" + request.getUrl().encodedQuery()
          + " auth=" + (request.getHeaders().get("Authorization") != null)
          + " tokenType=" + request.getHeaders().get("x-access-token-type") + " "
          + (request.getBody() == null ? "" : request.getBody().utf8()));
    }
    return seen;
  }

  /** Finds the spec operation a recorded request performed. */
  private String operationOf(String request) {
    String[] parts = request.split(" ");
    String path = contractPath(parts[1].substring(0, parts[1].indexOf('?')));
    for (ApiClient.Operation operation : operations()) {
      String pattern = operation.pathTemplate().replaceAll("\\{[^/]+}", "[^/]+");
      if (operation.method().equals(parts[0]) && path.matches(pattern)) {
        return operation.id();
      }
    }
    return "unknown " + parts[0] + " " + path;
  }

  private static Set<String> specOperations() {
    return operations().stream().map(ApiClient.Operation::id).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<ApiClient.Operation> operations() {
    List<ApiClient.Operation> all = new ArrayList<>();
    for (Class<?> api : List.of(AuthenticationApi.class, ConfigApi.class, MfaApi.class, PasswordApi.class,
        SessionApi.class, TenantsApi.class, VerificationApi.class)) {
      for (Field field : api.getFields()) {
        if (field.getType() == ApiClient.Operation.class) {
          try {
            all.add((ApiClient.Operation) field.get(null));
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    return all;
  }

  /** Valid arguments by parameter name and type. */
  private static Object[] arguments(Method method) {
    Parameter[] parameters = method.getParameters();
    Object[] args = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      args[i] = argument(parameters[i]);
    }
    return args;
  }

  private static Object argument(Parameter parameter) {
    Class<?> type = parameter.getType();
    String name = parameter.getName();
    if (type == boolean.class) {
      return true;
    }
    if (type == Map.class) {
      return Map.of("displayName", "Alice");
    }
    if (type == MfaMethod.class) {
      return MfaMethod.EMAIL;
    }
    if (type == PasswordlessChannel.class) {
      return PasswordlessChannel.EMAIL;
    }
    if (type == PasswordlessChannel[].class) {
      return new PasswordlessChannel[] {PasswordlessChannel.EMAIL};
    }
    if (type == SocialTokenType.class) {
      return SocialTokenType.ID_TOKEN;
    }
    if (type == SignupRequest.class) {
      return SignupRequest.builder().email("alice@example.com").password(PASSWORD).build();
    }
    if (type == LoginRequest.class) {
      return LoginRequest.builder().providerName("pin").credential("pin", "1234").build();
    }
    if (type == InviteRequest.class) {
      return InviteRequest.builder().email("bob@example.com").build();
    }
    if (type == String.class) {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("password")) {
        return name.equals("newPassword") ? "N3w-Passw0rd!" : PASSWORD;
      }
      if (lower.endsWith("id")) {
        return UUID_VALUE;
      }
      if (lower.contains("email")) {
        return "alice@example.com";
      }
      if (lower.contains("phone")) {
        return "+15555550100";
      }
      if (lower.equals("provider")) {
        return "google";
      }
      return name + "-value";
    }
    throw new AssertionError("no test argument for " + parameter + " of type " + type
        + ": teach OperationParityTest.argument(...) the new type");
  }

  /** The spec's path of a request's path: below /api, the route prefix read as the contract's {@code auth}. */
  private String contractPath(String requestPath) {
    String below = requestPath.substring("/api".length());
    String prefix = "/" + routePrefix + "/";
    return below.startsWith(prefix) ? "/auth/" + below.substring(prefix.length()) : below;
  }

  /** A well-formed answer for every operation of the spec. */
  private MockResponse answer(RecordedRequest request) {
    String path = contractPath(request.getUrl().encodedPath());
    String tokens = ServerAnswers.tokensBody(access, refresh, "ok");
    String body;
    switch (path) {
      case "/auth/signup":
      case "/auth/login":
      case "/auth/refresh-token":
      case "/auth/mfa/verify":
      case "/auth/mfa/verify-recovery-code":
      case "/auth/switch-tenant":
        body = tokens;
        break;
      case "/auth/me":
        body = ServerAnswers.sessionUserBody();
        break;
      case "/auth/user":
        body = "{\"id\":\"" + TestUser.USER_ID + "\",\"email\":\"alice@example.com\",\"isActive\":true,"
            + "\"mustChangePassword\":false,\"isMfaEnabled\":false,\"createdAt\":\"2026-11-21T22:15:38.000Z\","
            + "\"updatedAt\":\"2026-11-21T22:15:38.000Z\"}";
        break;
      case "/auth/verify-session":
        body = ServerAnswers.verifySessionBody();
        break;
      case "/auth/client-config":
        body = "{\"emailAuth\":{\"enabled\":true}}";
        break;
      case "/auth/csrf":
        body = "{\"enabled\":false}";
        break;
      case "/auth/accounts":
        body = "{\"accounts\":[]}";
        break;
      case "/auth/tenants/lookup":
        body = "{\"id\":\"" + UUID_VALUE + "\",\"slug\":\"acme\",\"name\":\"Acme\"}";
        break;
      case "/auth/invite":
        body = "{\"message\":\"invited\",\"userId\":\"" + UUID_VALUE + "\",\"isNewUser\":true}";
        break;
      case "/auth/verify-forgot-password-otp":
        body = "{\"message\":\"ok\",\"resetToken\":\"reset-token\"}";
        break;
      case "/auth/mfa/status":
        body = ServerAnswers.mfaStatusBody();
        break;
      case "/auth/mfa/devices":
        body = "[]";
        break;
      case "/auth/mfa/setup-totp":
        body = "{\"secret\":\"SECRET\",\"qrCode\":\"data:image/png;base64,AA\",\"otpAuthUrl\":\"otpauth://totp/x\","
            + "\"issuer\":\"Nest\",\"account\":\"alice@example.com\"}";
        break;
      case "/auth/mfa/generate-recovery-code":
        body = "{\"codes\":[\"AAAA-BBBB\"]}";
        break;
      default:
        if (path.startsWith("/auth/callback/")) {
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("<html></html>")
              .build();
        }
        body = "{\"message\":\"ok\"}";
    }
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }
}
