import { insertAlerts } from '@cronwise/db';
import { verifySignature } from '@cronwise/domain';
import { TargetServer } from '@cronwise/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  intervalEndpoint,
  latestMailTo,
  makeAccount,
  rest,
  startApiHarness,
} from './testing/api-harness';

let harness: ApiHarness;
let receiver: TargetServer;
const START = new Date('2026-12-01T10:00:00.000Z');

beforeAll(async () => {
  harness = await startApiHarness({ start: START });
  receiver = await TargetServer.start();
});
afterAll(async () => {
  await receiver.close();
  await harness.close();
});

describe('notification channels', () => {
  it('creates, lists and deletes channels; a webhook gets a signing secret shown once', async () => {
    const { key } = await makeAccount(harness);
    const webhook = await rest(harness, 'POST', '/notification-channels', {
      key,
      body: { kind: 'webhook', name: 'Ops hook', url: receiver.url('/alerts') },
    });
    expect(webhook.status).toBe(200);
    expect(webhook.body).toMatchObject({ kind: 'webhook', name: 'Ops hook', target: receiver.url('/alerts') });
    expect(webhook.body.signingKeyId).toMatch(/^ch_/);
    expect(webhook.body.signingSecret).toMatch(/^whsec_/);

    const slack = await rest(harness, 'POST', '/notification-channels', {
      key,
      body: { kind: 'slack', name: 'Slack', url: receiver.url('/services/T000/B000/secretpart') },
    });
    expect(slack.body.target).toBe(`http://127.0.0.1:${receiver.port}/services/…`);
    expect(slack.body.signingSecret).toBeNull();

    const list = await rest(harness, 'GET', '/notification-channels', { key });
    expect(list.body.items.map((channel: { name: string }) => channel.name)).toEqual(['Ops hook', 'Slack']);
    expect(JSON.stringify(list.body)).not.toContain('secretpart');
    expect(JSON.stringify(list.body)).not.toContain(webhook.body.signingSecret);

    expect((await rest(harness, 'DELETE', `/notification-channels/${slack.body.id}`, { key })).body).toEqual({
      id: slack.body.id,
      deleted: true,
    });
    expect((await rest(harness, 'GET', '/notification-channels', { key })).body.items).toHaveLength(1);
  });

  it('refuses bad input with the field and the fix', async () => {
    const { key } = await makeAccount(harness);
    const noUrl = await rest(harness, 'POST', '/notification-channels', { key, body: { kind: 'webhook', name: 'x' } });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.issues[0].path).toEqual(['url']);
    const badMail = await rest(harness, 'POST', '/notification-channels', {
      key,
      body: { kind: 'email', name: 'x', email: 'not-an-address' },
    });
    expect(badMail.status).toBe(400);
    expect(badMail.body.message).toContain('is not an e-mail address');
    const ftp = await rest(harness, 'POST', '/notification-channels', {
      key,
      body: { kind: 'slack', name: 'x', url: 'ftp://example.com/hook' },
    });
    expect(ftp.status).toBe(400);
    expect(ftp.body.message).toContain('only http and https');
  });

  it('refuses URLs in blocked address ranges (SSRF guard)', async () => {
    const { key } = await makeAccount(harness);
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://10.0.0.7/hook', 'http://[::1]:8080/x']) {
      const response = await rest(harness, 'POST', '/notification-channels', {
        key,
        body: { kind: 'webhook', name: 'internal', url },
      });
      expect(response.status, url).toBe(400);
      expect(response.body.code).toBe('TARGET_BLOCKED');
    }
    expect((await rest(harness, 'GET', '/notification-channels', { key })).body.items).toEqual([]);
  });

  it("hides another user's channels (404) and keeps a read key from changing them", async () => {
    const owner = await makeAccount(harness);
    const other = await makeAccount(harness);
    const channel = await rest(harness, 'POST', '/notification-channels', {
      key: owner.key,
      body: { kind: 'email', name: 'Mail', email: 'ops@example.com' },
    });
    expect((await rest(harness, 'GET', `/notification-channels/${channel.body.id}`, { key: other.key })).status).toBe(
      404,
    );
    expect(
      (await rest(harness, 'DELETE', `/notification-channels/${channel.body.id}`, { key: other.key })).status,
    ).toBe(404);
    expect(
      (await rest(harness, 'POST', `/notification-channels/${channel.body.id}/test`, { key: other.key })).status,
    ).toBe(404);
    expect((await rest(harness, 'GET', '/notification-channels', { key: other.key })).body.items).toEqual([]);
    const reader = await makeAccount(harness, { scopes: ['read'] });
    const refused = await rest(harness, 'POST', '/notification-channels', {
      key: reader.key,
      body: { kind: 'email', name: 'Mail', email: 'ops@example.com' },
    });
    expect(refused.status).toBe(403);
  });

  it('test-sends: a signed webhook, a Slack {text} post, an e-mail through the outbox', async () => {
    const { key } = await makeAccount(harness);
    const webhook = await rest(harness, 'POST', '/notification-channels', {
      key,
      body: { kind: 'webhook', name: 'Hook', url: receiver.url('/signed') },
    });
    const sent = await rest(harness, 'POST', `/notification-channels/${webhook.body.id}/test`, { key });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ delivered: true, statusCode: 200, error: null });
    const request = receiver.requests.at(-1);
    if (!request) throw new Error('the webhook was not called');
    expect(request.url).toBe('/signed');
    expect(JSON.parse(request.body)).toMatchObject({ type: 'alert.test', alert: { kind: 'test' } });
    const verdict = verifySignature({
      method: 'POST',
      url: receiver.url('/signed'),
      body: request.body,
      headers: request.headers,
      secrets: [{ id: webhook.body.signingKeyId, secret: webhook.body.signingSecret }],
      now: START,
    });
    expect(verdict).toEqual({ ok: true, keyId: webhook.body.signingKeyId });

    const slack = await rest(harness, 'POST', '/notification-channels', {
      key,
      body: { kind: 'slack', name: 'Slack', url: receiver.url('/services/T1/B1/xyz') },
    });
    await rest(harness, 'POST', `/notification-channels/${slack.body.id}/test`, { key });
    const slackRequest = receiver.requests.at(-1);
    expect(slackRequest?.url).toBe('/services/T1/B1/xyz');
    expect(Object.keys(JSON.parse(slackRequest?.body ?? '{}'))).toEqual(['text']);
    expect(slackRequest?.headers['cronwise-signature']).toBeUndefined();

    const mail = await rest(harness, 'POST', '/notification-channels', {
      key,
      body: { kind: 'email', name: 'Mail', email: 'alerts-test@example.com' },
    });
    const mailed = await rest(harness, 'POST', `/notification-channels/${mail.body.id}/test`, { key });
    expect(mailed.body).toMatchObject({ delivered: true, statusCode: null });
    expect((await latestMailTo(harness, 'alerts-test@example.com')).subject).toContain('test notification');
  });

  it('reports a failing channel in the test result', async () => {
    const { key } = await makeAccount(harness);
    const failing = await TargetServer.start();
    failing.handler = (_request, response) => {
      response.writeHead(500);
      response.end('down');
    };
    const channel = await rest(harness, 'POST', '/notification-channels', {
      key,
      body: { kind: 'slack', name: 'Down', url: failing.url('/hook') },
    });
    const result = await rest(harness, 'POST', `/notification-channels/${channel.body.id}/test`, { key });
    await failing.close();
    expect(result.body).toMatchObject({ delivered: false, statusCode: 500 });
    expect(result.body.error).toContain('HTTP 500');
  });
});

