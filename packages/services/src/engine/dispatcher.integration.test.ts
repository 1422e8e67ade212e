import { parseAllowlist } from '@cronwise/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetServer } from '../testing';
import { Dispatcher, type DispatchRequest } from './dispatcher';

// 127.0.0.1 is allowlisted as a self-hoster would; 127.0.0.2 is another loopback address
// that the SSRF guard must keep blocked.
let allowed: TargetServer;
let blocked: TargetServer;
// Same address, another port: another origin.
let otherOrigin: TargetServer;
let dispatcher: Dispatcher;

beforeAll(async () => {
  allowed = await TargetServer.start('127.0.0.1');
  blocked = await TargetServer.start('127.0.0.2');
  otherOrigin = await TargetServer.start('127.0.0.1');
  dispatcher = new Dispatcher(parseAllowlist('127.0.0.1/32'));
});
afterAll(async () => {
  await dispatcher.close();
  await allowed.close();
  await blocked.close();
  await otherOrigin.close();
});

function request(url: string, overrides: Partial<DispatchRequest> = {}): DispatchRequest {
  return {
    url,
    method: 'GET',
    headers: {},
    body: null,
    timeoutMs: 5_000,
    captureLimitBytes: 1_024,
    signingKeys: [{ id: 'key_test', secret: 'whsec_test' }],
    isSigned: true,
    idempotencyKey: 'occ_test',
    now: () => new Date(),
    ...overrides,
  };
}

describe('outbound dispatch', () => {
  it('never connects to a blocked loopback address that is not allowlisted', async () => {
    const result = await dispatcher.dispatch(request(blocked.url()));
    expect(result.outcome).toEqual({ kind: 'blocked', reason: expect.stringContaining('loopback') });
    expect(result.error).toMatch(/^target blocked/);
    expect(blocked.connections).toBe(0);
  });

  it('blocks a host name that resolves to a blocked address, checking the resolved address', async () => {
    // /etc/hosts maps "vm" to 127.0.0.1, which only the literal CIDR allowlists, not this name...
    const strict = new Dispatcher(parseAllowlist(''));
    try {
      const result = await strict.dispatch(request(`http://vm:${allowed.port}/hook`));
      expect(result.outcome.kind).toBe('blocked');
      expect(result.error).toMatch(/vm resolves to 127\.0\.0\.1 .*loopback/);
    } finally {
      await strict.close();
    }
    expect(allowed.requests.filter((received) => received.url === '/hook')).toHaveLength(0);
  });

  it('does not let an allowlisted host name open the loopback address it resolves to', async () => {
    const byName = new Dispatcher(parseAllowlist('vm'));
    try {
      const result = await byName.dispatch(request(`http://vm:${allowed.port}/by-name`));
      expect(result.outcome).toEqual({ kind: 'blocked', reason: expect.stringMatching(/127\.0\.0\.1 .*loopback/) });
    } finally {
      await byName.close();
    }
    expect(allowed.requests.some((received) => received.url === '/by-name')).toBe(false);
  });

  it('refuses localhost names and non-http schemes before any lookup', () => {
    expect(dispatcher.checkUrl('http://localhost:1/x')).toMatchObject({ ok: false });
    expect(dispatcher.checkUrl('ftp://example.com/x')).toEqual({
      ok: false,
      reason: 'only http and https targets are allowed (got ftp:)',
    });
    expect(dispatcher.checkUrl('http://user:pass@example.com/')).toMatchObject({ ok: false });
  });

  it('refuses a redirect to a blocked address and never connects to it', async () => {
    allowed.handler = (_incoming, response) => {
      response.writeHead(302, { location: blocked.url('/internal') });
      response.end();
    };
    const result = await dispatcher.dispatch(request(allowed.url('/redirect')));
    expect(result.outcome.kind).toBe('blocked');
    expect(result.redirects).toEqual([blocked.url('/internal')]);
    expect(blocked.connections).toBe(0);
  });

  it('follows allowed redirects, re-signing each hop, up to five', async () => {
    allowed.handler = (incoming, response) => {
      const hop = Number(new URL(incoming.url, 'http://x').searchParams.get('hop') ?? 0);
      if (hop < 2) {
        response.writeHead(307, { location: `/chain?hop=${hop + 1}` });
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('arrived');
    };
    const before = allowed.requests.length;
    const result = await dispatcher.dispatch(request(allowed.url('/chain?hop=0')));
    expect(result.statusCode).toBe(200);
    expect(result.response?.body).toBe('arrived');
    expect(result.redirects).toHaveLength(2);
    const hops = allowed.requests.slice(before);
    expect(hops).toHaveLength(3);
    expect(new Set(hops.map((hop) => hop.headers['cronwise-signature'])).size).toBe(3);
  });

  it('captures a response up to the limit and marks it truncated', async () => {
    allowed.handler = (_incoming, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'abc' });
      response.end(JSON.stringify({ data: 'x'.repeat(5_000) }));
    };
    const result = await dispatcher.dispatch(request(allowed.url('/big'), { captureLimitBytes: 100 }));
    expect(result.response?.body).toHaveLength(100);
    expect(result.response?.isTruncated).toBe(true);
    expect(result.response?.headers['x-request-id']).toBe('abc');
    expect(result.response?.sizeBytes).toBeGreaterThan(100);
  });

  it('notes binary responses by type and size without storing them', async () => {
    allowed.handler = (_incoming, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(Buffer.alloc(300));
    };
    const result = await dispatcher.dispatch(request(allowed.url('/image')));
    expect(result.response).toMatchObject({ body: null, contentType: 'image/png', sizeBytes: 300, isTruncated: false });
  });

  it('times out a slow target', async () => {
    allowed.handler = () => {};
    const result = await dispatcher.dispatch(request(allowed.url('/hang'), { timeoutMs: 300 }));
    expect(result.outcome).toEqual({ kind: 'timeout' });
    expect(result.error).toBe('no response within 300 ms');
  });

  it('fails closed without a signing key: nothing is sent', async () => {
    const before = allowed.requests.length;
    const result = await dispatcher.dispatch(request(allowed.url('/unsigned'), { signingKeys: [] }));
    expect(result.outcome.kind).toBe('not-sent');
    expect(allowed.requests.length).toBe(before);
  });

  it('reads a binary response no further than the capture limit', async () => {
    allowed.handler = (_incoming, response) => {
      response.writeHead(200, { 'content-type': 'video/mp4' });
      // Streams without end: only the capture limit may stop the read, not the timeout.
      const timer = setInterval(() => response.write(Buffer.alloc(4_096)), 5);
      response.on('close', () => clearInterval(timer));
    };
    const result = await dispatcher.dispatch(request(allowed.url('/stream'), { timeoutMs: 3_000 }));
    expect(result.outcome).toMatchObject({ kind: 'http', status: 200 });
    expect(result.response).toMatchObject({ body: null, contentType: 'video/mp4', isTruncated: true });
    expect(result.durationMs).toBeLessThan(2_000);
  });
});

