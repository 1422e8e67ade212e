import { describe, expect, it } from 'vitest';
import { connectTestDatabase, makeEndpoint, makeJob, makeUser } from '../testing';
import {
  countEndpointsForUser,
  findDueEndpoints,
  findEndpointForUser,
  findEndpointsWithRunsSince,
  listEndpointsForJob,
  updateEndpointForUser,
} from './endpoints-repository';

const db = connectTestDatabase();

async function jobOfNewUser() {
  const user = await makeUser(db);
  return makeJob(db, user.id);
}

describe('endpoints repository', () => {
  it('finds endpoints that ran after a time, and only those', async () => {
    const job = await jobOfNewUser();
    const recent = await makeEndpoint(db, job, { lastRunAt: new Date('2026-06-01T12:00:00Z') });
    await makeEndpoint(db, job, { lastRunAt: new Date('2026-06-01T10:00:00Z') });
    await makeEndpoint(db, job, { lastRunAt: null });

    const found = await findEndpointsWithRunsSince(db, new Date('2026-06-01T11:00:00Z'));
    expect(found.map((endpoint) => endpoint.id)).toContain(recent.id);
    expect(found.every((endpoint) => (endpoint.lastRunAt?.getTime() ?? 0) > Date.parse('2026-06-01T11:00:00Z'))).toBe(
      true,
    );
  });

  it('pages through endpoints that ran since a time by id', async () => {
    const job = await jobOfNewUser();
    const since = new Date('2030-01-01T00:00:00Z');
    for (let index = 0; index < 3; index += 1) {
      await makeEndpoint(db, job, { lastRunAt: new Date('2030-01-02T00:00:00Z') });
    }
    const firstPage = await findEndpointsWithRunsSince(db, since, { limit: 2 });
    const secondPage = await findEndpointsWithRunsSince(db, since, { limit: 2, afterId: firstPage.at(-1)?.id });
    expect(firstPage).toHaveLength(2);
    expect(secondPage).toHaveLength(1);
    expect(new Set([...firstPage, ...secondPage].map((endpoint) => endpoint.id)).size).toBe(3);
  });

  it('returns due endpoints oldest first and leaves future ones', async () => {
    const job = await jobOfNewUser();
    const later = await makeEndpoint(db, job, { nextRunAt: new Date('2020-01-01T00:00:10Z') });
    const earlier = await makeEndpoint(db, job, { nextRunAt: new Date('2020-01-01T00:00:05Z') });
    const future = await makeEndpoint(db, job, { nextRunAt: new Date('2099-01-01T00:00:00Z') });
    const due = await findDueEndpoints(db, new Date('2020-01-01T00:00:10Z'), 100);
    const ids = due.map((endpoint) => endpoint.id);
    expect(ids.indexOf(earlier.id)).toBeLessThan(ids.indexOf(later.id));
    expect(ids).not.toContain(future.id);
  });

  it('scopes reads, lists, counts and updates to the owner', async () => {
    const job = await jobOfNewUser();
    const endpoint = await makeEndpoint(db, job);
    const intruder = await makeUser(db);

    expect(await findEndpointForUser(db, intruder.id, endpoint.id)).toBeNull();
    expect(await updateEndpointForUser(db, intruder.id, endpoint.id, { name: 'x' })).toBeNull();
    expect((await listEndpointsForJob(db, intruder.id, job.id, { limit: 10, offset: 0 })).total).toBe(0);
    expect(await countEndpointsForUser(db, job.userId)).toBe(1);
    const renamed = await updateEndpointForUser(db, job.userId, endpoint.id, {
      name: 'renamed',
      scheduleVersion: { increment: 1 },
    });
    expect(renamed).toMatchObject({ name: 'renamed', scheduleVersion: 1 });
  });
});
