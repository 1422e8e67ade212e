export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const UNITS: ReadonlyArray<readonly [label: string, sizeMs: number]> = [
  ['d', DAY_MS],
  ['h', HOUR_MS],
  ['min', MINUTE_MS],
  ['s', SECOND_MS],
];

/**
 * A duration as people read it in explanations and error messages: "30 s", "5 min", "2 h",
 * "1 h 30 min", "1.5 s", "250 ms". At most two units are shown, because "1 d 2 h 3 min 4 s" is
 * noise in a sentence; the smaller remainder is dropped (rounded down).
 */
export function formatDuration(durationMs: number): string {
  if (!Number.isFinite(durationMs)) return 'forever';
  if (durationMs < 0) return `-${formatDuration(-durationMs)}`;
  if (durationMs < SECOND_MS) return `${Math.round(durationMs)} ms`;
  if (durationMs < MINUTE_MS && durationMs % SECOND_MS !== 0) {
    // Sub-second precision matters for short retry delays; one decimal is enough.
    return `${Number((durationMs / SECOND_MS).toFixed(1))} s`;
  }
  const parts: string[] = [];
  let remainingMs = durationMs;
  for (const [label, sizeMs] of UNITS) {
    const count = Math.floor(remainingMs / sizeMs);
    if (count > 0) {
      parts.push(`${count} ${label}`);
      remainingMs -= count * sizeMs;
    }
    if (parts.length === 2) break;
    // A zero unit after the first ends the phrase: "2 d 5 min" would read as if hours were shown.
    if (parts.length === 1 && count === 0) break;
  }
  return parts.join(' ');
}
