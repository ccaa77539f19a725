/**
 * Everything the environment can change, read once at start-up.
 *
 * Defaults give the configuration of spec/SERVER-BEHAVIOUR.md §1 (header tokens, prefix /api,
 * routes under /auth, shared tenants, MFA email+sms+totp, passwordless with sign-up, 15 min / 7 d
 * tokens). The switches give the other variants that file mentions (rate limiting, lockout, tenant
 * modes, mfa.required, short token lifetimes, no global filter, no prefix) and the token
 * deliveries a deployment can choose (cookies, CSRF, the client's choice, several accounts, another
 * route prefix).
 */
export type TenantMode = 'shared' | 'isolated' | 'disabled';

/** header / cookie: session.accessTokenType; client: unset, so x-access-token-type decides. */
export type TokenDelivery = 'header' | 'cookie' | 'client';

function flag(name: string, defaultValue = false): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return defaultValue;
  return ['1', 'true', 'yes', 'on'].includes(raw.trim().toLowerCase());
}

function tenantMode(): TenantMode {
  const raw = (process.env.TENANT_MODE ?? 'shared').trim().toLowerCase();
  if (raw === 'shared' || raw === 'isolated' || raw === 'disabled') return raw;
  throw new Error(`TENANT_MODE must be shared, isolated or disabled, not "${raw}"`);
}

function tokenDelivery(): TokenDelivery {
  const raw = (process.env.TOKEN_DELIVERY ?? 'header').trim().toLowerCase();
  if (raw === 'header' || raw === 'cookie' || raw === 'client') return raw;
  throw new Error(`TOKEN_DELIVERY must be header, cookie or client, not "${raw}"`);
}

function routePrefix(): string {
  const raw = (process.env.ROUTE_PREFIX ?? '').trim().replace(/^\/+|\/+$/g, '');
  return raw === '' ? 'auth' : raw;
}

// An unset API_PREFIX means "api"; an explicitly empty one means no prefix at all.
const rawPrefix = process.env.API_PREFIX;

export const settings = {
  port: Number(process.env.PORT || 0),
  host: process.env.HOST || '127.0.0.1',
  apiPrefix: (rawPrefix === undefined ? 'api' : rawPrefix).replace(/^\/+|\/+$/g, ''),
  accessTokenTtl: process.env.ACCESS_TOKEN_TTL || '15m',
  refreshTokenTtl: process.env.REFRESH_TOKEN_TTL || '7d',
  // Test-only app: a fixed, public secret is the point (tests re-sign tokens with it).
  jwtSecret:
    process.env.JWT_SECRET || 'nestauth-reference-backend-test-only-jwt-secret-0123456789',
  trustedDeviceSecret:
    process.env.TRUSTED_DEVICE_SECRET ||
    'nestauth-reference-backend-test-only-trusted-device-secret-0123456789',
  // The library's own routes live under /<apiPrefix>/<routePrefix>/... (its routePrefix option).
  routePrefix: routePrefix(),
  tokenDelivery: tokenDelivery(),
  // security.csrf: cookie-authenticated state-changing requests need the x-csrf-token header.
  csrf: flag('CSRF'),
  multipleAccounts: flag('MULTIPLE_ACCOUNTS'),
  tenantMode: tenantMode(),
  mfaRequired: flag('MFA_REQUIRED'),
  // registration.autoLoginAfterSignup: off answers signup without tokens ("Please login").
  autoLoginAfterSignup: flag('AUTO_LOGIN_AFTER_SIGNUP', true),
  rateLimit: flag('RATE_LIMIT'),
  lockout: flag('LOCKOUT'),
  globalAuthFilter: flag('GLOBAL_AUTH_FILTER', true),
  log: flag('LOG'),
  // This app's own test routes (wipe, data by name, tokens signed with its secrets), beside the
  // drop-in NestAuthTestHooksModule, which NEST_AUTH_TEST_HOOKS switches (read by the module).
  referenceTestRoutes: flag('REFERENCE_TEST_ROUTES'),
  // Set by the Java launcher: when its pipe to our stdin closes (JVM gone, even after kill -9)
  // we exit, so no orphaned node process outlives the test run.
  exitOnStdinClose: flag('EXIT_ON_STDIN_CLOSE'),
};