describe('alert policies on jobs and endpoints', () => {
  it('stores a job default and an endpoint override, filling defaults; clears with null', async () => {
    const { key } = await makeAccount(harness);
    const channel = await rest(harness, 'POST', '/notification-channels', {
      key,
      body: { kind: 'email', name: 'Mail', email: 'ops@example.com' },
    });
    const job = await rest(harness, 'POST', '/jobs', {
      key,
      body: { name: 'Nightly', alerts: { channelIds: [channel.body.id], afterConsecutiveFailures: 3 } },
    });
    expect(job.status).toBe(200);
    expect(job.body.alerts).toEqual({
      channelIds: [channel.body.id],
      afterConsecutiveFailures: 3,
      failuresInLastRuns: null,
      onRecovery: true,
      onAutoPause: true,
      onQuotaExhausted: true,
      onAiPause: false,
    });
    const endpoint = await rest(harness, 'POST', `/jobs/${job.body.id}/endpoints`, { key, body: intervalEndpoint() });
    expect(endpoint.body.alerts).toBeNull();
    const updated = await rest(harness, 'PATCH', `/endpoints/${endpoint.body.id}`, {
      key,
      body: { alerts: { channelIds: [], failuresInLastRuns: { failures: 2, runs: 5 }, onRecovery: false } },
    });
    expect(updated.body.alerts).toMatchObject({ channelIds: [], failuresInLastRuns: { failures: 2, runs: 5 } });
    const cleared = await rest(harness, 'PATCH', `/endpoints/${endpoint.body.id}`, { key, body: { alerts: null } });
    expect(cleared.body.alerts).toBeNull();

    // Deleting the channel takes it out of the job's policy.
    await rest(harness, 'DELETE', `/notification-channels/${channel.body.id}`, { key });
    expect((await rest(harness, 'GET', `/jobs/${job.body.id}`, { key })).body.alerts.channelIds).toEqual([]);
  });

  it("refuses another user's channel or an unknown one with a 400 naming the position", async () => {
    const owner = await makeAccount(harness);
    const other = await makeAccount(harness);
    const foreign = await rest(harness, 'POST', '/notification-channels', {
      key: other.key,
      body: { kind: 'email', name: 'Theirs', email: 'theirs@example.com' },
    });
    const job = await rest(harness, 'POST', '/jobs', {
      key: owner.key,
      body: { name: 'J', alerts: { channelIds: [foreign.body.id] } },
    });
    expect(job.status).toBe(400);
    expect(job.body.issues[0].path).toEqual(['alerts', 'channelIds', 0]);
    expect(job.body.message).toContain('is not one of your notification channels');
    const window = await rest(harness, 'POST', '/jobs', {
      key: owner.key,
      body: { name: 'J', alerts: { channelIds: [], failuresInLastRuns: { failures: 6, runs: 5 } } },
    });
    expect(window.status).toBe(400);
    expect(window.body.issues[0].path).toEqual(['alerts', 'failuresInLastRuns', 'failures']);
  });
});

