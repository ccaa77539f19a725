package io.nestauth.contract.support;

import io.nestauth.testkit.NestAuthTestServer;
import io.nestauth.testkit.NestAuthTestServer.TokenDelivery;
import java.time.Duration;
import java.util.List;

/**
 * The servers of the token-delivery journey: tokens in the body, in cookies, in cookies with CSRF
 * protection, each with 3-second access tokens so that a journey meets an expiry. Defined here so that
 * {@link BackendWarmUp} can start them early.
 */
public final class TokenDeliveryServers {

    /** Short enough to wait for, long enough for eight concurrent calls to use one refresh. */
    public static final Duration ACCESS_LIFETIME = Duration.ofSeconds(3);

    public static final NestAuthTestServer HEADER = NestAuthTestServer.builder()
            .accessTokenLifetime(ACCESS_LIFETIME).build();

    public static final NestAuthTestServer COOKIE = NestAuthTestServer.builder().tokenDelivery(TokenDelivery.COOKIE)
            .accessTokenLifetime(ACCESS_LIFETIME).build();

    public static final NestAuthTestServer COOKIE_WITH_CSRF = NestAuthTestServer.builder()
            .tokenDelivery(TokenDelivery.COOKIE).csrfProtection(true).accessTokenLifetime(ACCESS_LIFETIME).build();

    /**
     * Cookies with CSRF protection and the server's own several accounts (per-account cookies), default
     * lifetimes: for the server check and several accounts on one client.
     */
    public static final NestAuthTestServer COOKIE_WITH_ACCOUNTS = NestAuthTestServer.builder()
            .tokenDelivery(TokenDelivery.COOKIE).csrfProtection(true).multipleAccounts(true).build();

    public static final List<NestAuthTestServer> ALL = List.of(HEADER, COOKIE, COOKIE_WITH_CSRF);

    private TokenDeliveryServers() {
    }
}
