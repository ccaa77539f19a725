import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { settings } from '../settings';
import { CodeCaptureService, TestDataService } from '../nest-auth-test-hooks';
import { expiredCopy, totp } from '../nest-auth-test-hooks/crypto-utils';
import { UserRef } from '../nest-auth-test-hooks/test-data.service';
import { SessionEventsService } from './session-events.service';
import { signIdToken } from './test-oidc.provider';
import { WipeService } from './wipe.service';

/**
 * The reference backend's own test routes, beside the drop-in module's /__test routes. They
 * exist in this backend only: they force data by name, wipe everything and sign tokens with the
 * app's secrets, which no deployment under verification needs.
 * Bodies are plain JSON (no DTO classes), so the global ValidationPipe leaves them alone.
 */
@Controller('__test')
export class ReferenceTestRoutesController {
  constructor(
    private readonly codes: CodeCaptureService,
    private readonly data: TestDataService,
    private readonly wipeService: WipeService,
    private readonly sessionEvents: SessionEventsService,
  ) {}

  /** Refreshes granted and refresh-token reuses detected for one user since the last reset. */
  @Get('session-events')
  sessionEventCounts(@Query('userId') userId?: string) {
    if (!userId) throw new BadRequestException('userId is required');
    return this.sessionEvents.of(userId);
  }

  @Get('otps')
  allCodes() {
    return this.codes.all();
  }

  @Delete('otps')
  clearCodes() {
    this.codes.clear();
    return { cleared: true };
  }

  @Post('reset')
  @HttpCode(200)
  async reset() {
    await this.wipeService.wipe();
    return { reset: true };
  }

  @Post('tenants')
  async createTenant(@Body() body: { name?: string; slug?: string }) {
    const tenant = await this.data.createTenant(body?.name ?? '', body?.slug ?? '');
    return { id: tenant.id, name: tenant.name, slug: tenant.slug, isActive: tenant.isActive };
  }

  // "tenant-members": the name used where the server's behaviour was first recorded.
  @Post(['memberships', 'tenant-members'])
  @HttpCode(200)
  addMembership(@Body() body: UserRef & { tenantId?: string; roles?: string[] }) {
    if (!body?.tenantId) throw new BadRequestException('tenantId is required');
    return this.data.addMembership(userRef(body), body.tenantId, toStringArray(body.roles));
  }

  @Post('users/flags')
  @HttpCode(200)
  setFlags(
    @Body()
    body: UserRef & {
      isMfaEnabled?: boolean;
      emailVerified?: boolean;
      phoneVerified?: boolean;
      mustChangePassword?: boolean;
      isActive?: boolean;
    },
  ) {
    return this.data.setFlags(userRef(body), body);
  }

  // "users/roles": the name used where the server's behaviour was first recorded.
  @Post(['roles/grant', 'users/roles'])
  @HttpCode(200)
  grant(@Body() body: UserRef & { role?: string; permissions?: string[]; tenantId?: string }) {
    return this.data.grant(userRef(body), body?.role ?? '', toStringArray(body?.permissions), body?.tenantId ?? null);
  }

  @Post('tokens/expired')
  @HttpCode(200)
  expired(@Body() body: { accessToken?: string; token?: string }) {
    const token = body?.accessToken ?? body?.token;
    if (!token) throw new BadRequestException('accessToken is required');
    try {
      const copy = expiredCopy(token, settings.jwtSecret);
      return { accessToken: copy.token, exp: copy.exp };
    } catch (error: any) {
      throw new BadRequestException(`Cannot re-sign this token: ${error?.message ?? error}`);
    }
  }

  @Post('totp')
  @HttpCode(200)
  totpCode(@Body() body: { secret?: string; time?: number }) {
    if (!body?.secret) throw new BadRequestException('secret (base32) is required');
    const at = typeof body.time === 'number' ? body.time * 1000 : Date.now();
    try {
      return { code: totp(body.secret, at) };
    } catch (error: any) {
      throw new BadRequestException(error?.message ?? String(error));
    }
  }

  /** An ID token for the test-oidc provider, signed with the key the backend made at start. */
  @Post('social/id-token')
  @HttpCode(200)
  socialIdToken(
    @Body()
    body: {
      email?: string;
      name?: string;
      sub?: string;
      emailVerified?: boolean;
      expiresInSeconds?: number;
      issuer?: string;
      audience?: string;
    },
  ) {
    if (typeof body?.email !== 'string' || body.email.trim() === '') {
      throw new BadRequestException('email is required');
    }
    if (body.expiresInSeconds !== undefined && typeof body.expiresInSeconds !== 'number') {
      throw new BadRequestException('expiresInSeconds must be a number');
    }
    return signIdToken({
      email: body.email,
      name: optionalString(body.name),
      sub: optionalString(body.sub),
      emailVerified: body.emailVerified === undefined ? undefined : !!body.emailVerified,
      expiresInSeconds: body.expiresInSeconds,
      issuer: optionalString(body.issuer),
      audience: optionalString(body.audience),
    });
  }
}

function userRef(body: UserRef | undefined): UserRef {
  return { userId: body?.userId, email: body?.email, phone: body?.phone };
}

function optionalString(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function toStringArray(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
