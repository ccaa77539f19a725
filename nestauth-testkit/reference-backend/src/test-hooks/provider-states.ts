import { BadRequestException, Injectable, InternalServerErrorException } from '@nestjs/common';
import {
  InviteService,
  MfaService,
  NestAuthMFAMethodEnum,
  NestAuthOTPTypeEnum,
  OtpFlowService,
} from '@ackplus/nest-auth';
import { settings } from '../settings';
import { CodeCaptureService, parsePurpose, Purpose } from './code-capture.service';
import { expiredCopy, totp } from './crypto-utils';
import { TestDataService, UserRef } from './test-data.service';

/**
 * Pact provider states: pact-jvm (and the other Pact verifiers) POST
 *   {"state": "<name>", "params": {...}, "action": "setup" | "teardown"}
 * before an interaction is replayed; the JSON object answered is what `fromProviderState`
 * expressions in the pact can inject (ids, tokens, codes).
 *
 * Each state is one small function in PROVIDER_STATES below: to support a new state, add an
 * entry. A state name may be sent either as the template (params in "params") or with the
 * values written into the text ("a tenant with slug acme exists"); explicit params win.
 */

type Params = Record<string, unknown>;
type StateResult = Record<string, unknown>;

interface RememberedUser {
  userId: string;
  email: string | null;
  phone: string | null;
  password?: string;
}

export interface StateContext {
  data: TestDataService;
  codes: CodeCaptureService;
  otp: OtpFlowService;
  mfa: MfaService;
  invites: InviteService;
  /** Wipes data, captured codes and the remembered user. */
  reset(): Promise<void>;
  /** The user the last user-creating state made: "the user" in later states. */
  memory: { user?: RememberedUser };
}

type StateHandler = (params: Params, ctx: StateContext) => Promise<StateResult>;

// ---- defaults, so consumers can leave params out ----------------------------------------
const DEFAULT_EMAIL = 'alice@example.com';
const DEFAULT_PHONE = '+14155550101';
const DEFAULT_PASSWORD = 'Passw0rd!23';
const DEFAULT_ROLE = 'test-role';

function str(value: unknown, fallback?: string): string | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  return String(value);
}

function refOf(identifier: string): UserRef {
  return identifier.includes('@') ? { email: identifier } : { phone: identifier };
}

/** "the user": explicit userId/email/phone params, else the user of an earlier state. */
function theUser(p: Params, ctx: StateContext): UserRef {
  const userId = str(p.userId);
  const email = str(p.email);
  const phone = str(p.phone);
  if (userId || email || phone) return { userId, email, phone };
  const remembered = ctx.memory.user;
  if (remembered) return { userId: remembered.userId };
  throw new BadRequestException(
    'No user for this state: pass email (or phone/userId) in params, or set up ' +
      '"a user with email {email} and password {password} exists" first',
  );
}

/**
 * Fresh tokens for "the user" when its password is known (it was created by a user state):
 * roles, permissions, tenant and MFA flags are snapshotted into a session at login.
 */
async function freshLogin(ref: UserRef, ctx: StateContext, tenantId?: string): Promise<StateResult> {
  const remembered = ctx.memory.user;
  if (!remembered?.password) return {};
  const user = await ctx.data.findUser(ref);
  if (user.id !== remembered.userId) return {};
  const loginRef = remembered.email ? { email: remembered.email } : { phone: remembered.phone! };
  const t = await ctx.data.login(loginRef, remembered.password, tenantId);
  return { accessToken: t.accessToken, refreshToken: t.refreshToken, isRequiresMfa: t.isRequiresMfa };
}

/** A fresh login of "the user", which these states need (it must come from a user state). */
async function requireFreshLogin(p: Params, ctx: StateContext, what: string): Promise<StateResult> {
  const tokens = await freshLogin(theUser(p, ctx), ctx);
  if (!tokens.accessToken) {
    throw new BadRequestException(
      `"${what}" needs a user whose password is known: set up "a user with email {email} and password {password} exists" first`,
    );
  }
  return tokens;
}

