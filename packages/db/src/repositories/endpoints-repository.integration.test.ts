import { describe, expect, it } from 'vitest';
import { connectTestDatabase, makeEndpoint, makeJob, makeUser } from '../testing';
import {
  countEndpointsForUser,
  findEndpointForUser,
  listEndpointsForJob,
  updateEndpointForUser,
} from './endpoints-repository';

const db = connectTestDatabase();

async function jobOfNewUser() {
  const user = await makeUser(db);
  return makeJob(db, user.id);
}

describe('endpoints repository', () => {
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
