import { randomBytes, randomInt } from 'node:crypto';
import { BadRequestException, Injectable, InternalServerErrorException } from '@nestjs/common';
import {
  AuthConfigService,
  InviteService,
  MfaService,
  NestAuthMFAMethodEnum,
  NestAuthOTPTypeEnum,
  NestAuthTenant,
  NestAuthUser,
  OtpFlowService,
} from '@ackplus/nest-auth';
import { CodeCaptureService, normalizeIdentifier, parsePurpose, Purpose } from './code-capture.service';
import { expiredCopy, totp } from './crypto-utils';
import { TestDataService, UserRef, UserTokens } from './test-data.service';

/**
 * Pact provider states: pact-jvm (and the other Pact verifiers) POST
 *   {"state": "<name>", "params": {...}, "action": "setup" | "teardown"}
 * before an interaction is replayed; the JSON object answered is what `fromProviderState`
 * expressions in the pact can inject (ids, tokens, codes, and the email addresses and slugs the
 * states made up).
 *
 * The states never delete and never change data they did not create, so a verification can run
 * against a shared test or staging deployment, again and again: every user, tenant and role they
 * make has a name of its own (the given one plus a random tag, `alice@example.com` becomes
 * `alice-pact-3f9a81c2d4@example.com`), users and tenants carry a mark in their metadata, and the
 * states that change "the user" act only on users with that mark.
 *
 * Each state is one small function in PROVIDER_STATES below: to support a new state, add an
 * entry. A state name may be sent either as the template (params in "params") or with the
 * values written into the text ("a tenant with a unique slug like acme exists"); explicit params win.
 */

type Params = Record<string, unknown>;
type StateResult = Record<string, unknown>;

interface RememberedUser {
  userId: string;
  password: string;
}

export interface StateContext {
  data: TestDataService;
  codes: CodeCaptureService;
  otp: OtpFlowService;
  mfa: MfaService;
  invites: InviteService;
  /** The user the last user state created: "the user" of later states that name none. */
  memory: { user?: RememberedUser };
}

type StateHandler = (params: Params, ctx: StateContext) => Promise<StateResult>;

// ---- defaults, so consumers can leave params out ----------------------------------------
const DEFAULT_EMAIL = 'alice@example.com';
const DEFAULT_PHONE = '+14155550101';
const DEFAULT_PASSWORD = 'Passw0rd!23';
const DEFAULT_ROLE = 'test-role';
const DEFAULT_SLUG = 'acme';
/** A made-up name is taken at most this often in a row (practically never once) before giving up. */
const ATTEMPTS = 3;

function str(value: unknown, fallback?: string): string | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  return String(value);
}

// ---- names of their own ------------------------------------------------------------------

function tag(): string {
  return `pact-${randomBytes(5).toString('hex')}`;
}

/** alice@example.com -> alice-pact-3f9a81c2d4@example.com */
export function uniqueEmail(like: string): string {
  const at = like.lastIndexOf('@');
  if (at <= 0 || at === like.length - 1) throw new BadRequestException(`"${like}" is not an email address`);
  return `${like.slice(0, at)}-${tag()}@${like.slice(at + 1)}`.toLowerCase();
}

/** +14155550101 -> +1415555 and 8 random digits (15 digits, the most E.164 allows) */
export function uniquePhone(like: string): string {
  const digits = like.replace(/\D/g, '').slice(0, 7);
  if (digits.length === 0) throw new BadRequestException(`"${like}" is not a phone number`);
  return `+${digits}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

/** acme -> acme-pact-3f9a81c2d4 (slugs: lowercase letters, digits, - and _) */
export function uniqueSlug(like: string): string {
  const base = like.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || DEFAULT_SLUG;
  return `${base}-${tag()}`;
}

async function userWithPassword(kind: 'email' | 'phone', like: string, password: string, ctx: StateContext) {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const ref = kind === 'email' ? { email: uniqueEmail(like) } : { phone: uniquePhone(like) };
    const tokens = await ctx.data.signUpNewUser(ref, password);
    if (!tokens) continue; // taken: never touch it, make up another
    await ctx.data.markCreatedByTestHooks(tokens.userId);
    ctx.memory.user = { userId: tokens.userId, password };
    return {
      userId: tokens.userId,
      ...ref,
      password,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
    };
  }
  throw new InternalServerErrorException(`no unused ${kind} like ${like} found in ${ATTEMPTS} tries`);
}

async function newTenant(like: string, name: string | undefined, ctx: StateContext): Promise<NestAuthTenant> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const slug = uniqueSlug(like);
    if (await ctx.data.findTenantBySlug(slug)) continue;
    return ctx.data.createTenant(name ?? slug, slug, true);
  }
  throw new InternalServerErrorException(`no unused tenant slug like ${like} found in ${ATTEMPTS} tries`);
}

// ---- "the user" ---------------------------------------------------------------------------

interface TheUser {
  user: NestAuthUser;
  /** Known when a user state of this verification made the user (or the verifier passed it). */
  password?: string;
}

/**
 * "the user": the `userId` param (a verifier that tracks the interaction's earlier states passes
 * it), else the user the last user state created. Either way, a user the test hooks created.
 */
async function theUser(p: Params, ctx: StateContext): Promise<TheUser> {
  const remembered = ctx.memory.user;
  const userId = str(p.userId) ?? remembered?.userId;
  if (!userId) {
    throw new BadRequestException(
      'No user for this state: set up "a user with a unique email like {email} and password {password} exists" ' +
        'first, or pass the userId it answered',
    );
  }
  const user = await ctx.data.ownedUser({ userId });
  const password = str(p.password) ?? (remembered?.userId === user.id ? remembered.password : undefined);
  return { user, password };
}

function loginRef(user: NestAuthUser): { email?: string; phone?: string } {
  return user.email ? { email: user.email } : { phone: user.phone! };
}

/**
 * Fresh tokens for "the user" when its password is known: roles, permissions, tenant and MFA flags
 * are snapshotted into a session at login.
 */
async function freshLogin(the: TheUser, ctx: StateContext, tenantId?: string): Promise<StateResult> {
  if (!the.password) return {};
  const t: UserTokens = await ctx.data.login(loginRef(the.user), the.password, tenantId);
  return { accessToken: t.accessToken, refreshToken: t.refreshToken, isRequiresMfa: t.isRequiresMfa };
}

/** A fresh login of "the user", which these states need. */
async function requireFreshLogin(the: TheUser, ctx: StateContext, what: string): Promise<StateResult> {
  if (!the.password) {
    throw new BadRequestException(
      `"${what}" needs the user's password: set up the user with a user state first, or pass password`,
    );
  }
  return freshLogin(the, ctx);
}

