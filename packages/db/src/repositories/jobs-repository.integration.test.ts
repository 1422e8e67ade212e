import { describe, expect, it } from 'vitest';
import { connectTestDatabase, makeJob, makeUser } from '../testing';
import { deleteJobForUser, findJobForUser, listJobsForUser, updateJobForUser } from './jobs-repository';

const db = connectTestDatabase();

describe('jobs repository', () => {
  it('lists a user’s jobs newest first with a total, and never another user’s', async () => {
    const owner = await makeUser(db);
    const other = await makeUser(db);
    const first = await makeJob(db, owner.id, { name: 'first' });
    const second = await makeJob(db, owner.id, { name: 'second' });
    await makeJob(db, other.id);

    const page = await listJobsForUser(db, owner.id, { limit: 1, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.items.map((job) => job.id)).toEqual([second.id]);
    const next = await listJobsForUser(db, owner.id, { limit: 1, offset: 1 });
    expect(next.items.map((job) => job.id)).toEqual([first.id]);
  });

  it('treats another user’s job id as missing for find, update and delete', async () => {
    const owner = await makeUser(db);
    const intruder = await makeUser(db);
    const job = await makeJob(db, owner.id, { name: 'mine' });

    expect(await findJobForUser(db, intruder.id, job.id)).toBeNull();
    expect(await updateJobForUser(db, intruder.id, job.id, { name: 'stolen' })).toBeNull();
    expect(await deleteJobForUser(db, intruder.id, job.id)).toBe(false);
    expect((await findJobForUser(db, owner.id, job.id))?.name).toBe('mine');
  });

  it('updates and deletes the owner’s job', async () => {
    const owner = await makeUser(db);
    const job = await makeJob(db, owner.id);
    expect((await updateJobForUser(db, owner.id, job.id, { status: 'paused' }))?.status).toBe('paused');
    expect(await deleteJobForUser(db, owner.id, job.id)).toBe(true);
    expect(await findJobForUser(db, owner.id, job.id)).toBeNull();
  });
});
