package io.nestauth.client.reliability;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.MfaMethod;
import io.nestauth.client.NestAuthCall;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.NestAuthClientBuilder;
import io.nestauth.client.PasswordlessChannel;
import io.nestauth.client.SocialTokenType;
import io.nestauth.client.StoredTokens;
import io.nestauth.client.exception.NestAuthException;
import io.nestauth.testfixtures.MockResponses;
import io.nestauth.testfixtures.ServerAnswers;
import io.nestauth.testfixtures.TestJwts;
import io.nestauth.testfixtures.TestUser;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over the whole public API of {@link NestAuthClient} (every operation returns a
 * {@link NestAuthCall}) and {@link NestAuthClientBuilder}, enumerated by reflection: every String
 * parameter of every public method gets null, "", "   " and a 5,000-character string while the
 * other arguments are valid. Each must throw {@link IllegalArgumentException} from the method
 * itself (before there is a call to execute), naming the parameter and not echoing the value, with
 * ZERO requests reaching the server. A session is seeded so the argument checks, not the session
 * check, are what answers.
 *
 * <p>{@link #NULL_ALLOWED} lists the parameters documented as "or null"; they must accept null
 * (their blank and over-long values are still rejected), and the call they give must run with
 * both {@code execute()} and {@code executeAsync()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  static final String EMAIL = "alice@example.com";
  static final String TENANT = "54ea08be-33e7-41e6-8e40-9e660fef43af";
  static final String LONG = "x".repeat(5_000);
  static final Map<String, String> BAD = new LinkedHashMap<>();

  static {
    BAD.put("null", null);
    BAD.put("empty", "");
    BAD.put("blank", "   ");
    BAD.put("5000 chars", LONG);
  }

  /** Parameters documented as nullable ("…, or null"), with the reason from the Javadoc. */
  static final Map<String, String> NULL_ALLOWED = Map.ofEntries(
      Map.entry("setupTotp(String)#deviceName", "\"a name for the device, or null\""),
      Map.entry("signInWithAppleCredential(String,String,String,String)#givenName",
          "Apple sends the name on the first sign-in only"),
      Map.entry("signInWithAppleCredential(String,String,String,String)#familyName",
          "Apple sends the name on the first sign-in only"),
      Map.entry("signInWithAppleCredential(String,String,String,String)#nonce", "\"the raw nonce of the request, or null\""),
      Map.entry("signInWithAppleCredential(String,String,String,String,boolean)#givenName",
          "Apple sends the name on the first sign-in only"),
      Map.entry("signInWithAppleCredential(String,String,String,String,boolean)#familyName",
          "Apple sends the name on the first sign-in only"),
      Map.entry("signInWithAppleCredential(String,String,String,String,boolean)#nonce",
          "\"the raw nonce of the request, or null\""),
      Map.entry("getSocialCallbackPage(String,String,String)#code", "an OAuth error callback carries no code"),
      Map.entry("getSocialCallbackPage(String,String,String)#state", "state is optional in OAuth"),
      Map.entry("defaultTenantId(String)#tenantId", "no default tenant (the default)"));

  /**
   * Parameters whose messages use another name: the Google sign-in delegates to socialLogin and
   * reports the credential as "token" (ArgumentCheckTest pins that wording, so it is left as is;
   * see RELIABILITY.md).
   */
  static final Map<String, String> MESSAGE_NAME = Map.of(
      "signInWithGoogleIdToken(String)#idToken", "token");

  /** Per signature: the parameter names (the bytecode has none) and a valid argument for each. */
  static final Map<String, Object[][]> SPECS = new LinkedHashMap<>();

  static void spec(String signature, String[] names, Object... valid) {
    SPECS.put(signature, new Object[][] {names, valid});
  }

  static String[] names(String... names) {
    return names;
  }

  static {
    spec("signupWithEmail(String,String)", names("email", "password"), EMAIL, TestUser.PASSWORD);
    spec("signupWithEmail(String,String,Map)", names("email", "password", "extra"), EMAIL, TestUser.PASSWORD,
        Map.of("displayName", "Alice"));
    spec("signupWithPhone(String,String)", names("phone", "password"), "+15550100", TestUser.PASSWORD);
    spec("signupWithPhone(String,String,Map)", names("phone", "password", "extra"), "+15550100", TestUser.PASSWORD,
        Map.of("displayName", "Alice"));
    spec("loginWithEmail(String,String)", names("email", "password"), EMAIL, TestUser.PASSWORD);
    spec("loginWithEmail(String,String,String)", names("email", "password", "tenantId"), EMAIL,
        TestUser.PASSWORD, TENANT);
    spec("loginWithPhone(String,String)", names("phone", "password"), "+15550100", TestUser.PASSWORD);
    spec("loginWithPhone(String,String,String)", names("phone", "password", "tenantId"), "+15550100",
        TestUser.PASSWORD, TENANT);
    spec("sendPasswordlessCode(PasswordlessChannel,String)", names("channel", "identifier"), PasswordlessChannel.EMAIL,
        EMAIL);
    spec("loginWithPasswordlessCode(String,String,PasswordlessChannel[])", names("identifier", "code", "channels"), EMAIL,
        "123456", new PasswordlessChannel[] {PasswordlessChannel.EMAIL});
    spec("socialLogin(String,String,SocialTokenType)", names("provider", "token", "tokenType"), "google", "id-token",
        SocialTokenType.ID_TOKEN);
    spec("socialLogin(String,String,SocialTokenType,boolean)", names("provider", "token", "tokenType",
        "createUserIfNotExists"), "google", "id-token", SocialTokenType.ID_TOKEN, false);
    spec("signInWithGoogleIdToken(String)", names("idToken"), "id-token");
    spec("signInWithAppleCredential(String,String,String,String)", names("identityToken", "givenName", "familyName",
        "nonce"), "apple-identity-token", "Alice", "Liddell", "nonce-1");
    spec("signInWithAppleCredential(String,String,String,String,boolean)", names("identityToken", "givenName",
        "familyName", "nonce", "createUserIfNotExists"), "apple-identity-token", "Alice", "Liddell", "nonce-1", false);
    spec("lookupTenant(String)", names("slug"), "acme");
    spec("getSocialCallbackPage(String,String,String)", names("provider", "code", "state"), "google", "code-1", "state-1");
    spec("forgotPassword(String)", names("emailOrPhone"), EMAIL);
    spec("verifyForgotPasswordOtp(String,String)", names("emailOrPhone", "code"), EMAIL, "123456");
    spec("resetPassword(String,String)", names("resetToken", "newPassword"), "reset-token", "N3w-Passw0rd!");
    spec("changePassword(String,String)", names("currentPassword", "newPassword"), TestUser.PASSWORD,
        "N3w-Passw0rd!");
    spec("verifyEmail(String)", names("code"), "123456");
    spec("verifyPhone(String)", names("code"), "123456");
    spec("verifyMfa(String,MfaMethod,boolean)", names("otp", "method", "trustDevice"), "123456", MfaMethod.EMAIL, false);
    spec("verifyRecoveryCode(String,boolean)", names("recoveryCode", "trustDevice"), "recovery-code", false);
    spec("setupTotp(String)", names("deviceName"), "phone");
    spec("verifyTotpSetup(String,String)", names("secret", "otp"), "JBSWY3DPEHPK3PXP", "123456");
    spec("removeTotpDevice(String)", names("deviceId"), "ab1d5f2f-8fb9-42d4-a901-70f70d0c7031");
    spec("resetTotp(String)", names("recoveryCode"), "recovery-code");
    spec("switchTenant(String)", names("tenantId"), TENANT);
    spec("baseUrl(String)", names("baseUrl"), "https://api.example.com/api");
    spec("routePrefix(String)", names("routePrefix"), "identity");
    spec("defaultTenantId(String)", names("tenantId"), TENANT);
    spec("userAgentSuffix(String)", names("suffix"), "my-app/1.4");
    spec("authorizedOrigin(String)", names("origin"), "https://app.example.com");
  }

  private MockWebServer server;
  private NestAuthClient client;

  @BeforeAll
  void start() throws IOException {
    server = new MockWebServer();
    // only the accepted nulls reach the server; any answer will do for them
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return MockResponses.json(200, ServerAnswers.tokensBody(TestJwts.verifiedAccess(),
            TestJwts.refreshToken(), "ok"));
      }
    });
    server.start();
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.save(new StoredTokens(TestJwts.verifiedAccess(), TestJwts.refreshToken(), false, null));
    client = NestAuthClient.builder().baseUrl(server.url("/api").toString()).tokenStore(store).build();
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  static String signature(Method method) {
    return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
        .collect(Collectors.joining(",", "(", ")"));
  }

  static List<Method> publicMethodsWithStringParameters() {
    List<Method> methods = new ArrayList<>();
    for (Class<?> type : List.of(NestAuthClient.class, NestAuthClientBuilder.class)) {
      for (Method method : type.getDeclaredMethods()) {
        if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
            && Arrays.asList(method.getParameterTypes()).contains(String.class)) {
          methods.add(method);
        }
      }
    }
    methods.sort((a, b) -> (a.getDeclaringClass().getSimpleName() + signature(a))
        .compareTo(b.getDeclaringClass().getSimpleName() + signature(b)));
    return methods;
  }

  @Test
  void everyPublicMethodWithAStringParameterIsCovered() {
    Set<String> missing = new TreeSet<>();
    for (Method method : publicMethodsWithStringParameters()) {
      if (!SPECS.containsKey(signature(method))) {
        missing.add(method.getDeclaringClass().getSimpleName() + "." + signature(method));
      }
    }
    assertThat(missing).as("public methods with String parameters and no bad-input spec").isEmpty();
    // and no spec is left over from a method that is gone
    Set<String> present = publicMethodsWithStringParameters().stream().map(BadInputTest::signature)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(present).as("methods with a spec").containsExactlyInAnyOrderElementsOf(SPECS.keySet());
    assertThat(publicMethodsWithStringParameters()).hasSizeGreaterThan(30);
  }

  @Test
  void everyClientMethodWithAStringParameterIsAnOperationReturningACall() {
    Set<String> notCalls = new TreeSet<>();
    for (Method method : publicMethodsWithStringParameters()) {
      if (method.getDeclaringClass() == NestAuthClient.class && method.getReturnType() != NestAuthCall.class) {
        notCalls.add(signature(method));
      }
    }
    assertThat(notCalls).isEmpty();
  }

  Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Method method : publicMethodsWithStringParameters()) {
      Object[][] spec = SPECS.get(signature(method));
      if (spec == null) {
        continue;
      }
      Class<?>[] types = method.getParameterTypes();
      for (int i = 0; i < types.length; i++) {
        if (types[i] != String.class) {
          continue;
        }
        for (Map.Entry<String, String> bad : BAD.entrySet()) {
          String name = ((String[]) spec[0])[i];
          cases.add(Arguments.of(method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + name + " = "
              + bad.getKey() + ")", method, i, bad.getValue()));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badStringIsRejectedBeforeAnythingIsSent(String title, Method method, int index, String bad) throws Exception {
    Object[][] spec = SPECS.get(signature(method));
    String name = ((String[]) spec[0])[index];
    Object[] args = spec[1].clone();
    args[index] = bad;
    boolean nullAllowed = bad == null && NULL_ALLOWED.containsKey(signature(method) + "#" + name);
    int before = server.getRequestCount();

    Throwable thrown = invoke(method, args);

    if (nullAllowed) {
      assertThat(thrown).as("%s accepts null (%s)", name, NULL_ALLOWED.get(signature(method) + "#" + name))
          .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(NestAuthException.class));
      return;
    }
    assertThat(thrown).as(title).isInstanceOf(IllegalArgumentException.class);
    String named = MESSAGE_NAME.getOrDefault(signature(method) + "#" + name, name);
    assertThat(thrown.getMessage()).as("the message names the parameter").containsPattern("\\b" + named + "\\b");
    assertThat(thrown.getMessage()).as("the message does not echo the value").doesNotContain("xxxxxxxxxx");
    assertThat(server.getRequestCount() - before).as("requests sent").isZero();
  }

  /**
   * Calls the method on the right receiver and returns what it threw. A call it returns is then
   * run with {@code execute()} and with {@code executeAsync()}; returns what either failed with.
   */
  private Throwable invoke(Method method, Object[] args) throws InterruptedException {
    Object receiver = method.getDeclaringClass() == NestAuthClient.class ? client : NestAuthClient.builder();
    Object result;
    try {
      result = method.invoke(receiver, args);
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    if (!(result instanceof NestAuthCall)) {
      return null;
    }
    NestAuthCall<?> call = (NestAuthCall<?>) result;
    Throwable failed = null;
    try {
      call.execute();
    } catch (RuntimeException e) {
      failed = reportedLate(method, e);
    }
    try {
      call.executeAsync().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      failed = failed != null ? failed : reportedLate(method, e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
    return failed;
  }

  /** A bad argument must stop the operation method itself, never the call it returns. */
  private static Throwable reportedLate(Method method, Throwable failure) {
    if (failure instanceof IllegalArgumentException) {
      throw new AssertionError(signature(method) + " reported a bad argument when its call ran instead of throwing",
          failure);
    }
    return failure;
  }
}
