import { AddressInfo } from 'node:net';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  AuthConfigService,
  NestAuthRole,
  NestAuthTenant,
  NestAuthUser,
  NestAuthUserAccess,
  PermissionService,
  RoleService,
  TenantService,
} from '@ackplus/nest-auth';
import { decodeJwtPayload } from './crypto-utils';
import { CREATED_BY_TEST_HOOKS, NEST_AUTH_TEST_HOOKS_OPTIONS, NestAuthTestHooksOptions } from './test-hooks.options';

function permissionNamesOf(role: NestAuthRole): string[] {
  return (role.rolePermissions ?? [])
    .map((rp) => rp.permission?.name)
    .filter((n): n is string => !!n);
}

function carriesTheMark(user: NestAuthUser | null): boolean {
  return user?.metadata?.[CREATED_BY_TEST_HOOKS] === true;
}

/** The guard (role namespace) the library uses when none is configured. */
const GUARD = 'web';

export interface UserRef {
  userId?: string;
  email?: string;
  phone?: string;
}

export interface ApiResult {
  status: number;
  body: any;
}

export interface UserTokens {
  userId: string;
  email: string | null;
  phone: string | null;
  accessToken: string;
  refreshToken: string;
  isRequiresMfa: boolean;
}

/**
 * Data set-up for tests: goes through the library's own services and entities wherever they
 * exist, and through the app's real HTTP API for sign-up and login. It never deletes anything.
 */
