import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { NestAuthEvents } from '@ackplus/nest-auth';

export interface SessionEventCounts {
  /** Refreshes the server granted. */
  refreshes: number;
  /** Used refresh tokens presented again (the server revokes the session on each). */
  reuseDetections: number;
}

/**
 * Counts, per user, the refreshes the library granted and the refresh-token reuses it detected,
 * so tests of clients sharing a session can prove "one refresh per expiry, never a reuse".
 */
@Injectable()
export class SessionEventsService {
  private readonly counts = new Map<string, SessionEventCounts>();

  of(userId: string): SessionEventCounts {
    return { ...(this.counts.get(userId) ?? { refreshes: 0, reuseDetections: 0 }) };
  }

  clear(): void {
    this.counts.clear();
  }

  private bump(userId: string | undefined, field: keyof SessionEventCounts): void {
    const key = userId ?? '(unknown)';
    const entry = this.counts.get(key) ?? { refreshes: 0, reuseDetections: 0 };
    entry[field] += 1;
    this.counts.set(key, entry);
  }

  @OnEvent(NestAuthEvents.REFRESH_TOKEN)
  onRefresh(event: { payload?: { session?: { userId?: string } } }) {
    this.bump(event?.payload?.session?.userId, 'refreshes');
  }

  @OnEvent(NestAuthEvents.REFRESH_TOKEN_REUSE_DETECTED)
  onReuse(event: { userId?: string }) {
    this.bump(event?.userId, 'reuseDetections');
  }
}
