import { describe, expect, it } from 'vitest';
import { systemClock } from './clock';
import { ManualClock } from './testing/engine-harness';

describe('waiting on a clock', () => {
  it('the system clock resolves at or after the instant, never before', async () => {
    const instants = [5, 12, 20].map((ms) => new Date(Date.now() + ms));
    const wokeAt = await Promise.all(
      instants.map(async (at) => {
        await systemClock.waitUntil(at);
        return Date.now();
      }),
    );

    expect(wokeAt.every((ms, index) => ms >= (instants[index]?.getTime() ?? Number.POSITIVE_INFINITY))).toBe(true);
  });

  it('the system clock does not wait for an instant already past', async () => {
    const before = Date.now();
    await systemClock.waitUntil(new Date(before - 1_000));
    expect(Date.now() - before).toBeLessThan(1_000);
  });

  it('a manual clock wakes a waiter only once it is moved to the instant', async () => {
    const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
    const woken: string[] = [];
    const waiting = clock
      .waitUntil(new Date('2026-12-01T10:00:01.000Z'))
      .then(() => woken.push(clock.now().toISOString()));
    await clock.somethingWaits();

    clock.advance(999);
    await Promise.resolve();
    expect(woken).toEqual([]);
    clock.advance(1);
    await waiting;
    expect(woken).toEqual(['2026-12-01T10:00:01.000Z']);
  });
});
