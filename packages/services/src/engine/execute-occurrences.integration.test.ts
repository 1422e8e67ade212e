import { findEndpointById, withTransaction } from '@cronwise/db';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '@cronwise/domain';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from '../secrets/secret-box';
import { claim, makeEndpointFor, queuedOccurrences, TargetServer, TEST_ENCRYPTION_SECRET } from '../testing';
import { useEngineTestbed } from '../testing/engine-testbed';
import { executeOccurrences } from './execute-occurrences';
import { rescheduleEndpoint } from './reschedule-endpoint';
import { testEndpoint } from './test-endpoint';

const START = new Date('2026-12-01T10:00:00.000Z');
const bed = useEngineTestbed(START);
const { clock } = bed;

const schedule = bed.schedule;

const currentOccurrence = bed.nextOccurrence;

describe('scheduling an endpoint', () => {
  it('queues exactly one occurrence at the governor’s time, keyed by the endpoint', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: 30_000 },
    });
    const scheduled = await schedule(endpoint.id);

    expect(scheduled.nextRunAt?.toISOString()).toBe('2026-12-01T10:00:30.000Z');
    expect(scheduled.nextRunSource).toBe('baseline-interval');
    expect(scheduled.scheduleVersion).toBe(1);
    const queued = await queuedOccurrences(bed.harness.deps, endpoint.id);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.data.plannedAt).toBe('2026-12-01T10:00:30.000Z');
    // Claimable OCCURRENCE_CLAIM_LEAD_MS early, so a worker holds it and fires it at its instant.
    expect(queued[0]?.startAfter.toISOString()).toBe('2026-12-01T10:00:29.500Z');
    expect(queued[0]?.data.occurrenceId).toBe(scheduled.currentOccurrenceId);
  });

  it('replaces the queued occurrence when the schedule changes, keeping one queued', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: 30_000 },
    });
    const first = await schedule(endpoint.id);
    await bed.harness.deps.db.endpoint.update({ where: { id: endpoint.id }, data: { intervalMs: 120_000 } });
    const second = await withTransaction(bed.harness.deps.db, (tx) =>
      rescheduleEndpoint(bed.harness.deps, tx, endpoint.id),
    );

    const queued = (await queuedOccurrences(bed.harness.deps, endpoint.id)).filter((job) => job.state === 'created');
    expect(queued).toHaveLength(1);
    expect(queued[0]?.data.occurrenceId).toBe(second.currentOccurrenceId);
    expect(queued[0]?.data.plannedAt).toBe('2026-12-01T10:02:00.000Z');
    expect(queued[0]?.startAfter.toISOString()).toBe('2026-12-01T10:01:59.500Z');
    expect(second.currentOccurrenceId).not.toBe(first.currentOccurrenceId);
    expect(second.scheduleVersion).toBe(first.scheduleVersion + 1);
  });
});