@Injectable()
export class TestDataService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantService,
    private readonly roles: RoleService,
    private readonly permissions: PermissionService,
    private readonly httpAdapterHost: HttpAdapterHost,
    private readonly applicationConfig: ApplicationConfig,
    @Inject(NEST_AUTH_TEST_HOOKS_OPTIONS) private readonly options: NestAuthTestHooksOptions,
  ) {}

  // ---- users -----------------------------------------------------------------------------

  async findUser(ref: UserRef): Promise<NestAuthUser> {
    const repo = this.dataSource.getRepository(NestAuthUser);
    let user: NestAuthUser | null = null;
    if (ref.userId) user = await repo.findOne({ where: { id: ref.userId } });
    else if (ref.email) user = await repo.findOne({ where: { email: ref.email.trim().toLowerCase() } });
    else if (ref.phone) user = await repo.findOne({ where: { phone: ref.phone.trim().replace(/\s+/g, '') } });
    else throw new BadRequestException('Give one of userId, email or phone');
    if (!user) {
      throw new NotFoundException(`No user with ${ref.userId ?? ref.email ?? ref.phone}`);
    }
    return user;
  }

  async userExists(ref: UserRef): Promise<boolean> {
    try {
      await this.findUser(ref);
      return true;
    } catch (error) {
      if (error instanceof NotFoundException) return false;
      throw error;
    }
  }

  /** Whether the test hooks created this user (its metadata carries the mark). */
  async isCreatedByTestHooks(userId: string): Promise<boolean> {
    const user = await this.dataSource.getRepository(NestAuthUser).findOne({ where: { id: userId } });
    return carriesTheMark(user);
  }

  /**
   * A user the test hooks created (its metadata carries the mark); any other user is refused, so
   * that a provider state never changes data it did not make.
   */
  async ownedUser(ref: UserRef): Promise<NestAuthUser> {
    const user = await this.findUser(ref);
    if (!carriesTheMark(user)) {
      throw new BadRequestException(
        `Refusing to change user ${ref.userId ?? ref.email ?? ref.phone}: the test hooks did not create it`,
      );
    }
    return user;
  }

  /** Marks a user as made by the test hooks (in its metadata). */
  async markCreatedByTestHooks(userId: string): Promise<void> {
    const repo = this.dataSource.getRepository(NestAuthUser);
    const user = await repo.findOne({ where: { id: userId } });
    if (!user) throw new NotFoundException(`No user with ${userId}`);
    user.metadata = { ...(user.metadata ?? {}), [CREATED_BY_TEST_HOOKS]: true };
    await repo.save(user);
  }

  async setFlags(
    ref: UserRef,
    flags: {
      isMfaEnabled?: boolean;
      emailVerified?: boolean;
      phoneVerified?: boolean;
      mustChangePassword?: boolean;
      isActive?: boolean;
    },
  ) {
    const user = await this.findUser(ref);
    if (flags.isMfaEnabled !== undefined) user.isMfaEnabled = !!flags.isMfaEnabled;
    if (flags.mustChangePassword !== undefined) user.mustChangePassword = !!flags.mustChangePassword;
    if (flags.isActive !== undefined) user.isActive = !!flags.isActive;
    if (flags.emailVerified !== undefined) {
      user.emailVerifiedAt = (flags.emailVerified ? new Date() : null) as any;
    }
    if (flags.phoneVerified !== undefined) {
      user.phoneVerifiedAt = (flags.phoneVerified ? new Date() : null) as any;
    }
    await this.dataSource.getRepository(NestAuthUser).save(user);
    return {
      userId: user.id,
      email: user.email ?? null,
      phone: user.phone ?? null,
      isMfaEnabled: user.isMfaEnabled,
      emailVerifiedAt: user.emailVerifiedAt ?? null,
      phoneVerifiedAt: user.phoneVerifiedAt ?? null,
      mustChangePassword: user.mustChangePassword,
      isActive: user.isActive,
    };
  }

  // ---- tenants, memberships, roles -------------------------------------------------------

  /** Creates a tenant; the library refuses a slug that exists (409 TENANT_ALREADY_EXISTS). */
  async createTenant(name: string, slug: string, createdByTestHooks = false): Promise<NestAuthTenant> {
    if (!slug) throw new BadRequestException('slug is required');
    return this.tenants.createTenant({
      name: name || slug,
      slug,
      isActive: true,
      ...(createdByTestHooks ? { metadata: { [CREATED_BY_TEST_HOOKS]: true } } : {}),
    });
  }

  async findTenantBySlug(slug: string): Promise<NestAuthTenant | null> {
    return (await this.tenants.getTenantBySlug(slug)) ?? null;
  }

  /** The user's membership of a tenant (tenantId null = the tenant-less access row). */
  async addMembership(ref: UserRef, tenantId: string | null, roleNames: string[] = []) {
    const user = await this.findUser(ref);
    if (tenantId && !(await this.tenants.getTenantById(tenantId))) {
      throw new NotFoundException(`No tenant with id ${tenantId}`);
    }
    const access = await user.getUserAccess(tenantId ?? undefined, true);
    const roles: NestAuthRole[] = [];
    for (const name of roleNames) roles.push(await this.ensureRole(name, tenantId, []));
    const withRoles = await this.addRolesToAccess(access, roles);
    return {
      userId: user.id,
      tenantId: withRoles.tenantId ?? null,
      accessId: withRoles.id,
      status: withRoles.status,
      roles: (withRoles.roles ?? []).map((r) => r.name),
    };
  }

  /** Gives the user a role carrying the permissions (both created when missing). */
  async grant(ref: UserRef, roleName: string, permissionNames: string[], tenantId: string | null) {
    if (!roleName) throw new BadRequestException('role is required');
    const user = await this.findUser(ref);
    const role = await this.ensureRole(roleName, tenantId, permissionNames);
    const access = await user.getUserAccess(tenantId ?? undefined, true);
    await this.addRolesToAccess(access, [role]);
    return {
      userId: user.id,
      tenantId,
      role: { id: role.id, name: role.name, guard: role.guard },
      // everything the role now carries (earlier grants to the same role included)
      permissions: permissionNamesOf(role),
    };
  }

  /**
   * Gives the user a new role (outside tenants) carrying the permissions; null when a role of that
   * name exists already, which is then left alone. Missing permissions are created.
   */
  async grantNewRole(ref: UserRef, roleName: string, permissionNames: string[]) {
    if (await this.roles.getRoleByName(roleName, GUARD, undefined)) return null;
    return this.grant(ref, roleName, permissionNames, null);
  }

  private async ensureRole(name: string, tenantId: string | null, permissionNames: string[]): Promise<NestAuthRole> {
    for (const permission of permissionNames) {
      if (!(await this.permissions.getPermissionByName(permission, GUARD))) {
        await this.permissions.createPermission({ name: permission, guard: GUARD });
      }
    }
    const existing = await this.roles.getRoleByName(name, GUARD, tenantId ?? undefined);
    if (!existing) {
      return this.roles.createRole(name, GUARD, tenantId, false, permissionNames);
    }
    const current = permissionNamesOf(existing);
    const missing = permissionNames.filter((p) => !current.includes(p));
    if (missing.length === 0) return existing;
    return this.roles.updateRolePermissions(existing.id, [...current, ...missing]);
  }

  private async addRolesToAccess(access: NestAuthUserAccess, roles: NestAuthRole[]): Promise<NestAuthUserAccess> {
    const repo = this.dataSource.getRepository(NestAuthUserAccess);
    const loaded = await repo.findOne({ where: { id: access.id }, relations: ['roles'] });
    if (!loaded) throw new NotFoundException('membership vanished');
    const ids = new Set((loaded.roles ?? []).map((r) => r.id));
    for (const role of roles) {
      if (!ids.has(role.id)) {
        loaded.roles = [...(loaded.roles ?? []), role];
        ids.add(role.id);
      }
    }
    return repo.save(loaded);
  }

  // ---- the real API, called over HTTP ----------------------------------------------------

  /**
   * Calls one of the library's routes; `route` is relative to its route prefix (`login`, not
   * `/auth/login`), so the hooks work whatever ROUTE_PREFIX is. Tokens are in the body in every
   * token delivery: the client's choice is asked to use headers, and in cookie mode the tokens
   * are read back from the Set-Cookie headers.
   */
  async callApi(method: string, route: string, body?: unknown, bearer?: string): Promise<ApiResult> {
    const routePrefix = (AuthConfigService.getOptions()?.routePrefix || 'auth').replace(/^\/+|\/+$/g, '');
    const response = await fetch(`${this.apiBaseUrl()}/${routePrefix}/${route.replace(/^\/+/, '')}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-access-token-type': 'header',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // keep the raw text
    }
    if (parsed && typeof parsed === 'object' && !parsed.accessToken) {
      Object.assign(parsed, tokensFromCookies(response.headers.getSetCookie()));
    }
    return { status: response.status, body: parsed };
  }

  /** Logs in with email or phone + password through POST /auth/login. */
  async login(ref: { email?: string; phone?: string }, password: string, tenantId?: string): Promise<UserTokens> {
    const providerName = ref.email ? 'email' : 'phone';
    const credentials = ref.email ? { email: ref.email, password } : { phone: ref.phone, password };
    const res = await this.callApi('POST', 'login', {
      providerName,
      credentials,
      ...(tenantId ? { tenantId } : {}),
    });
    return this.tokensOf(res, 'login');
  }

  /**
   * Signs a new user up through POST <routePrefix>/signup. Answers null when the email or phone is
   * taken: the caller picks another one; an existing account is never touched.
   */
  async signUpNewUser(ref: { email?: string; phone?: string }, password: string): Promise<UserTokens | null> {
    const signup = await this.callApi('POST', 'signup', {
      ...(ref.email ? { email: ref.email } : { phone: ref.phone }),
      password,
    });
    const code = signup.body?.code;
    if (code === 'EMAIL_ALREADY_EXISTS' || code === 'PHONE_ALREADY_EXISTS' || signup.status === 409) return null;
    const tokens = this.tokensOf(signup, 'signup');
    if (!tokens.accessToken) {
      // registration.autoLoginAfterSignup: false answers without tokens
      return { ...(await this.login(ref, password)), userId: tokens.userId || (await this.findUser(ref)).id };
    }
    return tokens;
  }

  /**
   * The app's own API with its global prefix: the configured apiBaseUrl, else http on the address
   * the server listens on (127.0.0.1 for every interface) and its port.
   */
  apiBaseUrl(): string {
    if (this.options.apiBaseUrl) return this.options.apiBaseUrl.replace(/\/+$/, '');
    const address = this.httpAdapterHost.httpAdapter?.getHttpServer()?.address() as AddressInfo | string | null;
    if (!address || typeof address === 'string') {
      throw new BadRequestException(
        'The app does not listen on a TCP port yet: set apiBaseUrl in NestAuthTestHooksModule.register()',
      );
    }
    const wildcard = ['0.0.0.0', '::', ''].includes(address.address);
    const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const prefix = this.applicationConfig.getGlobalPrefix().replace(/^\/+|\/+$/g, '');
    return `http://${host}:${address.port}${prefix ? '/' + prefix : ''}`;
  }

  private tokensOf(res: ApiResult, what: string): UserTokens {
    if (res.status !== 200 && res.status !== 201) {
      throw new BadRequestException(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const claims = res.body?.accessToken ? decodeJwtPayload(res.body.accessToken) : {};
    return {
      userId: claims.sub ?? claims.id ?? '',
      email: claims.email ?? null,
      phone: claims.phone ?? null,
      accessToken: res.body.accessToken,
      refreshToken: res.body.refreshToken,
      isRequiresMfa: !!res.body.isRequiresMfa,
    };
  }
}

/**
 * The tokens a cookie-mode answer set: `accessToken`/`refreshToken`, or with several accounts
 * `accessToken_<userId>`/`refreshToken_<userId>` (the library's cookie names).
 */
function tokensFromCookies(setCookies: string[]): { accessToken?: string; refreshToken?: string } {
  const found: { accessToken?: string; refreshToken?: string } = {};
  for (const header of setCookies) {
    const pair = header.split(';')[0];
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = decodeURIComponent(pair.slice(eq + 1).trim());
    if (!value) continue;
    if (name === 'accessToken' || name.startsWith('accessToken_')) found.accessToken = value;
    if (name === 'refreshToken' || name.startsWith('refreshToken_')) found.refreshToken = value;
  }
  return found;
}
