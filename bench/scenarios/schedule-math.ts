/**
 * `pnpm bench schedules`: schedule math timings, pure CPU (no database). A preview of 50 runs and
 * a plan after a missed run, for a sparse expression (`0 0 29 2 *`, runs four years apart)
 * against a dense one (`0 * * * *`), in a zone with daylight saving. Sparse expressions should
 * cost about as much as dense ones (the unit tests bound the work in time-zone lookups; this
 * reports the time).
 */
import { type CronSchedule, nextOccurrences, planNextRun } from '@cronwise/domain';

const ZONE = 'Europe/Berlin';
const NOW = new Date('2026-12-02T12:00:00Z');
const REPEATS = 25;

export interface ScheduleMathReport {
  previewSparseMs: number;
  previewDenseMs: number;
  planAfterMissSparseMs: number;
  planAfterMissDenseMs: number;
  /** Sparse ÷ dense, medians: about 1 is the goal. */
  previewRatio: number;
  planRatio: number;
}

function medianMs(work: () => unknown): number {
  work();
  const samples: number[] = [];
  for (let index = 0; index < REPEATS; index += 1) {
    const startedAt = performance.now();
    work();
    samples.push(performance.now() - startedAt);
  }
  samples.sort((a, b) => a - b);
  return Number((samples[Math.floor(samples.length / 2)] ?? 0).toFixed(3));
}

function preview(cron: string) {
  const schedule: CronSchedule = { type: 'cron', cron, timezone: ZONE };
  return () => nextOccurrences(schedule, { from: NOW, count: 50 });
}

function planAfterMiss(cron: string, lastPlannedAt: Date) {
  return () =>
    planNextRun({
      now: NOW,
      endpointId: 'bench',
      schedule: { type: 'cron', cron, timezone: ZONE },
      lastPlannedAt,
      lastRunAt: lastPlannedAt,
      catchUp: 'skip',
      failureStreak: 0,
      tierMinIntervalMs: 60_000,
    });
}

export function scheduleMathReport(): ScheduleMathReport {
  const previewSparseMs = medianMs(preview('0 0 29 2 *'));
  const previewDenseMs = medianMs(preview('0 * * * *'));
  // One missed leap day (2024) for the sparse plan, one missed day of hourly runs for the dense one.
  const planAfterMissSparseMs = medianMs(planAfterMiss('0 0 29 2 *', new Date('2020-02-28T23:00:00Z')));
  const planAfterMissDenseMs = medianMs(planAfterMiss('0 * * * *', new Date('2026-12-01T12:00:00Z')));
  const ratio = (top: number, bottom: number) => Number((top / Math.max(bottom, 0.001)).toFixed(2));
  return {
    previewSparseMs,
    previewDenseMs,
    planAfterMissSparseMs,
    planAfterMissDenseMs,
    previewRatio: ratio(previewSparseMs, previewDenseMs),
    planRatio: ratio(planAfterMissSparseMs, planAfterMissDenseMs),
  };
}