describe('executing occurrences', () => {
  it('calls the target on time, records one run, and queues the next occurrence on the grid', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url('/tick'),
      overrides: { intervalMs: 30_000 },
    });
    await schedule(endpoint.id);
    const occurrence = await currentOccurrence(endpoint.id);
    clock.set(new Date('2026-12-01T10:00:30.250Z'));

    const summary = await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, occurrence)]);

    expect(summary).toMatchObject({ dispatched: 1, recorded: 1, dropped: 0 });
    const request = bed.target.requests.at(-1);
    expect(request?.url).toBe('/tick');
    expect(request?.headers['idempotency-key']).toBe(occurrence.data.occurrenceId);
    expect(request?.headers['user-agent']).toMatch(/^Cronwise\//);
    const run = await bed.harness.deps.db.run.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(run).toMatchObject({ status: 'success', statusCode: 200, attempt: 1, source: 'baseline-interval' });
    expect(run.latenessMs).toBe(250);
    expect(run.responseBody).toBe('{"ok":true}');
    const after = await findEndpointById(bed.harness.deps.db, endpoint.id);
    expect(after?.nextRunAt?.toISOString()).toBe('2026-12-01T10:01:00.000Z');
    expect(after?.lastPlannedAt?.toISOString()).toBe('2026-12-01T10:00:30.000Z');
    const next = await currentOccurrence(endpoint.id);
    expect(next.data.occurrenceId).toBe(after?.currentOccurrenceId);
    expect(next.data.plannedAt).toBe('2026-12-01T10:01:00.000Z');
  });

  it('records an occurrence once even when pg-boss delivers it twice', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: 30_000 },
    });
    await schedule(endpoint.id);
    const occurrence = await currentOccurrence(endpoint.id);
    clock.advance(30_000);
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, occurrence)]);
    const redelivered = await executeOccurrences(bed.harness.deps, [
      { ...(await claim(bed.harness.deps, occurrence)), retryCount: 1 },
    ]);

    expect(redelivered).toMatchObject({ dispatched: 0, dropped: 1 });
    expect(await bed.harness.deps.db.run.count({ where: { endpointId: endpoint.id } })).toBe(1);
  });

  it('drops a stale occurrence without a run after the schedule changed', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: 30_000 },
    });
    await schedule(endpoint.id);
    const stale = await currentOccurrence(endpoint.id);
    await withTransaction(bed.harness.deps.db, (tx) => rescheduleEndpoint(bed.harness.deps, tx, endpoint.id));
    const requestsBefore = bed.target.requests.length;
    const dropped: string[] = [];

    const summary = await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, stale)], {
      onDrop: (occurrence) => dropped.push(occurrence.reason),
    });

    expect(summary).toMatchObject({ dispatched: 0, dropped: 1, recorded: 0 });
    expect(dropped[0]).toMatch(/stale/);
    expect(bed.target.requests.length).toBe(requestsBefore);
    expect(await bed.harness.deps.db.run.count({ where: { endpointId: endpoint.id } })).toBe(0);
  });

  it('pausing a job stops its endpoints; resuming runs one catch-up run, then returns to the grid', async () => {
    const { endpoint, job } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: 60_000 },
    });
    await schedule(endpoint.id);
    const beforePause = await currentOccurrence(endpoint.id);
    clock.advance(60_000);
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, beforePause)]);

    await bed.harness.deps.db.job.update({ where: { id: job.id }, data: { status: 'paused' } });
    const paused = await withTransaction(bed.harness.deps.db, (tx) =>
      rescheduleEndpoint(bed.harness.deps, tx, endpoint.id),
    );
    expect(paused.nextRunAt).toBeNull();
    expect(paused.nextRunSource).toBe('paused');
    // The occurrence queued before the pause fires anyway: it is dropped, nothing runs.
    const leftover = (await queuedOccurrences(bed.harness.deps, endpoint.id)).find((job) => job.state === 'created');
    clock.advance(10 * 60_000);
    if (leftover)
      expect((await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, leftover)])).dropped).toBe(1);
    expect(await bed.harness.deps.db.run.count({ where: { endpointId: endpoint.id } })).toBe(1);

    await bed.harness.deps.db.job.update({ where: { id: job.id }, data: { status: 'active' } });
    const resumed = await withTransaction(bed.harness.deps.db, (tx) =>
      rescheduleEndpoint(bed.harness.deps, tx, endpoint.id),
    );
    expect(resumed.nextRunAt?.getTime()).toBe(clock.now().getTime());
    const catchUp = await currentOccurrence(endpoint.id);
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, catchUp)]);

    expect(await bed.harness.deps.db.run.count({ where: { endpointId: endpoint.id } })).toBe(2);
    const after = await findEndpointById(bed.harness.deps.db, endpoint.id);
    // Back on the one-minute grid anchored at 10:00:00, in the future: no burst of missed slots.
    expect(after?.nextRunAt?.toISOString()).toBe('2026-12-01T10:12:00.000Z');
  });

  it('skips an occurrence while the previous run of the endpoint is still in flight', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url('/slow'),
      overrides: { intervalMs: 30_000, overlapPolicy: 'skip' },
    });
    await schedule(endpoint.id);
    let release: () => void = () => {};
    bed.target.handler = (_request, response) => {
      release = () => response.end('done');
    };
    const scheduled = await currentOccurrence(endpoint.id);
    clock.advance(30_000);
    const slowRun = executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, scheduled)]);
    await bed.target.waitForRequests(bed.target.requests.length + 1);

    const overlapping = {
      id: 'overlap-job',
      data: { ...scheduled.data, occurrenceId: 'occ_manual_overlap', kind: 'run-now', source: 'run-now' },
    };
    const skipped = await executeOccurrences(bed.harness.deps, [overlapping]);
    release();
    await slowRun;

    expect(skipped).toMatchObject({ skipped: 1, dispatched: 0 });
    const runs = await bed.harness.deps.db.run.findMany({
      where: { endpointId: endpoint.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(runs.map((run) => run.status).sort()).toEqual(['skipped', 'success']);
    expect(runs.find((run) => run.status === 'skipped')?.error).toMatch(/still in flight/);
  });

  it('records quota_exceeded over the monthly limit and defers the endpoint to next month', async () => {
    const { endpoint, user } = await makeEndpointFor(bed.harness.deps, {
      tier: 'free',
      url: bed.target.url(),
      overrides: { intervalMs: 60_000 },
    });
    await bed.harness.deps.db.usageLedger.create({ data: { userId: user.id, month: '2026-12', runs: 10_000 } });
    await schedule(endpoint.id);
    const occurrence = await currentOccurrence(endpoint.id);
    clock.advance(60_000);
    const requestsBefore = bed.target.requests.length;

    const summary = await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, occurrence)]);

    expect(summary).toMatchObject({ quotaExceeded: 1, dispatched: 0 });
    expect(bed.target.requests.length).toBe(requestsBefore);
    const run = await bed.harness.deps.db.run.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(run.status).toBe('quota_exceeded');
    expect(run.error).toMatch(/10,000/);
    const after = await findEndpointById(bed.harness.deps.db, endpoint.id);
    expect(after?.nextRunAt?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(after?.nextRunExplanation).toMatch(/monthly run limit of 10,000 reached.*2027-01-01/);
    expect((await currentOccurrence(endpoint.id)).data.plannedAt).toBe('2027-01-01T00:00:00.000Z');
    const ledger = await bed.harness.deps.db.usageLedger.findUniqueOrThrow({
      where: { userId_month: { userId: user.id, month: '2026-12' } },
    });
    expect(ledger.runs).toBe(10_000);
  });

  it('retries a 503 after its Retry-After and records each attempt', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url('/flaky'),
      overrides: { intervalMs: 60_000, retryMaxAttempts: 3, retryBaseDelayMs: 100, retryMaxDelayMs: 1_000 },
    });
    await schedule(endpoint.id);
    bed.target.handler = (_request, response) => {
      response.writeHead(503, { 'retry-after': '7' });
      response.end('busy');
    };
    const occurrence = await currentOccurrence(endpoint.id);
    clock.advance(60_000);
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, occurrence)], { random: () => 0.5 });

    const retry = (await queuedOccurrences(bed.harness.deps, `retry:${occurrence.data.occurrenceId}`))[0];
    expect(retry?.data).toMatchObject({ kind: 'retry', attempt: 2, occurrenceId: occurrence.data.occurrenceId });
    // Retry-After (7 s) outweighs the exponential delay (100 ms).
    expect(retry?.startAfter.getTime()).toBe(clock.now().getTime() + 7_000);

    bed.target.handler = (_request, response) => {
      response.end('ok now');
    };
    clock.advance(7_000);
    if (!retry) throw new Error('no retry queued');
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, retry)]);

    const runs = await bed.harness.deps.db.run.findMany({
      where: { endpointId: endpoint.id },
      orderBy: { attempt: 'asc' },
    });
    expect(runs.map((run) => [run.attempt, run.status, run.statusCode, run.source])).toEqual([
      [1, 'failure', 503, 'baseline-interval'],
      [2, 'success', 200, 'retry'],
    ]);
    const keys = bed.target.requests.slice(-2).map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
    expect((await findEndpointById(bed.harness.deps.db, endpoint.id))?.failureStreak).toBe(0);
  });

  it('signs requests so the receiver can verify them with the domain verifier', async () => {
    const { endpoint, user } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url('/signed?x=1'),
      overrides: { intervalMs: 60_000, method: 'POST', body: '{"hello":"world"}' },
    });
    await schedule(endpoint.id);
    clock.advance(60_000);
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, await currentOccurrence(endpoint.id))]);

    const request = bed.target.requests.at(-1);
    if (!request) throw new Error('no request');
    const key = await bed.harness.deps.db.signingKey.findFirstOrThrow({ where: { userId: user.id, state: 'current' } });
    const verdict = verifySignature({
      method: request.method,
      url: bed.target.url('/signed?x=1'),
      body: request.body,
      headers: request.headers as Record<string, string>,
      secrets: [{ id: key.keyId, secret: decryptSecret(key.secretEncrypted, TEST_ENCRYPTION_SECRET) }],
      now: clock.now(),
    });
    expect(request.headers[TIMESTAMP_HEADER.toLowerCase()]).toBeDefined();
    expect(request.headers[SIGNATURE_HEADER.toLowerCase()]).toContain(key.keyId);
    expect(verdict).toEqual({ ok: true, keyId: key.keyId });
    expect(
      verifySignature({
        method: request.method,
        url: bed.target.url('/signed?x=1'),
        body: `${request.body} `,
        headers: request.headers as Record<string, string>,
        secrets: [{ id: key.keyId, secret: decryptSecret(key.secretEncrypted, TEST_ENCRYPTION_SECRET) }],
        now: clock.now(),
      }).ok,
    ).toBe(false);
  });

  it('pauses an endpoint after the configured number of consecutive failures', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url('/broken'),
      overrides: { intervalMs: 60_000, failureStreak: 2 },
    });
    bed.target.handler = (_request, response) => {
      response.writeHead(404);
      response.end('gone');
    };
    await schedule(endpoint.id);
    clock.advance(10 * 60_000);
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, await currentOccurrence(endpoint.id))], {
      autoPauseAfterFailures: 3,
    });

    const after = await findEndpointById(bed.harness.deps.db, endpoint.id);
    expect(after).toMatchObject({
      failureStreak: 3,
      pausedBy: 'system',
      pauseReason: 'auto-paused after 3 consecutive failures',
      nextRunAt: null,
    });
  });
});

