/**
 * The MCP server as assistants meet it: the MCP SDK's own Client over Streamable HTTP (/mcp on a
 * live server) and over stdio (`apps/mcp/src/stdio.ts` in its own process, calling the REST API).
 */
import path from 'node:path';
import { REPOSITORY_ROOT } from '@cronwise/db/migrate';
import { makeRun } from '@cronwise/db/testing';
import { plannerDependencies, runQueuedAnalyses } from '@cronwise/services/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, makeAccount, rest, startApiHarness, type TestAccount } from './testing/api-harness';

let harness: ApiHarness;
let owner: TestAccount;
let reader: string;
let intruder: TestAccount;
const clients: Client[] = [];

beforeAll(async () => {
  harness = await startApiHarness({ rateLimits: { perApiKey: { limit: 1_000, windowMs: 60_000 } } });
  owner = await makeAccount(harness);
  // The owner's own key with the read scope only: it sees the owner's data but may not change it.
  reader = (await rest(harness, 'POST', '/api-keys', { key: owner.key, body: { name: 'reader', scopes: ['read'] } }))
    .body.key;
  intruder = await makeAccount(harness, { scopes: ['read', 'write'] });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await harness.close();
});

async function httpClient(key: string): Promise<Client> {
  const client = new Client({ name: 'vitest', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${harness.baseUrl}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  clients.push(client);
  return client;
}

async function stdioClient(key: string): Promise<Client> {
  const client = new Client({ name: 'vitest', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'apps/mcp/src/stdio.ts')],
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', CRONWISE_URL: harness.baseUrl, CRONWISE_API_KEY: key },
      stderr: 'pipe',
    }),
  );
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  // biome-ignore lint/suspicious/noExplicitAny: tests read structured results field by field
  return { isError: result.isError === true, text, data: result.structuredContent as any };
}

const EXPECTED_TOOLS = [
  'approve_proposal',
  'create_endpoint',
  'create_job',
  'get_endpoint',
  'get_endpoint_health',
  'get_run',
  'list_ai_sessions',
  'list_alerts',
  'list_endpoints',
  'list_jobs',
  'list_notification_channels',
  'list_runs',
  'pause_endpoint',
  'preview_schedule',
  'reject_proposal',
  'resume_endpoint',
  'run_endpoint_now',
  'update_endpoint',
];

