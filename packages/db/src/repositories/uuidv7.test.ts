import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuidv7';

describe('uuidv7', () => {
  it('carries the millisecond and the version, and sorts in the order ids were made within one millisecond', () => {
    const at = Date.parse('2026-12-03T08:00:00.123Z');
    const ids = Array.from({ length: 500 }, () => uuidv7(at));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(ids[0]?.replaceAll('-', '').slice(0, 12) ?? '', 16)).toBe(at);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts by time across milliseconds', () => {
    const later = uuidv7(Date.parse('2026-12-03T08:00:00.124Z'));
    const earlier = uuidv7(Date.parse('2026-12-03T08:00:00.123Z'));
    expect(earlier < later).toBe(true);
  });
});
