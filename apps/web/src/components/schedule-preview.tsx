import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { readApiError } from '../lib/errors';
import { formatDateTime, formatDuration } from '../lib/format';
import { trpc } from '../lib/trpc';
import { isKnownTimeZone } from './time-zone-input';
import { Skeleton } from './ui';

const PREVIEW_DEBOUNCE_MS = 350;
const PREVIEW_COUNT = 5;

export type PreviewSchedule =
  | { type: 'cron'; cron: string; timezone: string }
  | { type: 'interval'; intervalMs: number };

/** The next fire times of the schedule being typed, asked of the server after a short pause. */
export function SchedulePreview({
  schedule,
  minimumGapMs,
}: {
  schedule: PreviewSchedule;
  minimumGapMs?: number | null;
}) {
  const preview = useMutation(trpc.schedules.preview.mutationOptions());
  const key = JSON.stringify(schedule);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the serialised schedule is the dependency
  useEffect(() => {
    const isComplete =
      schedule.type === 'cron' ? schedule.cron.trim() && schedule.timezone.trim() : schedule.intervalMs > 0;
    if (!isComplete) return;
    const timer = setTimeout(() => {
      preview.mutate(
        schedule.type === 'cron'
          ? { cron: schedule.cron.trim(), timezone: schedule.timezone.trim(), count: PREVIEW_COUNT }
          : { intervalMs: schedule.intervalMs, count: PREVIEW_COUNT },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);

  const zone = schedule.type === 'cron' && isKnownTimeZone(schedule.timezone) ? schedule.timezone : undefined;
  const isTooFrequent =
    minimumGapMs &&
    preview.data?.minGapMs !== null &&
    preview.data?.minGapMs !== undefined &&
    preview.data.minGapMs < minimumGapMs;
  return (
    <div
      aria-live="polite"
      data-testid="schedule-preview"
      className="rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200 dark:bg-slate-950 dark:ring-slate-800"
    >
      <p className="mb-2 font-medium">Next runs{zone ? ` (${zone})` : ''}</p>
      {preview.isPending && !preview.data ? (
        <div className="space-y-1.5">
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : preview.error ? (
        <p className="text-red-700 dark:text-red-400">{readApiError(preview.error).message}</p>
      ) : preview.data ? (
        <>
          <ol className="space-y-0.5 font-mono text-xs">
            {preview.data.occurrences.map((occurrence) => (
              <li key={occurrence}>{formatDateTime(occurrence, zone)}</li>
            ))}
          </ol>
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
            Smallest gap: {preview.data.minGapMs === null ? 'runs once' : formatDuration(preview.data.minGapMs)}
          </p>
          {isTooFrequent ? (
            <p className="mt-1 text-xs font-medium text-amber-800 dark:text-amber-300">
              Your plan runs an endpoint at most every {formatDuration(minimumGapMs)}; closer runs are moved apart.
            </p>
          ) : null}
        </>
      ) : (
        <p className="text-slate-500 dark:text-slate-400">Enter a schedule to see when it runs.</p>
      )}
    </div>
  );
}
