import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { NestAuthEvents } from '@ackplus/nest-auth';
import { TestDataService } from './test-data.service';
import { NEST_AUTH_TEST_HOOKS_OPTIONS, NestAuthTestHooksOptions } from './test-hooks.options';

/**
 * Captures the one-time codes the library hands to the application as events (a real app
 * would e-mail or text them), so tests can read them back via GET /__test/otp.
 *
 * The library awaits its listeners (emitAsync) before it answers the HTTP request, so a code
 * is always captured by the time the triggering request has returned.
 *
 * By default only the codes of users the test hooks created are kept: on a shared deployment the
 * codes of everyone else stay out of reach of the test routes. The latest 1000 are kept.
 */
export const PURPOSES = [
  'passwordless',
  'verify-email',
  'verify-phone',
  'mfa',
  'password-reset',
  'invite',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export interface CapturedCode {
  identifier: string | null;
  purpose: Purpose;
  /** Same as purpose: the name used where the server's behaviour was first recorded. */
  kind: Purpose;
  code: string;
  /** Only for invites: the set-password token (also in `code`). */
  token?: string;
  event: string;
  channel: string | null;
  userId: string | null;
  email: string | null;
  phone: string | null;
  tenantId: string | null;
  at: string;
}

interface UserLike {
  id?: string;
  email?: string | null;
  phone?: string | null;
}

/** Emails compare case-insensitively, phones without formatting characters. */
export function normalizeIdentifier(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = String(value).trim();
  if (trimmed === '') return null;
  if (trimmed.includes('@')) return trimmed.toLowerCase();
  if (/^[+\d\s().-]+$/.test(trimmed)) return trimmed.replace(/[^\d+]/g, '');
  return trimmed;
}

export function parsePurpose(raw: unknown): Purpose | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = String(raw).trim().toLowerCase();
  if ((PURPOSES as readonly string[]).includes(value)) return value as Purpose;
  throw new BadRequestException(
    `Unknown purpose "${value}". Use one of: ${PURPOSES.join(', ')}`,
  );
}

const KEPT_CODES = 1000;

@Injectable()
export class CodeCaptureService {
  private readonly codes: CapturedCode[] = [];

  constructor(
    private readonly data: TestDataService,
    @Inject(NEST_AUTH_TEST_HOOKS_OPTIONS) private readonly options: NestAuthTestHooksOptions,
  ) {}

  record(entry: {
    purpose: Purpose;
    event: string;
    code: string;
    user?: UserLike | null;
    identifier?: string | null;
    channel?: string | null;
    tenantId?: string | null;
    token?: string;
  }): CapturedCode {
    const user = entry.user ?? {};
    const captured: CapturedCode = {
      identifier: entry.identifier ?? user.email ?? user.phone ?? null,
      purpose: entry.purpose,
      kind: entry.purpose,
      code: entry.code,
      ...(entry.token ? { token: entry.token } : {}),
      event: entry.event,
      channel: entry.channel ?? null,
      userId: user.id ?? null,
      email: user.email ?? null,
      phone: user.phone ?? null,
      tenantId: entry.tenantId ?? null,
      at: new Date().toISOString(),
    };
    this.codes.push(captured);
    if (this.codes.length > KEPT_CODES) this.codes.shift();
    return captured;
  }

  /** Latest code whose identifier, e-mail, phone or user id matches (newest first). */
  latest(identifier: string, purpose?: Purpose): CapturedCode | undefined {
    const wanted = normalizeIdentifier(identifier);
    for (let i = this.codes.length - 1; i >= 0; i--) {
      const c = this.codes[i];
      if (purpose && c.purpose !== purpose) continue;
      const keys = [c.identifier, c.email, c.phone, c.userId].map(normalizeIdentifier);
      if (wanted !== null && keys.includes(wanted)) return c;
    }
    return undefined;
  }

  all(): CapturedCode[] {
    return [...this.codes];
  }

  clear(): void {
    this.codes.length = 0;
  }

  /** Whether a code sent to this user is kept (see captureCodes in the options). */
  private async keeps(user: UserLike | null | undefined): Promise<boolean> {
    if (this.options.captureCodes === 'all-users') return true;
    return !!user?.id && (await this.data.isCreatedByTestHooks(user.id));
  }

  // ---- listeners: one per event that carries a code -------------------------------------

  @OnEvent(NestAuthEvents.PASSWORDLESS_CODE_REQUESTED)
  async onPasswordless(event: { payload: { user: UserLike; channel: string; code: string; tenantId?: string } }) {
    const { user, channel, code, tenantId } = event.payload;
    if (!(await this.keeps(user))) return;
    this.record({
      purpose: 'passwordless',
      event: NestAuthEvents.PASSWORDLESS_CODE_REQUESTED,
      code,
      user,
      channel,
      tenantId,
      identifier: channel === 'sms' ? user.phone : user.email,
    });
  }

  @OnEvent(NestAuthEvents.EMAIL_VERIFICATION_REQUESTED)
  async onEmailVerification(event: { payload: { user: UserLike; code: string; tenantId?: string } }) {
    const { user, code, tenantId } = event.payload;
    if (!(await this.keeps(user))) return;
    this.record({
      purpose: 'verify-email',
      event: NestAuthEvents.EMAIL_VERIFICATION_REQUESTED,
      code,
      user,
      channel: 'email',
      tenantId,
      identifier: user.email,
    });
  }

  @OnEvent(NestAuthEvents.PHONE_VERIFICATION_REQUESTED)
  async onPhoneVerification(event: { payload: { user: UserLike; code: string; tenantId?: string } }) {
    const { user, code, tenantId } = event.payload;
    if (!(await this.keeps(user))) return;
    this.record({
      purpose: 'verify-phone',
      event: NestAuthEvents.PHONE_VERIFICATION_REQUESTED,
      code,
      user,
      channel: 'sms',
      tenantId,
      identifier: user.phone,
    });
  }

  @OnEvent(NestAuthEvents.TWO_FACTOR_CODE_SENT)
  async onMfaCode(event: { payload: { user: UserLike; method: string; code: string; tenantId?: string } }) {
    const { user, method, code, tenantId } = event.payload;
    if (!(await this.keeps(user))) return;
    this.record({
      purpose: 'mfa',
      event: NestAuthEvents.TWO_FACTOR_CODE_SENT,
      code,
      user,
      channel: method,
      tenantId,
      identifier: method === 'sms' ? user.phone ?? user.email : user.email ?? user.phone,
    });
  }

  @OnEvent(NestAuthEvents.PASSWORD_RESET_REQUESTED)
  async onPasswordReset(event: {
    payload: { user: UserLike; code: string; tenantId?: string; input?: { email?: string; phone?: string } };
  }) {
    const { user, code, tenantId, input } = event.payload;
    if (!(await this.keeps(user))) return;
    this.record({
      purpose: 'password-reset',
      event: NestAuthEvents.PASSWORD_RESET_REQUESTED,
      code,
      user,
      channel: input?.phone && !input?.email ? 'sms' : 'email',
      tenantId,
      identifier: input?.email ?? input?.phone ?? user.email ?? user.phone,
    });
  }

  @OnEvent(NestAuthEvents.USER_INVITED)
  async onInvite(event: { payload: { user: UserLike; token: string; tenantId?: string } }) {
    const { user, token, tenantId } = event.payload;
    if (!(await this.keeps(user))) return;
    this.record({
      purpose: 'invite',
      event: NestAuthEvents.USER_INVITED,
      code: token,
      token,
      user,
      tenantId,
    });
  }
}
