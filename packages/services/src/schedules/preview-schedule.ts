import { minimumGapMs, nextOccurrences, parseSchedule } from '@cronwise/domain';
import type { ServiceDependencies } from '../dependencies';
import type { ScheduleInput } from '../endpoints/endpoint-settings';

export const MAX_PREVIEW_COUNT = 50;

/**
 * The next `count` fire times of a schedule and its smallest gap (daylight-saving changes in the
 * coming year included), so a person sees what a cron expression means before saving it.
 */
export function previewSchedule(
  deps: Pick<ServiceDependencies, 'clock'>,
  input: { schedule: ScheduleInput; from?: Date; count: number },
): { occurrences: Date[]; minGapMs: number | null } {
  const schedule = parseSchedule(input.schedule);
  const from = input.from ?? deps.clock.now();
  const occurrences = nextOccurrences(schedule, { from, count: Math.min(input.count, MAX_PREVIEW_COUNT) });
  const gapMs = minimumGapMs(schedule, { from });
  return { occurrences, minGapMs: Number.isFinite(gapMs) ? gapMs : null };
}
