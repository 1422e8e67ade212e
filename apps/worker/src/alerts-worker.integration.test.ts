import {
  type AlertRecord,
  findEndpointById,
  listAlertsForUser,
  listMailMessages,
  updateEndpointForUser,
  updateJobForUser,
  withTransaction,
} from '@cronwise/db';
import { makeEndpoint, makeJob, makeUser } from '@cronwise/db/testing';
import { verifySignature } from '@cronwise/domain';
import {
  type Actor,
  type AlertDependencies,
  createNotificationChannel,
  createOutboxMailer,
  evaluateAlerts,
  executeOccurrences,
  queueDueOccurrences,
  rescheduleEndpoint,
  watchedRunsOf,
} from '@cronwise/services';
import {
  claim,
  type EngineHarness,
  ManualClock,
  queuedOccurrences,
  startEngineHarness,
  TargetServer,
} from '@cronwise/services/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAlertHandlers } from './alert-handlers';

const START = new Date('2026-12-01T10:00:00.000Z');
const EVERYTHING_PLANNED_MS = 400 * 24 * 60 * 60_000;
const clock = new ManualClock(START);
let harness: EngineHarness;
let deps: AlertDependencies & EngineHarness['deps'];
let endpoints: TargetServer;
let receiver: TargetServer;
/** What each endpoint path answers next (status codes, consumed in order; 200 when empty). */
const scripts = new Map<string, number[]>();

beforeAll(async () => {
  harness = await startEngineHarness({ clock });
  deps = {
    ...harness.deps,
    accountMail: { mailer: createOutboxMailer(harness.deps), publicUrl: 'http://cronwise.test' },
  };
  endpoints = await TargetServer.start();
  endpoints.handler = (request, response) => {
    const status = scripts.get(request.url)?.shift() ?? 200;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(`{"status":${status}}`);
  };
  receiver = await TargetServer.start();
  // The real deliver-alert handler on real pg-boss (retries with the queue's backoff).
  await registerAlertHandlers(harness.boss, deps, pino({ level: 'silent' }));
});
afterAll(async () => {
  await endpoints.close();
  await receiver.close();
  await harness.close();
});

async function makeAccount() {
  const user = await makeUser(deps.db, { tier: 'enterprise' });
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    isEmailVerified: true,
    credential: { kind: 'session', sessionId: 'test' },
  };
  const job = await makeJob(deps.db, user.id);
  return { user, actor, job };
}

async function makeWatchedEndpoint(jobOwner: Awaited<ReturnType<typeof makeAccount>>, path: string, policy: unknown) {
  const endpoint = await makeEndpoint(deps.db, jobOwner.job, { url: endpoints.url(path) });
  if (policy !== undefined) {
    await updateEndpointForUser(deps.db, jobOwner.user.id, endpoint.id, { alertPolicy: policy as never });
  }
  await withTransaction(deps.db, (tx) => rescheduleEndpoint(deps, tx, endpoint.id));
  return endpoint;
}

/** Runs the endpoint's next occurrence as the worker would, then evaluates alerts from the batch summary. */
async function runNext(endpointId: string, options: { autoPauseAfterFailures?: number } = {}) {
  await queueDueOccurrences(deps, { horizonMs: EVERYTHING_PLANNED_MS });
  const [queued] = (await queuedOccurrences(deps, endpointId)).filter((job) => job.state === 'created');
  if (!queued) throw new Error(`nothing queued for ${endpointId}`);
  clock.set(new Date(queued.data.plannedAt));
  const summary = await executeOccurrences(deps, [await claim(deps, queued)], options);
  return evaluateAlerts(deps, watchedRunsOf(summary));
}

async function alertsOf(userId: string): Promise<AlertRecord[]> {
  return (await listAlertsForUser(deps.db, userId, { limit: 50 })).items.reverse();
}

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const allDelivered = (userId: string) => async () =>
  (await alertsOf(userId)).every((alert) => alert.deliveries.every((delivery) => delivery.status === 'delivered'));

