import { connectTestDatabase, makeEndpoint, makeJob, makeUser, testDatabaseUrl } from '@cronwise/db/testing';
import { DEFAULT_TIER_LIMITS, type Tier } from '@cronwise/domain';
import { BOSS_SCHEMA, createBoss, ensureQueues, QUEUE } from '@cronwise/jobs';
import type { PgBoss } from 'pg-boss';
import type { Clock } from '../clock';
import { closeEngineDependencies, createEngineDependencies, type EngineDependencies } from '../engine';

export const TEST_ENCRYPTION_SECRET = 'test-encryption-secret-with-enough-length';

/** A clock tests move by hand; whatever waits on it wakes when a move reaches its instant. */
export class ManualClock implements Clock {
  private waiters: { at: number; wake: () => void }[] = [];
  private onWait: (() => void)[] = [];

  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = new Date(to);
    this.wakeDue();
  }
  advance(ms: number): void {
    this.set(new Date(this.current.getTime() + ms));
  }
  waitUntil(instant: Date): Promise<void> {
    if (instant.getTime() <= this.current.getTime()) return Promise.resolve();
    return new Promise((wake) => {
      this.waiters.push({ at: instant.getTime(), wake });
      for (const notify of this.onWait.splice(0)) notify();
    });
  }
  /** Resolves once something waits on this clock for an instant still ahead (an event, not a sleep). */
  somethingWaits(): Promise<void> {
    if (this.waiters.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.onWait.push(resolve));
  }
  private wakeDue(): void {
    const due = this.waiters.filter((waiter) => waiter.at <= this.current.getTime());
    this.waiters = this.waiters.filter((waiter) => waiter.at > this.current.getTime());
    for (const waiter of due) waiter.wake();
  }
}

export interface EngineHarness {
  deps: EngineDependencies;
  boss: PgBoss;
  close(): Promise<void>;
}

/** Real pg-boss and a real pool on this test file's database. */
export async function startEngineHarness(options: { clock: Clock; targetAllowlist?: string }): Promise<EngineHarness> {
  const db = connectTestDatabase();
  // Not a supervisor: pg-boss maintenance runs on real time and deletes queued jobs whose
  // start_after is more than the queue's retention in the past, and these tests plan occurrences
  // on a hand-moved clock set to fixed dates. Tests that need supervision (crash recovery) start
  // real worker processes, which supervise.
  const boss = createBoss({ databaseUrl: testDatabaseUrl(), poolSize: 4, isSupervisor: false });
  boss.on('error', () => {});
  await boss.start();
  await ensureQueues(boss);
  const deps = createEngineDependencies({
    databaseUrl: testDatabaseUrl(),
    db,
    boss,
    clock: options.clock,
    tierLimits: structuredClone(DEFAULT_TIER_LIMITS) as EngineDependencies['tierLimits'],
    targetAllowlist: options.targetAllowlist ?? '127.0.0.1/32',
    encryptionSecret: TEST_ENCRYPTION_SECRET,
    sqlPoolSize: 4,
  });
  return {
    deps,
    boss,
    close: async () => {
      await boss.stop({ graceful: false, timeout: 2_000 });
      await closeEngineDependencies(deps);
    },
  };
}

export async function makeEndpointFor(
  deps: EngineDependencies,
  options: { tier?: Tier; url: string; overrides?: Parameters<typeof makeEndpoint>[2] },
) {
  const user = await makeUser(deps.db, { tier: options.tier ?? 'enterprise' });
  const job = await makeJob(deps.db, user.id);
  const endpoint = await makeEndpoint(deps.db, job, { url: options.url, ...options.overrides });
  return { user, job, endpoint };
}

export interface QueuedOccurrence {
  id: string;
  state: string;
  singletonKey: string | null;
  startAfter: Date;
  retryCount: number;
  data: Record<string, unknown> & { occurrenceId: string; kind: string; attempt: number; plannedAt: string };
}

/** The occurrence jobs pg-boss holds for a key, newest first. */
export async function queuedOccurrences(deps: EngineDependencies, singletonKey: string): Promise<QueuedOccurrence[]> {
  const { rows } = await deps.sql.query<QueuedOccurrence>(
    `SELECT id, state::text AS state, singleton_key AS "singletonKey", start_after AS "startAfter",
            retry_count AS "retryCount", data
       FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 ORDER BY created_on DESC`,
    [QUEUE.executeOccurrence, singletonKey],
  );
  return rows;
}

/**
 * Marks a queued occurrence active, as a worker's fetch would, and returns it in
 * the shape the handler receives. Tests drive time by hand, so they claim jobs
 * directly instead of waiting for pg-boss to find them due.
 */
export async function claim(deps: EngineDependencies, occurrence: QueuedOccurrence) {
  await deps.sql.query(
    `UPDATE ${BOSS_SCHEMA}.job SET state = 'active', started_on = now() WHERE name = $1 AND id = $2`,
    [QUEUE.executeOccurrence, occurrence.id],
  );
  return { id: occurrence.id, data: occurrence.data, retryCount: occurrence.retryCount };
}