async function userWithPassword(ref: { email?: string; phone?: string }, password: string, ctx: StateContext) {
  const t = await ctx.data.ensureUser(ref, password);
  ctx.memory.user = { userId: t.userId, email: ref.email ?? null, phone: ref.phone ?? null, password };
  return {
    userId: t.userId,
    ...(ref.email ? { email: ref.email } : { phone: ref.phone }),
    password,
    accessToken: t.accessToken,
    refreshToken: t.refreshToken,
  };
}

/** Makes the library send a code for `purpose` to `identifier`; the capture service keeps it. */
async function sendCode(identifier: string, purpose: Purpose, p: Params, ctx: StateContext): Promise<void> {
  const ref = refOf(identifier);
  const tenantId = str(p.tenantId);
  const expectOk = (res: { status: number; body: unknown }, what: string) => {
    if (res.status !== 200 && res.status !== 201) {
      throw new BadRequestException(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
  };
  switch (purpose) {
    case 'passwordless': {
      const channel = str(p.channel, ref.email ? 'email' : 'sms');
      expectOk(
        await ctx.data.callApi('POST', 'passwordless/send', {
          identifier,
          channel,
          ...(tenantId ? { tenantId } : {}),
        }),
        'passwordless/send',
      );
      return;
    }
    case 'password-reset':
      expectOk(
        await ctx.data.callApi('POST', 'forgot-password', { ...ref, ...(tenantId ? { tenantId } : {}) }),
        'forgot-password',
      );
      return;
    case 'mfa': {
      const user = await ctx.data.findUser(ref);
      const method = str(p.channel, ref.email ? 'email' : 'sms') === 'sms'
        ? NestAuthMFAMethodEnum.SMS
        : NestAuthMFAMethodEnum.EMAIL;
      await ctx.mfa.sendMfaCode(user.id, method);
      return;
    }
    case 'verify-email':
    case 'verify-phone': {
      // The send-*-verification routes need the user's bearer token; the OTP service they
      // use is called directly instead (same code store, same verification).
      const user = await ctx.data.findUser(ref);
      const type = purpose === 'verify-email'
        ? NestAuthOTPTypeEnum.EMAIL_VERIFICATION
        : NestAuthOTPTypeEnum.PHONE_VERIFICATION;
      const { plainCode } = await ctx.otp.createOtp({ userId: user.id, type, replaceExisting: true });
      ctx.codes.record({
        purpose,
        event: 'provider-state',
        code: plainCode,
        user,
        channel: purpose === 'verify-email' ? 'email' : 'sms',
        identifier,
      });
      return;
    }
    case 'invite':
      await ctx.invites.inviteUser({ ...ref, ...(tenantId ? { tenantId } : {}) });
      return;
  }
}

export const PROVIDER_STATES: Record<string, StateHandler> = {
  'no data': async (_p, ctx) => {
    await ctx.reset();
    return {};
  },

  'a user with email {email} and password {password} exists': (p, ctx) =>
    userWithPassword({ email: str(p.email, DEFAULT_EMAIL)! }, str(p.password, DEFAULT_PASSWORD)!, ctx),

  'a user with phone {phone} and password {password} exists': (p, ctx) =>
    userWithPassword({ phone: str(p.phone, DEFAULT_PHONE)! }, str(p.password, DEFAULT_PASSWORD)!, ctx),

  'the user has MFA enabled': async (p, ctx) => {
    const ref = theUser(p, ctx);
    const flags = await ctx.data.setFlags(ref, { isMfaEnabled: true });
    // A new login gives the MFA-pending tokens an MFA test starts from.
    return { userId: flags.userId, isMfaEnabled: true, ...(await freshLogin(ref, ctx)) };
  },

  'a tenant with slug {slug} exists': async (p, ctx) => {
    const slug = str(p.slug, 'acme')!;
    const tenant = await ctx.data.ensureTenant(slug, str(p.name));
    return { tenantId: tenant.id, slug: tenant.slug, name: tenant.name };
  },

  'the user is a member of tenant {slug}': async (p, ctx) => {
    const ref = theUser(p, ctx);
    const tenant = await ctx.data.ensureTenant(str(p.slug, 'acme')!, str(p.name));
    const roles = Array.isArray(p.roles) ? p.roles.map(String) : [];
    const membership = await ctx.data.addMembership(ref, tenant.id, roles);
    return { tenantId: tenant.id, slug: tenant.slug, userId: membership.userId };
  },

  'the user has permission {permission}': async (p, ctx) => {
    const ref = theUser(p, ctx);
    const permission = str(p.permission, 'users.invite')!;
    let tenantId = str(p.tenantId);
    if (!tenantId && str(p.slug)) tenantId = (await ctx.data.ensureTenant(str(p.slug)!)).id;
    const role = str(p.role, DEFAULT_ROLE)!;
    const granted = await ctx.data.grant(ref, role, [permission], tenantId ?? null);
    return {
      userId: granted.userId,
      role,
      permission,
      ...(tenantId ? { tenantId } : {}),
      ...(await freshLogin(ref, ctx, tenantId)),
    };
  },

  'a one-time code was sent to {identifier}': async (p, ctx) => {
    const remembered = ctx.memory.user;
    const identifier = str(p.identifier, remembered?.email ?? remembered?.phone ?? undefined);
    if (!identifier) throw new BadRequestException('params.identifier (an email or phone) is required');
    const purpose = parsePurpose(p.purpose ?? p.kind) ?? 'passwordless';
    await sendCode(identifier, purpose, p, ctx);
    const captured = ctx.codes.latest(identifier, purpose);
    if (!captured) {
      // passwordless/forgot-password answer 200 for unknown accounts without sending anything
      throw new BadRequestException(`No ${purpose} code was sent to ${identifier} (unknown account?)`);
    }
    return {
      identifier,
      purpose,
      code: captured.code,
      ...(captured.token ? { token: captured.token } : {}),
      ...(captured.userId ? { userId: captured.userId } : {}),
    };
  },

  // ---- added for the Java SDK's contract tests (nestauth-contract-tests) -------------------

  "the user's access token has expired": async (p, ctx) => {
    const tokens = await requireFreshLogin(p, ctx, "the user's access token has expired");
    const expired = expiredCopy(String(tokens.accessToken), settings.jwtSecret);
    // accessToken/refreshToken stay usable (same session); expiredAccessToken is rejected with INVALID_TOKEN
    return { ...tokens, expiredAccessToken: expired.token };
  },

  "the user's refresh token has been rotated": async (p, ctx) => {
    const tokens = await requireFreshLogin(p, ctx, "the user's refresh token has been rotated");
    const res = await ctx.data.callApi('POST', 'refresh-token', { refreshToken: tokens.refreshToken });
    if (res.status !== 200) {
      throw new BadRequestException(`refresh-token answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    // presenting rotatedRefreshToken again is a replay: 401 REFRESH_TOKEN_INVALID and the session is revoked
    return {
      rotatedRefreshToken: tokens.refreshToken,
      accessToken: res.body.accessToken,
      refreshToken: res.body.refreshToken,
    };
  },

  'the user has an unconfirmed TOTP device': async (p, ctx) => {
    const user = await ctx.data.findUser(theUser(p, ctx));
    const deviceName = str(p.deviceName, 'Work phone')!;
    const setup = await ctx.mfa.setupTotpDevice(user.id, deviceName);
    const devices = await ctx.mfa.getTotpDevices(user.id);
    const device = devices.filter((d) => d.deviceName === deviceName && !d.verified).pop();
    if (!device) throw new InternalServerErrorException('the TOTP device was not stored');
    return { userId: user.id, deviceId: device.id, deviceName, secret: setup.secret, totpCode: totp(setup.secret) };
  },

  'the user has recovery codes': async (p, ctx) => {
    const user = await ctx.data.findUser(theUser(p, ctx));
    const codes = await ctx.mfa.generateRecoveryCodes(user.id);
    return { userId: user.id, recoveryCode: codes[0], recoveryCodes: codes };
  },

  'the user trusts this device': async (p, ctx) => {
    const user = await ctx.data.findUser(theUser(p, ctx));
    const trustToken = await ctx.mfa.createTrustedDevice(
      user.id,
      str(p.userAgent, 'nestauth-contract-tests')!,
      str(p.ipAddress, '127.0.0.1')!,
    );
    return { userId: user.id, trustToken };
  },

  'a password reset token was issued to {identifier}': async (p, ctx) => {
    const remembered = ctx.memory.user;
    const identifier = str(p.identifier, remembered?.email ?? remembered?.phone ?? undefined);
    if (!identifier) throw new BadRequestException('params.identifier (an email or phone) is required');
    await sendCode(identifier, 'password-reset', p, ctx);
    const captured = ctx.codes.latest(identifier, 'password-reset');
    if (!captured) throw new BadRequestException(`No password-reset code was sent to ${identifier} (unknown account?)`);
    const tenantId = str(p.tenantId);
    const res = await ctx.data.callApi('POST', 'verify-forgot-password-otp', {
      ...refOf(identifier),
      code: captured.code,
      ...(tenantId ? { tenantId } : {}),
    });
    if (res.status !== 200) {
      throw new BadRequestException(`verify-forgot-password-otp answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return { identifier, resetToken: res.body.resetToken, ...(captured.userId ? { userId: captured.userId } : {}) };
  },
};

// ---- dispatch ---------------------------------------------------------------------------

interface CompiledState {
  template: string;
  regex: RegExp;
  names: string[];
  handler: StateHandler;
}

function compile(template: string, handler: StateHandler): CompiledState {
  const names: string[] = [];
  const pattern = template
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      const placeholder = /^\{([A-Za-z]+)\}$/.exec(part);
      if (placeholder) {
        names.push(placeholder[1]);
        return '(.+?)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { template, regex: new RegExp(`^${pattern}$`, 'i'), names, handler };
}

const COMPILED = Object.entries(PROVIDER_STATES).map(([t, h]) => compile(t, h));

function resolve(state: string): { handler: StateHandler; params: Params } | undefined {
  if (Object.prototype.hasOwnProperty.call(PROVIDER_STATES, state)) {
    return { handler: PROVIDER_STATES[state], params: {} };
  }
  for (const c of COMPILED) {
    const m = c.regex.exec(state.trim());
    if (m) {
      const params: Params = {};
      c.names.forEach((name, i) => (params[name] = m[i + 1]));
      return { handler: c.handler, params };
    }
  }
  return undefined;
}

@Injectable()
export class ProviderStatesService {
  private readonly memory: StateContext['memory'] = {};

  constructor(
    private readonly data: TestDataService,
    private readonly codes: CodeCaptureService,
    private readonly otp: OtpFlowService,
    private readonly mfa: MfaService,
    private readonly invites: InviteService,
  ) {}

  /** Forgets the remembered user (called by /__test/reset). */
  forget(): void {
    delete this.memory.user;
  }

  knownStates(): string[] {
    return Object.keys(PROVIDER_STATES);
  }

  async handle(body: any, query: Record<string, unknown>): Promise<StateResult> {
    // pact-jvm sends a JSON body by default; with stateChangeUsesBody=false the state and its
    // params arrive as query parameters instead.
    const fromQuery = { ...query };
    const state = str(body?.state) ?? str(fromQuery.state);
    const action = (str(body?.action) ?? str(fromQuery.action) ?? 'setup').toLowerCase();
    delete fromQuery.state;
    delete fromQuery.action;
    const params: Params =
      body?.params && typeof body.params === 'object' ? body.params : body?.state ? {} : fromQuery;

    if (!state) {
      throw new BadRequestException('Missing "state": expected {"state": "...", "params": {...}, "action": "setup"}');
    }
    const match = resolve(state);
    if (!match) {
      throw new BadRequestException(
        `Unknown provider state "${state}". Known states: ${this.knownStates().map((s) => `"${s}"`).join(', ')}`,
      );
    }
    if (action === 'teardown') return {}; // data is wiped by "no data" or /__test/reset instead
    if (action !== 'setup') {
      throw new BadRequestException(`Unknown action "${action}": use "setup" or "teardown"`);
    }
    const ctx: StateContext = {
      data: this.data,
      codes: this.codes,
      otp: this.otp,
      mfa: this.mfa,
      invites: this.invites,
      memory: this.memory,
      reset: async () => {
        await this.data.reset();
        this.codes.clear();
        this.forget();
      },
    };
    try {
      return await match.handler({ ...match.params, ...params }, ctx);
    } catch (error: any) {
      if (error?.getStatus) throw error;
      throw new InternalServerErrorException(`Provider state "${state}" failed: ${error?.message ?? error}`);
    }
  }
}