describe('alert history', () => {
  it('pages newest first and hides other users’ alerts', async () => {
    const owner = await makeAccount(harness);
    const other = await makeAccount(harness);
    const job = await rest(harness, 'POST', '/jobs', { key: owner.key, body: { name: 'History' } });
    const endpoint = await rest(harness, 'POST', `/jobs/${job.body.id}/endpoints`, {
      key: owner.key,
      body: intervalEndpoint(),
    });
    await insertAlerts(
      harness.services.db,
      [0, 1, 2].map((minute) => ({
        userId: owner.userId,
        jobId: job.body.id,
        endpointId: endpoint.body.id,
        kind: minute === 1 ? ('recovered' as const) : ('failing' as const),
        message: `alert ${minute}`,
        openKey: null,
        resolvedAt: null,
        details: {},
        createdAt: new Date(START.getTime() + minute * 60_000),
        channels: [],
      })),
    );
    const first = await rest(harness, 'GET', '/alerts?limit=2', { key: owner.key });
    expect(first.body.items.map((alert: { message: string }) => alert.message)).toEqual(['alert 2', 'alert 1']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await rest(harness, 'GET', `/alerts?limit=2&cursor=${first.body.nextCursor}`, { key: owner.key });
    expect(second.body.items.map((alert: { message: string }) => alert.message)).toEqual(['alert 0']);
    expect(second.body.nextCursor).toBeNull();
    const forEndpoint = await rest(harness, 'GET', `/endpoints/${endpoint.body.id}/alerts`, { key: owner.key });
    expect(forEndpoint.body.items).toHaveLength(3);
    expect(forEndpoint.body.items[0]).toMatchObject({ kind: 'failing', isOpen: false, deliveries: [] });

    expect((await rest(harness, 'GET', '/alerts', { key: other.key })).body.items).toEqual([]);
    expect((await rest(harness, 'GET', `/endpoints/${endpoint.body.id}/alerts`, { key: other.key })).status).toBe(404);
    const badCursor = await rest(harness, 'GET', '/alerts?cursor=nonsense', { key: owner.key });
    expect(badCursor.status).toBe(400);
  });
});
