import * as path from 'node:path';
import {
  BadRequestException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  NestAuthRole,
  NestAuthTenant,
  NestAuthUser,
  NestAuthUserAccess,
  PermissionService,
  RoleService,
  TenantService,
} from '@ackplus/nest-auth';
import { runtime, settings } from '../settings';
import { decodeJwtPayload } from './crypto-utils';

function permissionNamesOf(role: NestAuthRole): string[] {
  return (role.rolePermissions ?? [])
    .map((rp) => rp.permission?.name)
    .filter((n): n is string => !!n);
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
 * Data set-up and tear-down for tests: goes through the library's own services and entities
 * wherever they exist, and through the real HTTP API for sign-up and login.
 */
@Injectable()
export class TestDataService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly tenants: TenantService,
    private readonly roles: RoleService,
    private readonly permissions: PermissionService,
  ) {}

  // ---- reset -----------------------------------------------------------------------------

  /** Empties every table (join tables included) and the library's in-memory counters. */
  async reset(): Promise<void> {
    // Foreign keys off: deleting in any order is then fine. The pragma cannot change inside a
    // transaction, so it brackets the deletes.
    await this.dataSource.query('PRAGMA foreign_keys = OFF');
    try {
      for (const meta of this.dataSource.entityMetadatas) {
        await this.dataSource.query(`DELETE FROM "${meta.tableName}"`);
      }
    } finally {
      await this.dataSource.query('PRAGMA foreign_keys = ON');
    }
    this.clearInMemoryCounters();
  }

  /**
   * Rate-limit buckets and lockout counters live in memory in two services the package does
   * not export; without clearing them a test that trips them would poison the next one.
   */
  private clearInMemoryCounters(): void {
    const targets: Array<[string, string, (svc: any) => void]> = [
      ['lib/core/services/rate-limit.service', 'RateLimitService', (s) => s.memoryStore?.map?.clear?.()],
      ['lib/core/services/lockout.service', 'LockoutService', (s) => s.store?.clear?.()],
    ];
    const distDir = path.dirname(require.resolve('@ackplus/nest-auth'));
    for (const [file, exportName, clear] of targets) {
      try {
        // The package's "exports" map hides these files; an absolute path reaches the very
        // module instance Nest already loaded.
        const cls = require(path.join(distDir, file))[exportName];
        clear(this.moduleRef.get(cls, { strict: false }));
      } catch {
        // Best effort: a later library version may move them; the DB reset still happened.
      }
    }
  }

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

  /** Sets the password through the entity (same hashing as the library). */
  async setPassword(ref: UserRef, password: string): Promise<void> {
    const user = await this.findUser(ref);
    await user.setPassword(password);
    await this.dataSource.getRepository(NestAuthUser).save(user);
  }

  // ---- tenants, memberships, roles -------------------------------------------------------

  async createTenant(name: string, slug: string): Promise<NestAuthTenant> {
    if (!slug) throw new BadRequestException('slug is required');
    return this.tenants.createTenant({ name: name || slug, slug, isActive: true });
  }

  async findTenantBySlug(slug: string): Promise<NestAuthTenant | null> {
    return (await this.tenants.getTenantBySlug(slug)) ?? null;
  }

  async ensureTenant(slug: string, name?: string): Promise<NestAuthTenant> {
    return (await this.findTenantBySlug(slug)) ?? (await this.createTenant(name ?? slug, slug));
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
    const response = await fetch(`${runtime.apiBaseUrl}/${settings.routePrefix}/${route.replace(/^\/+/, '')}`, {
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
   * Signs the user up through POST /auth/signup; if the user already exists, sets the wanted
   * password and logs in instead, so the state holds whatever ran before.
   */
  async ensureUser(ref: { email?: string; phone?: string }, password: string): Promise<UserTokens> {
    const signup = await this.callApi('POST', 'signup', {
      ...(ref.email ? { email: ref.email } : { phone: ref.phone }),
      password,
    });
    if (signup.status === 200 || signup.status === 201) return this.tokensOf(signup, 'signup');
    const code = signup.body?.code;
    if (code === 'EMAIL_ALREADY_EXISTS' || code === 'PHONE_ALREADY_EXISTS' || signup.status === 409) {
      await this.setPassword(ref, password);
      return this.login(ref, password);
    }
    throw new BadRequestException(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  }

  private tokensOf(res: ApiResult, what: string): UserTokens {
    if (res.status !== 200 && res.status !== 201) {
      throw new BadRequestException(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const claims = decodeJwtPayload(res.body.accessToken);
    return {
      userId: claims.sub ?? claims.id,
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
