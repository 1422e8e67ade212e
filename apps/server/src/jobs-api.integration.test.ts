import { findEndpointById } from '@cronwise/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, intervalEndpoint, makeAccount, rest, startApiHarness } from './testing/api-harness';

let harness: ApiHarness;
beforeAll(async () => {
  harness = await startApiHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('jobs over REST', () => {
  it('creates, reads, lists with a total, renames and deletes a job', async () => {
    const { key } = await makeAccount(harness);
    const created = await rest(harness, 'POST', '/jobs', { key, body: { name: 'Nightly', description: 'batch work' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Nightly', description: 'batch work', status: 'active' });
    await rest(harness, 'POST', '/jobs', { key, body: { name: 'Second' } });

    const fetched = await rest(harness, 'GET', `/jobs/${created.body.id}`, { key });
    expect(fetched.body.name).toBe('Nightly');

    const page = await rest(harness, 'GET', '/jobs?limit=1&offset=1', { key });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.body.items.map((job: { id: string }) => job.id)).toEqual([created.body.id]);

    const renamed = await rest(harness, 'PATCH', `/jobs/${created.body.id}`, { key, body: { name: 'Nightly v2' } });
    expect(renamed.body).toMatchObject({ name: 'Nightly v2', description: 'batch work' });

    const deleted = await rest(harness, 'DELETE', `/jobs/${created.body.id}`, { key });
    expect(deleted.body).toEqual({ id: created.body.id, deleted: true });
    expect((await rest(harness, 'GET', `/jobs/${created.body.id}`, { key })).status).toBe(404);
  });

  it('answers validation errors with a stable code and the field path', async () => {
    const { key } = await makeAccount(harness);
    const response = await rest(harness, 'POST', '/jobs', { key, body: { name: '' } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.httpStatus).toBe(400);
    expect(response.body.issues).toEqual([expect.objectContaining({ path: ['name'] })]);

    const badId = await rest(harness, 'GET', '/jobs/not-a-uuid', { key });
    expect(badId.status).toBe(400);
    expect(badId.body.issues[0].path).toEqual(['id']);
  });

  it('answers 404 with a message for a missing job', async () => {
    const { key } = await makeAccount(harness);
    const response = await rest(harness, 'GET', '/jobs/0193a5b2-7c1e-7d3a-9f10-2b8c4e6a1d00', { key });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
    expect(response.body.message).toMatch(/job .* was not found/);
  });

  it('pausing a job stops its endpoints, resuming plans them again, archiving stops them', async () => {
    const { key } = await makeAccount(harness);
    const job = (await rest(harness, 'POST', '/jobs', { key, body: { name: 'Pausable' } })).body;
    const endpoint = (await rest(harness, 'POST', `/jobs/${job.id}/endpoints`, { key, body: intervalEndpoint() })).body;
    expect(endpoint.nextRunAt).not.toBeNull();
    const versionBefore = (await findEndpointById(harness.services.db, endpoint.id))?.scheduleVersion ?? 0;

    const paused = await rest(harness, 'POST', `/jobs/${job.id}/pause`, { key });
    expect(paused.body.status).toBe('paused');
    const whilePaused = await rest(harness, 'GET', `/endpoints/${endpoint.id}`, { key });
    expect(whilePaused.body.nextRunAt).toBeNull();
    expect((await findEndpointById(harness.services.db, endpoint.id))?.scheduleVersion).toBeGreaterThan(versionBefore);

    const resumed = await rest(harness, 'POST', `/jobs/${job.id}/resume`, { key });
    expect(resumed.body.status).toBe('active');
    expect((await rest(harness, 'GET', `/endpoints/${endpoint.id}`, { key })).body.nextRunAt).not.toBeNull();

    const archived = await rest(harness, 'POST', `/jobs/${job.id}/archive`, { key });
    expect(archived.body.status).toBe('archived');
    expect((await rest(harness, 'GET', `/endpoints/${endpoint.id}`, { key })).body.nextRunAt).toBeNull();
    const pauseArchived = await rest(harness, 'POST', `/jobs/${job.id}/pause`, { key });
    expect(pauseArchived.status).toBe(409);
    expect(pauseArchived.body.code).toBe('CONFLICT');
  });

  it('filters the job list by status', async () => {
    const { key } = await makeAccount(harness);
    const job = (await rest(harness, 'POST', '/jobs', { key, body: { name: 'A' } })).body;
    await rest(harness, 'POST', '/jobs', { key, body: { name: 'B' } });
    await rest(harness, 'POST', `/jobs/${job.id}/pause`, { key });
    const paused = await rest(harness, 'GET', '/jobs?status=paused', { key });
    expect(paused.body.total).toBe(1);
    expect(paused.body.items[0].id).toBe(job.id);
  });
});