/**
 * Where a code for `purpose` goes: the `identifier` param when it is the user's own email or
 * phone, else the phone for SMS and phone verification, else the email.
 */
function identifierOf(user: NestAuthUser, purpose: Purpose, p: Params): string {
  const given = str(p.identifier);
  if (given) {
    const mine = [user.email, user.phone].map(normalizeIdentifier);
    if (!mine.includes(normalizeIdentifier(given))) {
      throw new BadRequestException(`${given} is not the email or phone of the user this state works on`);
    }
    return given;
  }
  const byPhone = purpose === 'verify-phone' || str(p.channel) === 'sms' || !user.email;
  const identifier = byPhone ? user.phone : user.email;
  if (!identifier) throw new BadRequestException(`the user has no ${byPhone ? 'phone' : 'email'}`);
  return identifier;
}

function refOf(identifier: string): UserRef {
  return identifier.includes('@') ? { email: identifier } : { phone: identifier };
}

/** Makes the library send a code for `purpose` to `identifier`; the capture service keeps it. */
async function sendCode(identifier: string, purpose: Purpose, user: NestAuthUser, p: Params, ctx: StateContext) {
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

/** The code of `purpose` the library just sent to `identifier`. */
function capturedCode(identifier: string, purpose: Purpose, ctx: StateContext) {
  const captured = ctx.codes.latest(identifier, purpose);
  if (!captured) throw new BadRequestException(`No ${purpose} code was sent to ${identifier}`);
  return captured;
}

function jwtSecret(): string {
  const secret = AuthConfigService.getOptions()?.session?.jwt?.secret;
  if (!secret) throw new InternalServerErrorException('the library has no session.jwt.secret to sign with');
  return secret;
}

export const PROVIDER_STATES: Record<string, StateHandler> = {
  'a user with a unique email like {email} and password {password} exists': (p, ctx) =>
    userWithPassword('email', str(p.email, DEFAULT_EMAIL)!, str(p.password, DEFAULT_PASSWORD)!, ctx),

  'a user with a unique phone like {phone} and password {password} exists': (p, ctx) =>
    userWithPassword('phone', str(p.phone, DEFAULT_PHONE)!, str(p.password, DEFAULT_PASSWORD)!, ctx),

  // Nothing is created: the interaction creates the account (signup, invitation) itself.
  'an unused email address like {email}': async (p, ctx) => {
    const like = str(p.email, DEFAULT_EMAIL)!;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const email = uniqueEmail(like);
      if (!(await ctx.data.userExists({ email }))) return { unusedEmail: email };
    }
    throw new InternalServerErrorException(`no unused email like ${like} found in ${ATTEMPTS} tries`);
  },

  'the user has MFA enabled': async (p, ctx) => {
    const the = await theUser(p, ctx);
    await ctx.data.setFlags({ userId: the.user.id }, { isMfaEnabled: true });
    // A new login gives the MFA-pending tokens an MFA test starts from.
    return { userId: the.user.id, isMfaEnabled: true, ...(await freshLogin(the, ctx)) };
  },

  'a tenant with a unique slug like {slug} exists': async (p, ctx) => {
    const tenant = await newTenant(str(p.slug, DEFAULT_SLUG)!, str(p.name), ctx);
    return { tenantId: tenant.id, slug: tenant.slug, name: tenant.name };
  },

  // Only looks: the states never delete, so an interaction that needs a slug to be free says so.
  'no tenant with slug {slug} exists': async (p, ctx) => {
    const slug = str(p.slug);
    if (!slug) throw new BadRequestException('params.slug is required');
    if (await ctx.data.findTenantBySlug(slug)) {
      throw new BadRequestException(`A tenant with slug ${slug} exists here; the test hooks never delete data`);
    }
    return { slug };
  },

  'the user is a member of a new tenant with a slug like {slug}': async (p, ctx) => {
    const the = await theUser(p, ctx);
    const tenant = await newTenant(str(p.slug, DEFAULT_SLUG)!, str(p.name), ctx);
    const roles = Array.isArray(p.roles) ? p.roles.map(String) : [];
    await ctx.data.addMembership({ userId: the.user.id }, tenant.id, roles);
    return { tenantId: tenant.id, slug: tenant.slug, userId: the.user.id };
  },

  'the user has permission {permission}': async (p, ctx) => {
    const the = await theUser(p, ctx);
    const permission = str(p.permission, 'users.invite')!;
    const like = str(p.role, DEFAULT_ROLE)!;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const role = uniqueSlug(like);
      // a role of its own: an existing role (and everyone who has it) is never given a permission
      if (!(await ctx.data.grantNewRole({ userId: the.user.id }, role, [permission]))) continue;
      return { userId: the.user.id, role, permission, ...(await freshLogin(the, ctx)) };
    }
    throw new InternalServerErrorException(`no unused role name like ${like} found in ${ATTEMPTS} tries`);
  },

  'a one-time code was sent to the user': async (p, ctx) => {
    const the = await theUser(p, ctx);
    const purpose = parsePurpose(p.purpose ?? p.kind) ?? 'passwordless';
    const identifier = identifierOf(the.user, purpose, p);
    await sendCode(identifier, purpose, the.user, p, ctx);
    const captured = capturedCode(identifier, purpose, ctx);
    return {
      identifier,
      purpose,
      code: captured.code,
      ...(captured.token ? { token: captured.token } : {}),
      userId: the.user.id,
    };
  },

  "the user's access token has expired": async (p, ctx) => {
    const the = await theUser(p, ctx);
    const tokens = await requireFreshLogin(the, ctx, "the user's access token has expired");
    const expired = expiredCopy(String(tokens.accessToken), jwtSecret());
    // accessToken/refreshToken stay usable (same session); expiredAccessToken is rejected with INVALID_TOKEN
    return { ...tokens, expiredAccessToken: expired.token };
  },

  "the user's refresh token has been rotated": async (p, ctx) => {
    const the = await theUser(p, ctx);
    const tokens = await requireFreshLogin(the, ctx, "the user's refresh token has been rotated");
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
    const { user } = await theUser(p, ctx);
    const deviceName = str(p.deviceName, 'Work phone')!;
    const setup = await ctx.mfa.setupTotpDevice(user.id, deviceName);
    const devices = await ctx.mfa.getTotpDevices(user.id);
    const device = devices.filter((d) => d.deviceName === deviceName && !d.verified).pop();
    if (!device) throw new InternalServerErrorException('the TOTP device was not stored');
    return { userId: user.id, deviceId: device.id, deviceName, secret: setup.secret, totpCode: totp(setup.secret) };
  },

  'the user has recovery codes': async (p, ctx) => {
    const { user } = await theUser(p, ctx);
    const codes = await ctx.mfa.generateRecoveryCodes(user.id);
    return { userId: user.id, recoveryCode: codes[0], recoveryCodes: codes };
  },

  'the user trusts this device': async (p, ctx) => {
    const { user } = await theUser(p, ctx);
    const trustToken = await ctx.mfa.createTrustedDevice(
      user.id,
      str(p.userAgent, 'nestauth-contract-tests')!,
      str(p.ipAddress, '127.0.0.1')!,
    );
    return { userId: user.id, trustToken };
  },

  'a password reset token was issued to the user': async (p, ctx) => {
    const { user } = await theUser(p, ctx);
    const identifier = identifierOf(user, 'password-reset', p);
    await sendCode(identifier, 'password-reset', user, p, ctx);
    const captured = capturedCode(identifier, 'password-reset', ctx);
    const tenantId = str(p.tenantId);
    const res = await ctx.data.callApi('POST', 'verify-forgot-password-otp', {
      ...refOf(identifier),
      code: captured.code,
      ...(tenantId ? { tenantId } : {}),
    });
    if (res.status !== 200) {
      throw new BadRequestException(`verify-forgot-password-otp answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return { identifier, resetToken: res.body.resetToken, userId: user.id };
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

  /** Forgets the remembered user. */
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
    // nothing to undo: each interaction works on data of its own, which stays behind
    if (action === 'teardown') return {};
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
    };
    try {
      return await match.handler({ ...match.params, ...params }, ctx);
    } catch (error: any) {
      if (error?.getStatus) throw error;
      throw new InternalServerErrorException(`Provider state "${state}" failed: ${error?.message ?? error}`);
    }
  }
}
