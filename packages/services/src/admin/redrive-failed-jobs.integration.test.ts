import { QUEUE } from '@cronwise/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { type EngineHarness, startEngineHarness } from '../testing';
import { redriveFailedJobs } from './redrive-failed-jobs';

let harness: EngineHarness;

beforeAll(async () => {
  harness = await startEngineHarness({ clock: systemClock });
});
afterAll(async () => {
  await harness.close();
});

/** A job on the billing review queue that a worker fetched and failed. */
async function failedJob(userId: string): Promise<string> {
  const id = await harness.boss.send(QUEUE.reviewBilling, { userId }, { singletonKey: userId, retryLimit: 0 });
  if (!id) throw new Error('pg-boss did not accept the job');
  const [fetched] = await harness.boss.fetch(QUEUE.reviewBilling);
  expect(fetched?.id).toBe(id);
  await harness.boss.fail(QUEUE.reviewBilling, id, { reason: 'Stripe was down' });
  expect((await harness.boss.getJobById(QUEUE.reviewBilling, id))?.state).toBe('failed');
  return id;
}

describe('redriveFailedJobs', () => {
  it('puts failed jobs back in line, and only those failed since the given time', async () => {
    const id = await failedJob('00000000-0000-7000-8000-000000000001');

    const later = await redriveFailedJobs(harness.deps, {
      queue: QUEUE.reviewBilling,
      since: new Date(Date.now() + 60_000),
    });
    expect(later).toEqual({ queue: QUEUE.reviewBilling, found: 0, redriven: 0 });
    expect((await harness.boss.getJobById(QUEUE.reviewBilling, id))?.state).toBe('failed');

    const result = await redriveFailedJobs(harness.deps, {
      queue: QUEUE.reviewBilling,
      since: new Date(Date.now() - 60_000),
    });
    expect(result).toEqual({ queue: QUEUE.reviewBilling, found: 1, redriven: 1 });
    expect((await harness.boss.getJobById(QUEUE.reviewBilling, id))?.state).toBe('retry');
    const [again] = await harness.boss.fetch(QUEUE.reviewBilling);
    expect(again?.id).toBe(id);
  });

  it('names the queues there are when the name is wrong', async () => {
    await expect(redriveFailedJobs(harness.deps, { queue: 'execute-occurences' })).rejects.toThrow(
      /there is no queue "execute-occurences"; choose one of execute-occurrence, /,
    );
  });
});
