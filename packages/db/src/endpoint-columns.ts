/**
 * How an endpoint row's columns become domain values, in one place: the governor's inputs, the
 * endpoint DTO and the engine's SQL all read them through here, so they cannot disagree about
 * what a row holds.
 */
import type { AiIntervalHint, AiOneShotHint, ExpiredHint, ManualOverride, Schedule } from '@cronwise/domain';

/** The endpoint columns that store the schedule. */
export interface ScheduleColumns {
  scheduleType: 'interval' | 'cron';
  intervalMs: number | null;
  cron: string | null;
  timezone: string | null;
}

/** The endpoint row's schedule as the domain reads it. */
export function scheduleFromColumns(row: ScheduleColumns): Schedule {
  if (row.scheduleType === 'cron') return { type: 'cron', cron: row.cron ?? '', timezone: row.timezone ?? 'UTC' };
  return { type: 'interval', intervalMs: row.intervalMs ?? 0 };
}

/** The endpoint columns that store the planner's and a person's hints. */
export interface HintColumns {
  aiIntervalMs: number | null;
  aiIntervalExpiresAt: Date | null;
  aiIntervalReason: string | null;
  aiOneShotAt: Date | null;
  aiOneShotExpiresAt: Date | null;
  aiOneShotReason: string | null;
  manualIntervalMs: number | null;
  manualRunAt: Date | null;
  manualExpiresAt: Date | null;
  manualReason: string | null;
}

export type HintKind = Exclude<ExpiredHint, 'pause'>;

/** Which columns hold each hint: clearing a hint nulls exactly these. */
export const HINT_COLUMNS = {
  'ai-interval': ['aiIntervalMs', 'aiIntervalExpiresAt', 'aiIntervalReason'],
  'ai-oneshot': ['aiOneShotAt', 'aiOneShotExpiresAt', 'aiOneShotReason'],
  manual: ['manualIntervalMs', 'manualRunAt', 'manualExpiresAt', 'manualReason'],
} as const satisfies Record<HintKind, readonly (keyof HintColumns)[]>;

export interface StoredHints {
  aiInterval: AiIntervalHint | null;
  aiOneShot: AiOneShotHint | null;
  manual: ManualOverride | null;
}

/**
 * The hints a row holds, exactly as the governor takes them. An AI hint always carries an expiry
 * (the planner sets one); columns without it hold no hint, for the governor and for people alike.
 * A manual override may last until cleared (`expiresAt: null`).
 */
export function hintsFromColumns(row: HintColumns): StoredHints {
  return {
    aiInterval:
      row.aiIntervalMs && row.aiIntervalExpiresAt
        ? { intervalMs: row.aiIntervalMs, expiresAt: row.aiIntervalExpiresAt, reason: row.aiIntervalReason ?? '' }
        : null,
    aiOneShot:
      row.aiOneShotAt && row.aiOneShotExpiresAt
        ? { runAt: row.aiOneShotAt, expiresAt: row.aiOneShotExpiresAt, reason: row.aiOneShotReason ?? '' }
        : null,
    manual:
      row.manualIntervalMs || row.manualRunAt
        ? {
            intervalMs: row.manualIntervalMs,
            runAt: row.manualRunAt,
            expiresAt: row.manualExpiresAt,
            reason: row.manualReason ?? '',
          }
        : null,
  };
}

type ClearedColumns<Kind extends HintKind> = { [Column in (typeof HINT_COLUMNS)[Kind][number]]: null };

/** The column values that clear one hint (a Prisma `data` fragment, or a row patch). */
export function clearedHintColumns<Kind extends HintKind>(kind: Kind): ClearedColumns<Kind> {
  return Object.fromEntries(HINT_COLUMNS[kind].map((column) => [column, null])) as ClearedColumns<Kind>;
}

/**
 * SQL assignments for an `UPDATE endpoints e` that clear one hint's columns when `condition`
 * holds and keep them otherwise. `except` leaves columns out (the caller assigns them itself).
 */
export function clearHintAssignmentsSql(
  kind: HintKind,
  condition: string,
  except: readonly (keyof HintColumns)[] = [],
): string[] {
  return HINT_COLUMNS[kind]
    .filter((column) => !except.includes(column))
    .map((column) => `"${column}" = CASE WHEN ${condition} THEN NULL ELSE e."${column}" END`);
}
