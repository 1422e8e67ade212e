import { withTransaction } from '@cronwise/db';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { queueDueOccurrences } from '../engine/queue-due-occurrences';
import { rescheduleEndpoint } from '../engine/reschedule-endpoint';
import { type EngineHarness, ManualClock, queuedOccurrences, startEngineHarness } from './engine-harness';
import { TargetServer } from './target-server';

/** Long enough to queue any occurrence a test plans (quota deferrals reach into next month). */
const EVERYTHING_PLANNED_MS = 400 * 24 * 60 * 60_000;

export interface EngineTestbed {
  clock: ManualClock;
  /** Set in `beforeAll`. */
  harness: EngineHarness;
  /** A real local HTTP target; answers 200 `{"ok":true}` again after every test. */
  target: TargetServer;
  /** Plans an endpoint as a create would. */
  schedule(endpointId: string): ReturnType<typeof rescheduleEndpoint>;
  /** The endpoint's waiting occurrence, queued first however far ahead it is (tests drive time by hand). */
  nextOccurrence(endpointId: string): Promise<Awaited<ReturnType<typeof queuedOccurrences>>[number]>;
}

/**
 * The engine's integration-test setup in one call (Vitest hooks included): the per-file database
 * with real pg-boss, a manual clock reset to `start` after each test, and a local target.
 */
export function useEngineTestbed(start: Date): EngineTestbed {
  const clock = new ManualClock(start);
  const bed = { clock } as EngineTestbed;
  beforeAll(async () => {
    bed.harness = await startEngineHarness({ clock });
    bed.target = await TargetServer.start();
  });
  afterAll(async () => {
    await bed.target.close();
    await bed.harness.close();
  });
  afterEach(() => {
    clock.set(start);
    bed.target.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    };
  });
  bed.schedule = (endpointId) =>
    withTransaction(bed.harness.deps.db, (tx) => rescheduleEndpoint(bed.harness.deps, tx, endpointId));
  bed.nextOccurrence = async (endpointId) => {
    await queueDueOccurrences(bed.harness.deps, { horizonMs: EVERYTHING_PLANNED_MS });
    const [queued] = (await queuedOccurrences(bed.harness.deps, endpointId)).filter((job) => job.state === 'created');
    if (!queued) throw new Error(`no queued occurrence for ${endpointId}`);
    return queued;
  };
  return bed;
}
