package io.nestauth.client;

import io.nestauth.client.internal.Args;
import io.nestauth.generated.model.AuthTokensResponseDto;
import io.nestauth.generated.model.LoginCredentialsDto;
import io.nestauth.generated.model.LoginRequestDto;
import io.nestauth.generated.model.PasswordlessSendRequestDto;
import io.nestauth.generated.model.SignupRequestDto;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Sign-up and every way to sign in: the definitions behind {@link NestAuthClient}'s methods of the
 * same names. Each builds a fresh wire request per execution, so nothing the caller passed is ever
 * changed, and reads the device-trust token when the call starts.
 */
final class SignInOperations {
  private final ClientCore core;

  SignInOperations(ClientCore core) {
    this.core = core;
  }

  /** Email signup when {@code phone} is null, phone signup otherwise. */
  NestAuthCall<AuthResponse> signup(@Nullable String email, @Nullable String phone, String password,
      Map<String, ?> extra) {
    SignupRequest.Builder request = SignupRequest.builder().password(Args.password(password, "password"));
    if (phone == null) {
      request.email(Args.email(email, "email"));
    } else {
      request.phone(Args.notBlank(phone, "phone"));
    }
    Args.notNull(extra, "extra").forEach((name, value) -> request.field(Args.notBlank(name, "extra key"), value));
    return signup(request.build());
  }

  NestAuthCall<AuthResponse> signup(SignupRequest request) {
    Args.notNull(request, "request");
    return core.call(false, () -> {
      SignupRequestDto wire = request.toWire();
      if (wire.getTenantId() == null) {
        wire.setTenantId(core.settings.defaultTenantId);
      }
      return core.authApi.signup(wire);
    }, this::signedUp);
  }

  /**
   * A server that does not sign in after signup (registration.autoLoginAfterSignup: false) answers
   * 2xx with both tokens empty: the account exists, no session was started, so the client, its store
   * and any session it already holds stay as they are. Half a pair is still a broken answer.
   */
  private AuthResponse signedUp(AuthTokensResponseDto answer, SessionManager.Generation startedIn) {
    if (answer != null && Args.isBlank(answer.getAccessToken()) && Args.isBlank(answer.getRefreshToken())) {
      return AuthResponse.withoutSession(answer);
    }
    return signedIn(answer, startedIn);
  }

  NestAuthCall<AuthResponse> passwordLogin(String provider, String identifier, String password, String tenantId) {
    LoginCredentialsDto credentials = new LoginCredentialsDto().password(Args.notBlank(password, "password"));
    if ("email".equals(provider)) {
      credentials.email(Args.notBlank(identifier, "email"));
    } else {
      credentials.phone(Args.notBlank(identifier, "phone"));
    }
    UUID tenant = tenantId == null ? null : Args.uuid(tenantId, "tenantId");
    return login(() -> new LoginRequestDto().providerName(provider).credentials(credentials).tenantId(tenant));
  }

  NestAuthCall<AuthResponse> login(LoginRequest request) {
    Args.notNull(request, "request");
    return login(request::toWire);
  }

  NestAuthCall<String> sendPasswordlessCode(PasswordlessChannel channel, String identifier) {
    Args.notNull(channel, "channel");
    String checked = Args.notBlank(identifier, "identifier");
    return core.call(false, () -> core.authApi.sendPasswordlessCode(new PasswordlessSendRequestDto()
        .channel(channel.toWire()).identifier(checked).tenantId(core.defaultTenant())), ClientCore::message);
  }

  NestAuthCall<AuthResponse> loginWithPasswordlessCode(String identifier, String code, PasswordlessChannel... channels) {
    Args.notNull(channels, "channels");
    if (channels.length == 0) {
      throw new IllegalArgumentException("channels must name at least one channel");
    }
    LoginCredentialsDto credentials = new LoginCredentialsDto().identifier(Args.notBlank(identifier, "identifier"))
        .code(Args.notBlank(code, "code"));
    for (PasswordlessChannel channel : channels) {
      credentials.addChannelsItem(Args.notNull(channel, "channel").toWire());
    }
    return login(() -> new LoginRequestDto().providerName("passwordless").credentials(credentials));
  }

  NestAuthCall<AuthResponse> socialLogin(String provider, String token, SocialTokenType tokenType,
      boolean createUserIfNotExists) {
    LoginCredentialsDto credentials = new LoginCredentialsDto().token(Args.notBlank(token, "token"));
    if (tokenType != null) {
      credentials.type(tokenType.toWire());
    }
    return social(Args.notBlank(provider, "provider"), credentials, createUserIfNotExists);
  }

  NestAuthCall<AuthResponse> appleLogin(String identityToken, String givenName, String familyName, String nonce,
      boolean createUserIfNotExists) {
    LoginCredentialsDto credentials = new LoginCredentialsDto().token(Args.notBlank(identityToken, "identityToken"));
    if (nonce != null) {
      credentials.nonce(Args.notBlank(nonce, "nonce"));
    }
    if (givenName != null) {
      credentials.firstName(Args.notBlank(givenName, "givenName"));
    }
    if (familyName != null) {
      credentials.lastName(Args.notBlank(familyName, "familyName"));
    }
    if (givenName != null || familyName != null) {
      credentials.name(givenName == null ? familyName : familyName == null ? givenName : givenName + " " + familyName);
    }
    return social("apple", credentials, createUserIfNotExists);
  }

  NestAuthCall<String> socialCallbackPage(String provider, String code, String state) {
    String checked = Args.pathSegment(provider, "provider");
    Args.optional(code, "code");
    Args.optional(state, "state");
    return core.call(false, () -> core.authApi.getSocialCallbackPage(checked, code, state, null, null));
  }

  /**
   * Social sign-in: the user is created on the first sign-in unless the app says otherwise (the
   * server's own default is not to, which turns every new user away).
   */
  private NestAuthCall<AuthResponse> social(String provider, LoginCredentialsDto credentials,
      boolean createUserIfNotExists) {
    return login(() -> new LoginRequestDto().providerName(provider).credentials(credentials)
        .createUserIfNotExists(createUserIfNotExists));
  }

  private NestAuthCall<AuthResponse> login(Supplier<LoginRequestDto> request) {
    return core.call(false, () -> {
      LoginRequestDto wire = request.get();
      if (wire.getTenantId() == null) {
        wire.setTenantId(core.defaultTenant());
      }
      // a trusted device skips MFA: the server reads this header on login
      return core.authApi.login(wire, core.session().trustToken());
    }, this::signedIn);
  }

  AuthResponse signedIn(AuthTokensResponseDto answer, SessionManager.Generation startedIn) {
    return new AuthResponse(answer, core.session().accept(answer, AuthEvent.Type.SIGNED_IN, startedIn,
        core.settings.clock));
  }
}
