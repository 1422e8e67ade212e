/**
 * A complete program on @cronwise/sdk: it runs a small HTTP receiver, schedules it every two
 * seconds, waits for Cronwise to call it, checks each call's signature, and reads the recorded
 * runs back page by page. The SDK's pack test installs the packed SDK into a fresh project,
 * type-checks this file with `tsc --strict` and runs it against a live server.
 *
 * Configuration: CRONWISE_URL and CRONWISE_API_KEY (an admin key, so the program can read the
 * account's signing secret; a receiver would normally keep the secret in its own configuration).
 * Prints a JSON report.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CreateEndpointInput,
  createCronwiseClient,
  isCronwiseError,
  type RunStatus,
  type RunSummary,
  type VerificationResult,
  verifySignature,
} from '@cronwise/sdk';

function setting(name: string): string {
  // biome-ignore lint/style/noProcessEnv: an example program takes its configuration from the environment
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const cronwise = createCronwiseClient({ baseUrl: setting('CRONWISE_URL'), apiKey: setting('CRONWISE_API_KEY') });
const signingSecret = (await cronwise.signingKeys.get()).current.secret;

// 1. The receiver: accept a call only when its signature verifies.
let tampered: VerificationResult | undefined;
let onVerified: (result: VerificationResult) => void = () => {};
const verified = new Promise<VerificationResult>((resolve) => {
  onVerified = resolve;
});
const receiver = createServer(async (request, response) => {
  const body = await readBody(request);
  const received = {
    method: request.method ?? 'GET',
    url: `http://${request.headers.host}${request.url}`,
    headers: request.headers,
    body,
  };
  const verification = await verifySignature(received, signingSecret);
  tampered ??= await verifySignature({ ...received, body: `${body.toString()} ` }, signingSecret);
  response.writeHead(verification.ok ? 200 : 401, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ ok: verification.ok }));
  onVerified(verification);
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverPort = (receiver.address() as AddressInfo).port;

// 2. The quick start: a client, a job, an endpoint on an interval.
const job = await cronwise.jobs.create({
  name: 'SDK example',
  description: 'created by examples/schedule-and-verify.ts',
});
const heartbeat: CreateEndpointInput = {
  name: 'Heartbeat',
  url: `http://127.0.0.1:${receiverPort}/hooks/heartbeat?source=sdk`,
  method: 'POST',
  body: JSON.stringify({ ping: true }),
  schedule: { type: 'interval', intervalMs: 2_000 },
};
const endpoint = await cronwise.endpoints.create(job.id, heartbeat);

// 3. Wait for the first call, then until two runs are recorded.
const timeout = (ms: number) =>
  new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms).unref());
const verification = await Promise.race([verified, timeout(30_000)]);
const succeeded = (runs: RunSummary[]) => runs.filter((run) => run.status === 'success').length;
let runs: RunSummary[] = [];
for (let attempt = 0; attempt < 150 && succeeded(runs) < 2; attempt += 1) {
  runs = [];
  // Pages of one run each, so the iterator follows cursors from page to page.
  for await (const run of cronwise.runs.iterate(endpoint.id, { limit: 1 })) runs.push(run);
  if (succeeded(runs) < 2) await new Promise((resolve) => setTimeout(resolve, 200));
}

// 4. Errors carry the API's code.
const missing = await cronwise.jobs.get('00000000-0000-4000-8000-000000000000').catch((error: unknown) => error);
const notFoundCode = isCronwiseError(missing, 'NOT_FOUND') ? missing.code : null;

await cronwise.jobs.pause(job.id);
receiver.closeAllConnections();
receiver.close();
const statuses: RunStatus[] = runs.map((run) => run.status);
console.log(
  JSON.stringify({
    jobId: job.id,
    endpointId: endpoint.id,
    nextRunSource: endpoint.nextRunSource,
    verification,
    tampered,
    runs: runs.map((run) => ({ id: run.id, status: run.status, source: run.source, attempt: run.attempt })),
    statuses,
    notFoundCode,
  }),
);

// Compile-time checks: the SDK's types are precise, not `any`.
export function typeChecks(): void {
  // @ts-expect-error an interval is a number of milliseconds
  void cronwise.endpoints.create(job.id, { ...heartbeat, schedule: { type: 'interval', intervalMs: '2s' } });
  // @ts-expect-error there is no such run status
  const status: RunStatus = 'exploded';
  void status;
}
