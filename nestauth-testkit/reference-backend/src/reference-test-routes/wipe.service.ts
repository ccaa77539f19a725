import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CodeCaptureService, ProviderStatesService } from '../nest-auth-test-hooks';
import { SessionEventsService } from './session-events.service';

/**
 * The clean slate the SDK's own tests start each test class from (POST /__test/reset). It lives
 * here, in the reference backend's own routes, and never in the drop-in NestAuthTestHooksModule:
 * a deployment under contract verification is never wiped.
 */
@Injectable()
export class WipeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly codes: CodeCaptureService,
    private readonly states: ProviderStatesService,
    private readonly sessionEvents: SessionEventsService,
  ) {}

  /** Empties every table, the captured codes, the session events and the in-memory counters. */
  async wipe(): Promise<void> {
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
    this.codes.clear();
    this.sessionEvents.clear();
    this.states.forget();
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
}
