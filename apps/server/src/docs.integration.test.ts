import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './testing/api-harness';

let harness: ApiHarness;
beforeAll(async () => {
  harness = await startApiHarness();
});
afterAll(async () => {
  await harness.close();
});

const PUBLIC_OPERATIONS = [
  'GET /jobs',
  'POST /jobs',
  'GET /jobs/{id}',
  'PATCH /jobs/{id}',
  'DELETE /jobs/{id}',
  'POST /jobs/{id}/pause',
  'POST /jobs/{id}/resume',
  'POST /jobs/{id}/archive',
  'GET /jobs/{jobId}/endpoints',
  'POST /jobs/{jobId}/endpoints',
  'GET /endpoints/{id}',
  'PATCH /endpoints/{id}',
  'DELETE /endpoints/{id}',
  'POST /endpoints/{id}/pause',
  'POST /endpoints/{id}/resume',
  'POST /endpoints/{id}/run',
  'POST /endpoints/{id}/test',
  'POST /endpoints/{id}/reset-failures',
  'PUT /endpoints/{id}/override',
  'DELETE /endpoints/{id}/override',
  'DELETE /endpoints/{id}/ai-hints',
  'GET /endpoints/{id}/runs',
  'GET /runs/{id}',
  'GET /endpoints/{id}/health',
  'GET /jobs/{id}/health',
  'GET /overview',
  'POST /schedules/preview',
  'GET /me',
  'GET /api-keys',
  'POST /api-keys',
  'DELETE /api-keys/{id}',
  'GET /usage',
  'GET /billing',
  'POST /billing/checkout',
  'POST /billing/portal',
  'GET /signing-keys',
  'POST /signing-keys/rotate',
  'POST /endpoints/{id}/analyze',
  'GET /endpoints/{id}/ai-sessions',
  'GET /ai-sessions/{id}',
  'GET /endpoints/{id}/proposals',
  'POST /proposals/{id}/approve',
  'POST /proposals/{id}/reject',
  'GET /notification-channels',
  'POST /notification-channels',
  'GET /notification-channels/{id}',
  'DELETE /notification-channels/{id}',
  'POST /notification-channels/{id}/test',
  'GET /alerts',
  'GET /endpoints/{id}/alerts',
];

describe('API reference', () => {
  it('serves an OpenAPI 3.1 document with every public operation, secured by bearer keys', async () => {
    const response = await fetch(`${harness.baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers[0].url).toBe('http://cronwise.test/api/v1');
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual([...PUBLIC_OPERATIONS].sort());
    const create = document.paths['/jobs/{jobId}/endpoints'].post;
    expect(create.requestBody.content['application/json'].schema).toBeDefined();
    expect(create.security).toEqual([{ bearerAuth: [] }]);
  });

  it('renders /api/docs with an entry for every public operation', async () => {
    const response = await fetch(`${harness.baseUrl}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    for (const operation of PUBLIC_OPERATIONS) {
      const [method, path] = operation.split(' ');
      expect(html, operation).toContain(
        `<span class="method ${method?.toLowerCase()}">${method}</span> <code>${path}</code>`,
      );
    }
    expect(html).toContain('Run now');
  });

  it('keeps /healthz and the home page working', async () => {
    const health = await fetch(`${harness.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', db: 'ok', queue: 'ok' });
    const home = await fetch(`${harness.baseUrl}/`);
    expect(home.status).toBe(200);
    // The web app when it is built (pnpm build), else the server's fallback page; both are Cronwise.
    expect(await home.text()).toContain('<title>Cronwise</title>');
  });

  it('answers an unknown REST route with 404 in the public error shape', async () => {
    const response = await fetch(`${harness.baseUrl}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
  });
});
