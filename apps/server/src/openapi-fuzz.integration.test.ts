import { TargetServer } from '@cronwise/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, makeAccount, rest, startApiHarness } from './testing/api-harness';

/**
 * Sends malformed, hostile and oversized values to every operation of the published OpenAPI
 * document and asserts that none is answered with a 5xx: bad input is the caller's mistake
 * and gets a 4xx that says so. The request count is bounded (a few hundred) and every value is
 * chosen deterministically, so a failure reproduces.
 */

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
}
interface Operation {
  parameters?: Array<{ name: string; in: 'path' | 'query' }>;
  requestBody?: { content: { 'application/json': { schema: Schema } } };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const HOSTILE_VALUES: readonly unknown[] = [
  'x\u0000y',
  'a'.repeat(100_000),
  '',
  '\u202e\ud83d\ude00\ud800',
  "'; DROP TABLE jobs; --",
  '../../../etc/passwd',
  -1,
  0,
  1e308,
  2 ** 63,
  1.5,
  true,
  null,
  [],
  {},
  [{ nested: [{}] }],
  { __proto__: { isAdmin: true }, constructor: { prototype: {} } },
  'http://169.254.169.254/latest/meta-data',
  '2026-02-30T25:61:00Z',
  '*/0 * * * *',
];

const HOSTILE_BODIES: readonly string[] = [
  '{"name":',
  '[]',
  '"text"',
  'null',
  '12',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  JSON.stringify({ name: 'x'.repeat(2_000_000) }),
];

const HOSTILE_PATH_VALUES: readonly string[] = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '%00',
  encodeURIComponent('\u0000'),
  'x'.repeat(5_000),
  '..%2F..%2Fme',
];

/** Picks `count` values, a different window per field, so every value is used across fields. */
function valuesFor(fieldIndex: number, count: number): unknown[] {
  return Array.from(
    { length: count },
    (_, offset) => HOSTILE_VALUES[(fieldIndex * count + offset) % HOSTILE_VALUES.length],
  );
}

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  const name = schema.$ref?.split('/').pop();
  return name ? (document.components.schemas[name] ?? schema) : schema;
}

let harness: ApiHarness;
let target: TargetServer;
beforeAll(async () => {
  const generous = { limit: 1_000_000, windowMs: 60_000 };
  harness = await startApiHarness({ rateLimits: { perUser: generous, perApiKey: generous, runNow: generous } });
  target = await TargetServer.start();
});
afterAll(async () => {
  await target.close();
  await harness.close();
});

describe('every REST operation under hostile input', () => {
  it('never answers with a 5xx', async () => {
    const document = (await rest<OpenApiDocument>(harness, 'GET', '/api/v1/openapi.json')).body;
    const { key } = await makeAccount(harness, { tier: 'pro' });
    const job = await rest(harness, 'POST', '/jobs', { key, body: { name: 'Fuzz' } });
    const endpoint = await rest(harness, 'POST', `/jobs/${job.body.id}/endpoints`, {
      key,
      body: { name: 'Fuzz target', url: target.url(), schedule: { type: 'interval', intervalMs: 3_600_000 } },
    });
    expect(endpoint.status).toBe(200);
    const realIds: Record<string, string> = { id: endpoint.body.id, jobId: job.body.id };

    // Deletions last, so the other operations still meet existing resources.
    const operations = Object.entries(document.paths)
      .flatMap(([path, byMethod]) =>
        Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })),
      )
      .sort((left, right) => Number(left.method === 'delete') - Number(right.method === 'delete'));
    expect(operations.length).toBeGreaterThan(20);

    const serverErrors: string[] = [];
    let requestCount = 0;
    async function send(method: string, path: string, body?: string): Promise<void> {
      requestCount += 1;
      const response = await fetch(`${harness.baseUrl}/api/v1${path}`, {
        method: method.toUpperCase(),
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      // 501 is how a deployment says a feature is switched off (billing without Stripe keys):
      // an answer about configuration, not a failure caused by the input.
      if (response.status === 501 && /"code":"\w+_NOT_CONFIGURED"/.test(text)) return;
      if (response.status >= 500)
        serverErrors.push(`${response.status} ${method.toUpperCase()} ${path} ${body?.slice(0, 200)}`);
    }

    for (const { path, method, operation } of operations) {
      const withIds = (values: Record<string, string>) =>
        path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? realIds[name] ?? realIds.id ?? '');
      const pathParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      for (const [index, value] of HOSTILE_PATH_VALUES.entries()) {
        const parameter = pathParameters[index % Math.max(1, pathParameters.length)];
        if (parameter) await send(method, withIds({ [parameter.name]: value }));
      }
      const queryParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
      for (const [index, parameter] of queryParameters.entries()) {
        for (const value of valuesFor(index, 3)) {
          // A URL cannot carry a lone surrogate; bodies (JSON-escaped) still do.
          const text =
            typeof value === 'string'
              ? value.slice(0, 4_000).replace(/[\ud800-\udfff]/g, '\ufffd')
              : JSON.stringify(value);
          await send(method, `${withIds({})}?${parameter.name}=${encodeURIComponent(text)}`);
        }
      }
      const bodySchema = operation.requestBody?.content['application/json'].schema;
      if (!bodySchema) continue;
      for (const body of HOSTILE_BODIES) await send(method, withIds({}), body);
      const properties = Object.keys(resolve(document, bodySchema).properties ?? {});
      for (const [index, property] of properties.entries()) {
        for (const value of valuesFor(index, 4)) await send(method, withIds({}), JSON.stringify({ [property]: value }));
      }
    }

    expect(requestCount).toBeGreaterThan(300);
    expect(requestCount).toBeLessThan(1_500);
    expect(serverErrors).toEqual([]);
  }, 180_000);
});
