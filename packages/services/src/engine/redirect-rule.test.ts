import { describe, expect, it } from 'vitest';
import { planRedirect, type RedirectHop } from './redirect-rule';

const from: RedirectHop = {
  url: 'https://api.example.com/hooks/sync',
  method: 'POST',
  body: '{"full":true}',
  headers: { authorization: 'Bearer s', 'x-api-key': 'k', 'x-vault': 'v', accept: 'application/json' },
};
const secretHeaderNames = new Set(['x-vault']);

describe('planRedirect', () => {
  it('refuses a downgrade from https to http, even to the same host', () => {
    const decision = planRedirect({ from, location: 'http://api.example.com/x', statusCode: 303, secretHeaderNames });
    expect(decision).toEqual({
      kind: 'refuse',
      reason: 'refused a redirect from https to http (http://api.example.com)',
    });
  });

  it('allows an upgrade from http to https of the same host, which is another origin', () => {
    const decision = planRedirect({
      from: { ...from, url: 'http://api.example.com/x', method: 'GET', body: null },
      location: 'https://api.example.com/x',
      statusCode: 301,
      secretHeaderNames,
    });
    expect(decision).toEqual({
      kind: 'follow',
      hop: { url: 'https://api.example.com/x', method: 'GET', body: null, headers: { accept: 'application/json' } },
    });
  });

  it('keeps headers and body for a 308 within the origin', () => {
    const decision = planRedirect({ from, location: '/v2/sync', statusCode: 308, secretHeaderNames });
    expect(decision).toEqual({
      kind: 'follow',
      hop: { ...from, url: 'https://api.example.com/v2/sync' },
    });
  });

  it('turns a 303 into a GET without body and strips marked and implied secrets for another origin', () => {
    const decision = planRedirect({
      from,
      location: 'https://cdn.example.net/done',
      statusCode: 303,
      secretHeaderNames,
    });
    expect(decision).toEqual({
      kind: 'follow',
      hop: { url: 'https://cdn.example.net/done', method: 'GET', body: null, headers: { accept: 'application/json' } },
    });
  });

  it('refuses a 307 that would re-send the body to another origin', () => {
    const decision = planRedirect({ from, location: 'https://evil.example.org/', statusCode: 307, secretHeaderNames });
    expect(decision.kind).toBe('refuse');
  });

  it('treats another port as another origin', () => {
    const decision = planRedirect({
      from: { ...from, method: 'GET', body: null },
      location: 'https://api.example.com:8443/x',
      statusCode: 302,
      secretHeaderNames,
    });
    expect(decision.kind === 'follow' && decision.hop.headers).toEqual({ accept: 'application/json' });
  });
});
