import { describe, expect, it } from 'vitest';
import {
  clearedHintColumns,
  clearHintAssignmentsSql,
  HINT_COLUMNS,
  type HintColumns,
  hintsFromColumns,
  scheduleFromColumns,
} from './endpoint-columns';

const NO_HINTS: HintColumns = {
  aiIntervalMs: null,
  aiIntervalExpiresAt: null,
  aiIntervalReason: null,
  aiOneShotAt: null,
  aiOneShotExpiresAt: null,
  aiOneShotReason: null,
  manualIntervalMs: null,
  manualRunAt: null,
  manualExpiresAt: null,
  manualReason: null,
};
const EXPIRY = new Date('2026-12-02T00:00:00Z');

describe('hint columns ↔ hint objects', () => {
  it('reads an AI interval with its expiry as the governor takes it', () => {
    const hints = hintsFromColumns({
      ...NO_HINTS,
      aiIntervalMs: 600_000,
      aiIntervalExpiresAt: EXPIRY,
      aiIntervalReason: 'calm',
    });
    expect(hints).toEqual({
      aiInterval: { intervalMs: 600_000, expiresAt: EXPIRY, reason: 'calm' },
      aiOneShot: null,
      manual: null,
    });
  });

  it('holds no AI hint when its expiry is missing (the governor would ignore it)', () => {
    const hints = hintsFromColumns({
      ...NO_HINTS,
      aiIntervalMs: 600_000,
      aiOneShotAt: new Date('2026-12-01T12:00:00Z'),
    });
    expect(hints.aiInterval).toBeNull();
    expect(hints.aiOneShot).toBeNull();
  });

  it('reads a manual override without expiry as lasting until cleared', () => {
    const runAt = new Date('2026-12-01T12:00:00Z');
    expect(hintsFromColumns({ ...NO_HINTS, manualRunAt: runAt }).manual).toEqual({
      intervalMs: null,
      runAt,
      expiresAt: null,
      reason: '',
    });
  });

  it('clears exactly the columns of one hint, in Prisma data and in SQL', () => {
    expect(clearedHintColumns('ai-oneshot')).toEqual({
      aiOneShotAt: null,
      aiOneShotExpiresAt: null,
      aiOneShotReason: null,
    });
    const allColumns = Object.values(HINT_COLUMNS).flat().sort();
    expect(allColumns).toEqual(Object.keys(NO_HINTS).sort());
    expect(clearHintAssignmentsSql('manual', 'u."clearManual"', ['manualRunAt'])).toEqual([
      '"manualIntervalMs" = CASE WHEN u."clearManual" THEN NULL ELSE e."manualIntervalMs" END',
      '"manualExpiresAt" = CASE WHEN u."clearManual" THEN NULL ELSE e."manualExpiresAt" END',
      '"manualReason" = CASE WHEN u."clearManual" THEN NULL ELSE e."manualReason" END',
    ]);
  });
});

describe('row → Schedule', () => {
  it('reads a cron schedule with its zone and an interval schedule', () => {
    expect(
      scheduleFromColumns({ scheduleType: 'cron', cron: '*/5 * * * *', timezone: 'Europe/Berlin', intervalMs: null }),
    ).toEqual({ type: 'cron', cron: '*/5 * * * *', timezone: 'Europe/Berlin' });
    expect(scheduleFromColumns({ scheduleType: 'interval', intervalMs: 60_000, cron: null, timezone: null })).toEqual({
      type: 'interval',
      intervalMs: 60_000,
    });
  });
});