describe.each([
  ['Streamable HTTP', httpClient],
  ['stdio', stdioClient],
] as const)('MCP over %s', (_transport, connect) => {
  it('lists the Cronwise tools with descriptions and input schemas', async () => {
    const client = await connect(owner.key);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(EXPECTED_TOOLS);
    const createEndpoint = tools.find((tool) => tool.name === 'create_endpoint');
    expect(createEndpoint?.description).toMatch(/scheduled HTTP call/);
    expect(createEndpoint?.inputSchema.required).toEqual(expect.arrayContaining(['jobId', 'name', 'url', 'schedule']));
    expect(tools.find((tool) => tool.name === 'list_jobs')?.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((tool) => tool.name === 'list_alerts')?.annotations?.readOnlyHint).toBe(true);
    const alerts = await call(client, 'list_alerts');
    expect(alerts.isError).toBe(false);
    expect(alerts.data).toEqual({ items: [], nextCursor: null });
  });

  it('creates a job and an endpoint, pauses, resumes and runs it, and reads it back', async () => {
    const client = await connect(owner.key);
    const job = await call(client, 'create_job', { name: `Reports via ${_transport}` });
    expect(job.isError).toBe(false);
    expect(job.text).toContain(`Created job "Reports via ${_transport}"`);
    const endpoint = await call(client, 'create_endpoint', {
      jobId: job.data.id,
      name: 'Daily report',
      url: 'https://api.example.com/report',
      schedule: { type: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
    });
    expect(endpoint.isError).toBe(false);
    expect(endpoint.data.schedule).toEqual({ type: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' });
    expect(endpoint.text).toContain(`next run ${endpoint.data.nextRunAt}`);

    const listed = await call(client, 'list_endpoints', { jobId: job.data.id });
    expect(listed.data.items.map((item: { id: string }) => item.id)).toEqual([endpoint.data.id]);

    const updated = await call(client, 'update_endpoint', { endpointId: endpoint.data.id, name: 'Weekday report' });
    expect(updated.data.name).toBe('Weekday report');

    const paused = await call(client, 'pause_endpoint', { endpointId: endpoint.data.id, reason: 'maintenance' });
    expect(paused.data.pause.reason).toBe('maintenance');
    expect(paused.data.nextRunAt).toBeNull();
    const resumed = await call(client, 'resume_endpoint', { endpointId: endpoint.data.id });
    expect(resumed.data.pause).toBeNull();

    const queued = await call(client, 'run_endpoint_now', { endpointId: endpoint.data.id });
    expect(queued.isError).toBe(false);

    const fetched = await call(client, 'get_endpoint', { endpointId: endpoint.data.id });
    expect(fetched.data.name).toBe('Weekday report');
    const runs = await call(client, 'list_runs', { endpointId: endpoint.data.id });
    expect(runs.data.items).toEqual([]);
    const health = await call(client, 'get_endpoint_health', { endpointId: endpoint.data.id });
    expect(health.isError).toBe(false);
    const jobs = await call(client, 'list_jobs');
    expect(jobs.data.items.map((item: { id: string }) => item.id)).toContain(job.data.id);
  });

  it('previews a schedule', async () => {
    const client = await connect(owner.key);
    const preview = await call(client, 'preview_schedule', {
      cron: '0 9 * * *',
      timezone: 'UTC',
      count: 2,
      from: '2026-12-01T00:00:00.000Z',
    });
    expect(preview.data.occurrences).toEqual(['2026-12-01T09:00:00.000Z', '2026-12-02T09:00:00.000Z']);
  });

  it('answers with the API’s own message when a request is refused', async () => {
    const client = await connect(owner.key);
    const job = await call(client, 'create_job', { name: 'Errors' });
    const tooFast = await call(client, 'create_endpoint', {
      jobId: job.data.id,
      name: 'Too fast',
      url: 'https://api.example.com/x',
      schedule: { type: 'interval', intervalMs: 1_000 },
    });
    expect(tooFast.isError).toBe(true);
    expect(tooFast.data.code).toBe('PLAN_LIMIT_EXCEEDED');
    expect(tooFast.text).toMatch(/^PLAN_LIMIT_EXCEEDED: .*minimum/);
  });

  it('shows another user nothing of the owner’s, and lets them change nothing', async () => {
    const ownerClient = await connect(owner.key);
    const job = await call(ownerClient, 'create_job', { name: 'Private' });
    const endpoint = await call(ownerClient, 'create_endpoint', {
      jobId: job.data.id,
      name: 'Private endpoint',
      url: 'https://api.example.com/private',
      schedule: { type: 'interval', intervalMs: 300_000 },
    });

    const client = await connect(intruder.key);
    const jobs = await call(client, 'list_jobs');
    expect(jobs.data.items.map((item: { id: string }) => item.id)).not.toContain(job.data.id);
    for (const [name, args] of [
      ['get_endpoint', { endpointId: endpoint.data.id }],
      ['list_endpoints', { jobId: job.data.id }],
      ['pause_endpoint', { endpointId: endpoint.data.id }],
      ['update_endpoint', { endpointId: endpoint.data.id, name: 'stolen' }],
      ['run_endpoint_now', { endpointId: endpoint.data.id }],
      ['list_runs', { endpointId: endpoint.data.id }],
    ] as const) {
      const answer = await call(client, name, args);
      expect({ name, isError: answer.isError, code: answer.data?.code }).toEqual({
        name,
        isError: true,
        code: 'NOT_FOUND',
      });
    }
    const untouched = await call(ownerClient, 'get_endpoint', { endpointId: endpoint.data.id });
    expect(untouched.data).toMatchObject({ name: 'Private endpoint', pause: null });
  });

  it('lets a read-only key read but change nothing', async () => {
    const ownerClient = await connect(owner.key);
    const job = await call(ownerClient, 'create_job', { name: 'Read only' });
    const client = await connect(reader);
    const jobs = await call(client, 'list_jobs');
    expect(jobs.data.items.map((item: { id: string }) => item.id)).toContain(job.data.id);
    const refused = await call(client, 'create_job', { name: 'Nope' });
    expect(refused).toMatchObject({ isError: true, data: { code: 'FORBIDDEN' } });
    expect(refused.text).toContain("lacks the 'write' scope");
    const endpoint = await call(client, 'create_endpoint', {
      jobId: job.data.id,
      name: 'Nope',
      url: 'https://api.example.com/nope',
      schedule: { type: 'interval', intervalMs: 300_000 },
    });
    expect(endpoint.data.code).toBe('FORBIDDEN');
    const listed = await call(ownerClient, 'list_endpoints', { jobId: job.data.id });
    expect(listed.data.total).toBe(0);
  });
});

describe('Streamable HTTP authentication', () => {
  it('refuses a request without an API key, or with an unknown one', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
    };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const anonymous = await fetch(`${harness.baseUrl}/mcp`, {
      method: 'POST',
      headers,
      body: JSON.stringify(initialize),
    });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).message).toContain('Authorization: Bearer');
    const unknown = await fetch(`${harness.baseUrl}/mcp`, {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer cw_not_a_key' },
      body: JSON.stringify(initialize),
    });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).message).toContain('unknown, revoked or expired');
  });

  it('counts tool calls against the key’s rate limit', async () => {
    const limited = await startApiHarness({ rateLimits: { perApiKey: { limit: 3, windowMs: 60_000 } } });
    try {
      const account = await makeAccount(limited, { scopes: ['read'] });
      const client = new Client({ name: 'vitest', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${limited.baseUrl}/mcp`), {
          requestInit: { headers: { Authorization: `Bearer ${account.key}` } },
        }),
      );
      clients.push(client);
      const outcomes = [];
      for (let call = 0; call < 4; call += 1) {
        const result = (await client.callTool({ name: 'list_jobs', arguments: {} })) as CallToolResult;
        outcomes.push((result.structuredContent as { code?: string } | undefined)?.code ?? 'ok');
      }
      expect(outcomes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });
});

describe('AI tools over Streamable HTTP', () => {
  /** An endpoint with failed runs, analysed by the planner, so a proposal waits for a decision. */
  async function endpointWithPendingProposal(client: Client, planner: TestAccount) {
    const job = await call(client, 'create_job', { name: 'Planned' });
    const endpoint = await call(client, 'create_endpoint', {
      jobId: job.data.id,
      name: 'Flaky',
      url: 'https://api.example.com/flaky',
      schedule: { type: 'interval', intervalMs: 1_200_000 },
    });
    expect(endpoint.isError).toBe(false);
    const now = harness.clock.now().getTime();
    for (const minutes of [40, 20]) {
      await makeRun(
        harness.services.db,
        { id: endpoint.data.id, jobId: job.data.id, userId: planner.userId },
        {
          plannedAt: new Date(now - minutes * 60_000),
          status: 'failure',
          statusCode: 503,
          responseBody: '{"status":"down"}',
        },
      );
    }
    await harness.services.db.endpoint.update({
      where: { id: endpoint.data.id },
      data: { lastRunAt: new Date(now - 20 * 60_000), lastRunStatus: 'failure', failureStreak: 2 },
    });
    expect((await rest(harness, 'POST', `/endpoints/${endpoint.data.id}/analyze`, { key: planner.key })).status).toBe(
      202,
    );
    await runQueuedAnalyses(plannerDependencies(harness.engine.deps));
    return endpoint.data.id as string;
  }

  it('lists sessions with their pending proposals, approves one and rejects another; a read key may do neither', async () => {
    // An account of its own: the other tests have used up the owner's free-plan endpoints.
    const planner = await makeAccount(harness, { tier: 'pro' });
    const plannerReader = (
      await rest(harness, 'POST', '/api-keys', { key: planner.key, body: { name: 'reader', scopes: ['read'] } })
    ).body.key;
    const client = await httpClient(planner.key);
    const first = await endpointWithPendingProposal(client, planner);
    const listed = await call(client, 'list_ai_sessions', { endpointId: first });
    expect(listed.isError).toBe(false);
    expect(listed.data.sessions.length).toBeGreaterThan(0);
    const [proposal] = listed.data.pendingProposals;
    expect(proposal.status).toBe('pending');
    expect(listed.text).toContain(proposal.id);

    const readOnly = await call(await httpClient(plannerReader), 'approve_proposal', { proposalId: proposal.id });
    expect(readOnly).toMatchObject({ isError: true, data: { code: 'FORBIDDEN' } });
    const stranger = await call(await httpClient(intruder.key), 'approve_proposal', { proposalId: proposal.id });
    expect(stranger).toMatchObject({ isError: true, data: { code: 'NOT_FOUND' } });

    const approved = await call(client, 'approve_proposal', { proposalId: proposal.id });
    expect(approved.isError).toBe(false);
    expect(approved.data.proposal.status).toBe('approved');
    const again = await call(client, 'approve_proposal', { proposalId: proposal.id });
    expect(again).toMatchObject({ isError: true, data: { code: 'CONFLICT' } });

    const second = await endpointWithPendingProposal(client, planner);
    const [other] = (await call(client, 'list_ai_sessions', { endpointId: second })).data.pendingProposals;
    const rejected = await call(client, 'reject_proposal', { proposalId: other.id });
    expect(rejected.data.proposal.status).toBe('rejected');
  });
});
