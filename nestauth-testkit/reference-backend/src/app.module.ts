import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  IAuthModuleOptions,
  NestAuthEntities,
  NestAuthMFAMethodEnum,
  NestAuthModule,
  TenantModeEnum,
} from '@ackplus/nest-auth';
import { settings } from './settings';
import { NestAuthTestHooksModule } from './nest-auth-test-hooks';
import { ReferenceTestRoutesModule } from './reference-test-routes/reference-test-routes.module';
import { TestOidcAuthProvider } from './reference-test-routes/test-oidc.provider';

const authOptions: IAuthModuleOptions = {
  appName: 'NestAuth Reference Backend',
  routePrefix: settings.routePrefix,
  session: {
    // Left out for 'client': the library then lets each request's x-access-token-type header choose.
    ...(settings.tokenDelivery === 'client' ? {} : { accessTokenType: settings.tokenDelivery }),
    allowMultipleAccounts: settings.multipleAccounts,
    accessTokenValidity: settings.accessTokenTtl,
    refreshTokenValidity: settings.refreshTokenTtl,
    jwt: { secret: settings.jwtSecret },
    // The app serves plain http on 127.0.0.1: Secure cookies would never come back.
    cookieOptions: { httpOnly: true, secure: false, sameSite: 'lax' },
  },
  registration: { autoLoginAfterSignup: settings.autoLoginAfterSignup },
  emailAuth: { enabled: true },
  phoneAuth: { enabled: true },
  passwordless: { enabled: true, allowSignUp: true },
  tenant:
    settings.tenantMode === 'disabled'
      ? { enabled: false }
      : {
          enabled: true,
          mode: settings.tenantMode === 'isolated' ? TenantModeEnum.ISOLATED : TenantModeEnum.SHARED,
        },
  mfa: {
    enabled: true,
    required: settings.mfaRequired,
    methods: [NestAuthMFAMethodEnum.EMAIL, NestAuthMFAMethodEnum.SMS, NestAuthMFAMethodEnum.TOTP],
    allowUserToggle: true,
    allowMethodSelection: true,
    // Trusted-device tokens need this secret (spec/SERVER-BEHAVIOUR.md §6).
    trustedDeviceSecret: settings.trustedDeviceSecret,
  },
  security: {
    csrf: { enabled: settings.csrf },
    rateLimit: { enabled: settings.rateLimit },
    lockout: { enabled: settings.lockout, maxFailedAttempts: 5 },
  },
  // Test only: an OpenID Connect style provider whose ID tokens POST /__test/social/id-token
  // signs, so social sign-in runs through the library without Google or Apple (README).
  customAuthProviders: [new TestOidcAuthProvider()],
  // The admin console is not part of the end-user API; a secret is set only so that the
  // library does not warn about a missing one at start-up.
  adminConsole: {
    enabled: false,
    secretKey: 'nestauth-reference-backend-admin-console-disabled-0123456789',
  },
};

// The drop-in module a team adds to its own app, switched by NEST_AUTH_TEST_HOOKS. With this
// app's own routes the SDK's tests read the codes of every user; without them the app is set up
// as a team's deployment would be (the module's defaults).
const testHooks = NestAuthTestHooksModule.register(
  settings.referenceTestRoutes ? { captureCodes: 'all-users' } : {},
);

@Module({
  imports: [
    EventEmitterModule.forRoot(),
    // In-memory SQLite (sql.js, WebAssembly): no database server, nothing on disk,
    // schema created from the library's entities at boot.
    TypeOrmModule.forRoot({
      type: 'sqljs',
      autoSave: false,
      synchronize: true,
      logging: false,
      entities: [...NestAuthEntities],
    }),
    TypeOrmModule.forFeature([...NestAuthEntities]),
    NestAuthModule.forRoot(authOptions),
    testHooks,
    ...(settings.referenceTestRoutes ? [ReferenceTestRoutesModule.register(testHooks)] : []),
  ],
})
export class AppModule {}
