import { PgBoss } from 'pg-boss';
import { QUEUE_OPTIONS, type QueueName } from './queues';

export interface CreateBossOptions {
  databaseUrl: string;
  /** Connections in pg-boss's own pool. */
  poolSize?: number;
  /** Only the worker supervises and maintains queues; producers just send. */
  isSupervisor?: boolean;
  isScheduler?: boolean;
}

export const BOSS_SCHEMA = 'pgboss';

export function createBoss(options: CreateBossOptions): PgBoss {
  return new PgBoss({
    connectionString: options.databaseUrl,
    schema: BOSS_SCHEMA,
    max: options.poolSize ?? 10,
    supervise: options.isSupervisor ?? false,
    // The monitor fails occurrences whose worker stopped heartbeating (a crash), so another
    // worker retries them; checking often keeps that recovery within seconds.
    monitorIntervalSeconds: 5,
    superviseIntervalSeconds: 10,
    schedule: options.isScheduler ?? false,
    migrate: true,
  });
}

/**
 * Creates any missing queue with its contract options (idempotent). pg-boss cannot change a
 * queue's policy in place, so an empty queue whose contract changed policy is recreated (a
 * queue that still holds jobs is left alone rather than losing them).
 */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  const existing = new Map((await boss.getQueues()).map((queue) => [queue.name, queue]));
  for (const [name, options] of Object.entries(QUEUE_OPTIONS) as [QueueName, (typeof QUEUE_OPTIONS)[QueueName]][]) {
    const queue = existing.get(name);
    if (!queue) {
      await boss.createQueue(name, options);
    } else if (options.policy && queue.policy !== options.policy && queue.totalCount === 0) {
      await boss.deleteQueue(name);
      await boss.createQueue(name, options);
    }
  }
}