describe('secrets across redirects', () => {
  const headers = { authorization: 'Bearer live-secret', 'x-vault': 'marked-secret', 'x-trace': 'plain' };
  const secretHeaderNames = new Set(['authorization', 'x-vault']);

  it('keeps secret headers within the origin and drops them on a hop to another origin', async () => {
    allowed.handler = (incoming, response) => {
      response.writeHead(302, { location: incoming.url === '/same' ? '/next' : otherOrigin.url('/elsewhere') });
      response.end();
    };
    const result = await dispatcher.dispatch(
      request(allowed.url('/same'), { headers, secretHeaderNames, isSigned: false }),
    );
    expect(result.statusCode).toBe(200);
    const sameOriginHop = allowed.requests.filter((received) => received.url === '/next').at(-1);
    expect(sameOriginHop?.headers).toMatchObject({ authorization: 'Bearer live-secret', 'x-vault': 'marked-secret' });
    const crossOriginHop = otherOrigin.requests.filter((received) => received.url === '/elsewhere').at(-1);
    expect(crossOriginHop?.headers['x-trace']).toBe('plain');
    expect(crossOriginHop?.headers.authorization).toBeUndefined();
    expect(crossOriginHop?.headers['x-vault']).toBeUndefined();
    expect(crossOriginHop?.headers['idempotency-key']).toBe('occ_test');
  });

  it('re-sends a body on 307 within the origin but refuses to send it to another origin', async () => {
    allowed.handler = (incoming, response) => {
      if (incoming.url === '/post-same') {
        response.writeHead(307, { location: '/post-landing' });
      } else if (incoming.url === '/post-cross') {
        response.writeHead(308, { location: otherOrigin.url('/post-stolen') });
      } else {
        response.writeHead(200);
      }
      response.end();
    };
    const post = { method: 'POST', body: '{"card":"4242"}', isSigned: false };
    const same = await dispatcher.dispatch(request(allowed.url('/post-same'), post));
    expect(same.statusCode).toBe(200);
    expect(allowed.requests.at(-1)).toMatchObject({ url: '/post-landing', method: 'POST', body: '{"card":"4242"}' });

    const cross = await dispatcher.dispatch(request(allowed.url('/post-cross'), post));
    expect(cross.outcome).toEqual({ kind: 'blocked', reason: expect.stringContaining('re-send the request body') });
    expect(cross.error).toMatch(/^redirect refused/);
    expect(otherOrigin.requests.some((received) => received.url === '/post-stolen')).toBe(false);
  });
});