describe('stored secret headers and redirects', () => {
  it('sends a header marked secret to the configured origin only, never across a redirect', async () => {
    const elsewhere = await TargetServer.start();
    try {
      bed.target.handler = (_request, response) => {
        response.writeHead(302, { location: elsewhere.url('/landing') });
        response.end();
      };
      const { user, endpoint } = await makeEndpointFor(bed.harness.deps, {
        url: bed.target.url('/start'),
        overrides: {
          isSigned: false,
          headers: [
            { name: 'X-Vault', value: encryptSecret('vault-value', TEST_ENCRYPTION_SECRET), isSecret: true },
            { name: 'X-Trace', value: 'plain', isSecret: false },
          ],
        },
      });
      await testEndpoint(bed.harness.deps, { userId: user.id, endpointId: endpoint.id });
      expect(bed.target.requests.at(-1)?.headers['x-vault']).toBe('vault-value');
      const landed = elsewhere.requests.at(-1);
      expect(landed?.headers['x-trace']).toBe('plain');
      expect(landed?.headers['x-vault']).toBeUndefined();
    } finally {
      await elsewhere.close();
    }
  });
});

describe('a slow target in a batch', () => {
  it('does not hold the fast endpoints’ runs and next occurrences until it answers', async () => {
    const slowTarget = await TargetServer.start();
    let answerSlow: () => void = () => {};
    slowTarget.handler = (_request, response) =>
      new Promise<void>((resolve) => {
        answerSlow = () => {
          response.writeHead(200).end('late');
          resolve();
        };
      });
    try {
      const { endpoint: fast } = await makeEndpointFor(bed.harness.deps, {
        url: bed.target.url('/fast'),
        overrides: { intervalMs: 30_000 },
      });
      const { endpoint: slow } = await makeEndpointFor(bed.harness.deps, {
        url: slowTarget.url('/slow'),
        overrides: { intervalMs: 30_000, timeoutMs: 60_000 },
      });
      await schedule(fast.id);
      await schedule(slow.id);
      const jobs = [
        await claim(bed.harness.deps, await currentOccurrence(fast.id)),
        await claim(bed.harness.deps, await currentOccurrence(slow.id)),
      ];
      clock.set(new Date('2026-12-01T10:00:30.000Z'));

      const batch = executeOccurrences(bed.harness.deps, jobs);
      await slowTarget.waitForRequests(1);
      const deadline = Date.now() + 10_000;
      while ((await bed.harness.deps.db.run.count({ where: { endpointId: fast.id } })) === 0) {
        if (Date.now() > deadline) throw new Error('the fast endpoint’s run was held behind the slow target');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The fast endpoint is recorded and moved on while the slow one is still waiting for its answer.
      expect(await bed.harness.deps.db.run.count({ where: { endpointId: slow.id } })).toBe(0);
      expect((await findEndpointById(bed.harness.deps.db, fast.id))?.nextRunAt?.toISOString()).toBe(
        '2026-12-01T10:01:00.000Z',
      );
      expect((await currentOccurrence(fast.id)).data.plannedAt).toBe('2026-12-01T10:01:00.000Z');

      answerSlow();
      const summary = await batch;
      expect(summary).toMatchObject({ dispatched: 2, recorded: 2, dropped: 0 });
      const slowRun = await bed.harness.deps.db.run.findFirstOrThrow({ where: { endpointId: slow.id } });
      expect(slowRun).toMatchObject({ status: 'success', responseBody: 'late' });
    } finally {
      await slowTarget.close();
    }
  });
});
