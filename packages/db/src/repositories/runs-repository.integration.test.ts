import { describe, expect, it } from 'vitest';
import { connectTestDatabase, makeEndpoint, makeJob, makeRun, makeUser } from '../testing';
import { decodeRunCursor, findRunForUser, listRunsForEndpoint, recordRun } from './runs-repository';

const db = connectTestDatabase();

async function newEndpoint() {
  const user = await makeUser(db);
  const job = await makeJob(db, user.id);
  return makeEndpoint(db, job);
}

describe('runs repository', () => {
  it('records a run once per occurrence and attempt', async () => {
    const endpoint = await newEndpoint();
    const data = {
      endpointId: endpoint.id,
      jobId: endpoint.jobId,
      userId: endpoint.userId,
      occurrenceId: 'occ-duplicate',
      attempt: 1,
      plannedAt: new Date('2026-01-01T00:00:00Z'),
      status: 'success' as const,
      source: 'baseline-interval',
    };
    expect(await recordRun(db, data)).not.toBeNull();
    expect(await recordRun(db, data)).toBeNull();
    expect(await recordRun(db, { ...data, attempt: 2 })).not.toBeNull();
  });

  it('pages newest first with a cursor and no overlap or gap, including equal planned times', async () => {
    const endpoint = await newEndpoint();
    const created = [];
    for (let index = 0; index < 7; index += 1) {
      // Two runs share each planned time, so the id tie-breaker matters.
      const plannedAt = new Date(Date.UTC(2026, 0, 1, 0, Math.floor(index / 2)));
      created.push(await makeRun(db, endpoint, { plannedAt }));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listRunsForEndpoint(db, endpoint.userId, endpoint.id, { limit: 3, cursor });
      seen.push(...page.items.map((run) => run.id));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = [...created]
      .sort((a, b) => b.plannedAt.getTime() - a.plannedAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((run) => run.id);
    expect(seen).toEqual(expected);
  });

  it('filters by status, source and planned time window', async () => {
    const endpoint = await newEndpoint();
    await makeRun(db, endpoint, { status: 'failure', plannedAt: new Date('2026-02-01T00:00:00Z') });
    const wanted = await makeRun(db, endpoint, {
      status: 'success',
      source: 'manual',
      plannedAt: new Date('2026-02-02T00:00:00Z'),
    });
    await makeRun(db, endpoint, { status: 'success', plannedAt: new Date('2026-02-03T00:00:00Z') });
    const page = await listRunsForEndpoint(db, endpoint.userId, endpoint.id, {
      limit: 10,
      status: 'success',
      source: 'manual',
      from: new Date('2026-02-01T12:00:00Z'),
      to: new Date('2026-02-02T12:00:00Z'),
    });
    expect(page.items.map((run) => run.id)).toEqual([wanted.id]);
    expect(page.nextCursor).toBeNull();
  });

  it('hides other users’ runs and rejects malformed cursors', async () => {
    const endpoint = await newEndpoint();
    const run = await makeRun(db, endpoint);
    const intruder = await makeUser(db);
    expect(await findRunForUser(db, intruder.id, run.id)).toBeNull();
    expect((await listRunsForEndpoint(db, intruder.id, endpoint.id, { limit: 10 })).items).toEqual([]);
    expect(decodeRunCursor('not-a-cursor')).toBeNull();
  });
});