describe('alert incidents', () => {
  it('alerts once after N consecutive failures, stays quiet while failing, and notices recovery', async () => {
    const owner = await makeAccount();
    const { channel, signingSecret } = await createNotificationChannel(deps, owner.actor, {
      kind: 'webhook',
      name: 'Ops',
      url: receiver.url('/incidents'),
    });
    const endpoint = await makeWatchedEndpoint(owner, '/lifecycle', {
      channelIds: [channel.id],
      afterConsecutiveFailures: 3,
      onRecovery: true,
    });
    scripts.set('/lifecycle', [500, 500, 500, 500, 500]);
    const before = receiver.requests.length;

    await runNext(endpoint.id);
    await runNext(endpoint.id);
    expect(await alertsOf(owner.user.id)).toEqual([]);
    const third = await runNext(endpoint.id);
    expect(third.opened).toEqual([{ endpointId: endpoint.id, kind: 'failing' }]);
    await receiver.waitForRequests(before + 1);

    await runNext(endpoint.id);
    await runNext(endpoint.id);
    let alerts = await alertsOf(owner.user.id);
    expect(alerts.map((alert) => [alert.kind, alert.openKey !== null])).toEqual([['failing', true]]);

    const recovery = await runNext(endpoint.id);
    expect(recovery.resolved).toEqual([{ endpointId: endpoint.id, kind: 'failing' }]);
    await receiver.waitForRequests(before + 2);
    await waitUntil(allDelivered(owner.user.id), 'both deliveries recorded');
    alerts = await alertsOf(owner.user.id);
    expect(alerts.map((alert) => [alert.kind, alert.openKey !== null])).toEqual([
      ['failing', false],
      ['recovered', false],
    ]);
    expect(alerts.flatMap((alert) => alert.deliveries.map((delivery) => delivery.attempts))).toEqual([1, 1]);
    // Exactly two posts reached the channel: the incident and the recovery, not one per failure.
    const posts = receiver.requests.slice(before).filter((request) => request.url === '/incidents');
    expect(posts).toHaveLength(2);
    const [incident, recovered] = posts.map((post) => JSON.parse(post.body));
    expect(incident).toMatchObject({
      type: 'alert.failing',
      alert: { kind: 'failing', endpoint: { id: endpoint.id } },
    });
    expect(incident.alert.message).toContain('3 consecutive failed runs');
    expect(recovered.type).toBe('alert.recovered');
    const first = posts[0];
    if (!first || !signingSecret || !channel.signingKeyId) throw new Error('webhook post or secret missing');
    expect(
      verifySignature({
        method: 'POST',
        url: receiver.url('/incidents'),
        body: first.body,
        headers: first.headers,
        secrets: [{ id: channel.signingKeyId, secret: signingSecret }],
        now: clock.now(),
        toleranceSeconds: 24 * 3600,
      }),
    ).toEqual({ ok: true, keyId: channel.signingKeyId });
  });

  it('applies the failures-in-last-runs rule from the job’s default policy; an endpoint’s own policy wins', async () => {
    const owner = await makeAccount();
    const { channel } = await createNotificationChannel(deps, owner.actor, {
      kind: 'email',
      name: 'Mail',
      email: `alerts-${owner.user.id}@example.com`,
    });
    await updateJobForUser(deps.db, owner.user.id, owner.job.id, {
      alertPolicy: { channelIds: [channel.id], failuresInLastRuns: { failures: 2, runs: 3 } } as never,
    });
    const inheriting = await makeWatchedEndpoint(owner, '/window-a', undefined);
    const overriding = await makeWatchedEndpoint(owner, '/window-b', { channelIds: [], afterConsecutiveFailures: 5 });
    scripts.set('/window-a', [500, 200, 500]);
    scripts.set('/window-b', [500, 200, 500]);

    for (let round = 0; round < 2; round += 1) {
      await runNext(inheriting.id);
      await runNext(overriding.id);
    }
    expect(await alertsOf(owner.user.id)).toEqual([]);
    const third = await runNext(inheriting.id);
    await runNext(overriding.id);
    expect(third.opened).toEqual([{ endpointId: inheriting.id, kind: 'failing' }]);
    const alerts = await alertsOf(owner.user.id);
    expect(alerts.map((alert) => [alert.endpointId, alert.kind])).toEqual([[inheriting.id, 'failing']]);
    expect(alerts[0]?.message).toContain('2 of the last 3 runs failed');

    await waitUntil(allDelivered(owner.user.id), 'the e-mail delivery');
    const [mail] = await listMailMessages(deps.db, { limit: 1, to: `alerts-${owner.user.id}@example.com` });
    expect(mail?.subject).toContain('is failing');
  });

  it('announces an auto-pause once, when the policy asks for it', async () => {
    const owner = await makeAccount();
    const endpoint = await makeWatchedEndpoint(owner, '/pausing', {
      channelIds: [],
      afterConsecutiveFailures: 10,
      onAutoPause: true,
    });
    scripts.set('/pausing', [500, 500]);
    await runNext(endpoint.id, { autoPauseAfterFailures: 2 });
    const paused = await runNext(endpoint.id, { autoPauseAfterFailures: 2 });
    expect((await findEndpointById(deps.db, endpoint.id))?.pausedBy).toBe('system');
    expect(paused.opened).toEqual([{ endpointId: endpoint.id, kind: 'auto_paused' }]);
    expect((await evaluateAlerts(deps, { endpointIds: [endpoint.id] })).opened).toEqual([]);
    expect((await alertsOf(owner.user.id)).map((alert) => alert.kind)).toEqual(['auto_paused']);
  });

  it('announces a spent monthly quota and an AI pause when asked, and closes them when they end', async () => {
    const owner = await makeAccount();
    const limits = deps.tierLimits.enterprise;
    const runsPerMonth = limits.runsPerMonth;
    const endpoint = await makeWatchedEndpoint(owner, '/quota', {
      channelIds: [],
      onQuotaExhausted: true,
      onAiPause: true,
    });
    limits.runsPerMonth = 1;
    try {
      await runNext(endpoint.id);
      const refused = await runNext(endpoint.id);
      expect(refused.opened).toEqual([{ endpointId: endpoint.id, kind: 'quota_exhausted' }]);
    } finally {
      limits.runsPerMonth = runsPerMonth;
    }

    await updateEndpointForUser(deps.db, owner.user.id, endpoint.id, {
      pausedAt: clock.now(),
      pausedBy: 'ai',
      pauseReason: 'the target reports maintenance until 18:00',
    });
    expect((await evaluateAlerts(deps, { endpointIds: [endpoint.id] })).opened).toEqual([
      { endpointId: endpoint.id, kind: 'ai_paused' },
    ]);
    await updateEndpointForUser(deps.db, owner.user.id, endpoint.id, {
      pausedAt: null,
      pausedBy: null,
      pauseReason: null,
    });
    expect((await evaluateAlerts(deps, { endpointIds: [endpoint.id] })).resolved).toEqual([
      { endpointId: endpoint.id, kind: 'ai_paused' },
    ]);
    const alerts = await alertsOf(owner.user.id);
    expect(alerts.map((alert) => [alert.kind, alert.openKey !== null])).toEqual([
      ['quota_exhausted', true],
      ['ai_paused', false],
    ]);
    expect(alerts[1]?.message).toContain('maintenance until 18:00');
  });

  it('retries a delivery when the channel fails, until it succeeds', async () => {
    const owner = await makeAccount();
    const flaky = await TargetServer.start();
    let calls = 0;
    flaky.handler = (_request, response) => {
      calls += 1;
      response.writeHead(calls === 1 ? 503 : 200);
      response.end('ok');
    };
    const { channel } = await createNotificationChannel(deps, owner.actor, {
      kind: 'slack',
      name: 'Flaky Slack',
      url: flaky.url('/services/T/B/x'),
    });
    const endpoint = await makeWatchedEndpoint(owner, '/retried', { channelIds: [channel.id] });
    scripts.set('/retried', [500]);
    await runNext(endpoint.id);
    await flaky.waitForRequests(2);
    await waitUntil(allDelivered(owner.user.id), 'the retried delivery');
    await flaky.close();
    const [alert] = await alertsOf(owner.user.id);
    expect(alert?.deliveries).toMatchObject([{ status: 'delivered', attempts: 2, statusCode: 200, lastError: null }]);
    expect(Object.keys(JSON.parse(flaky.requests[1]?.body ?? '{}'))).toEqual(['text']);
  });
});
