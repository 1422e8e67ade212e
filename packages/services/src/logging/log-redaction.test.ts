import { describe, expect, it } from 'vitest';
import { isLoggedSecretHeaderName, REDACTED, redactHeaders, redactUrlQuery } from './log-redaction';

describe('redactUrlQuery', () => {
  it('hides an OAuth callback’s code and state but keeps the path and other parameters', () => {
    expect(redactUrlQuery('/auth/oauth/github/callback?code=gho_abc123&state=xyz789&lang=en')).toBe(
      `/auth/oauth/github/callback?code=${REDACTED}&state=${REDACTED}&lang=en`,
    );
  });

  it('hides tokens and keys in absolute URLs, whatever the case or encoding of the name', () => {
    expect(redactUrlQuery('https://example.com/hook?Access_Token=t0k&%61pi_key=k3y#top')).toBe(
      `https://example.com/hook?Access_Token=${REDACTED}&%61pi_key=${REDACTED}#top`,
    );
  });

  it('leaves URLs without secrets alone', () => {
    expect(redactUrlQuery('/api/v1/jobs?limit=10&cursor=abc')).toBe('/api/v1/jobs?limit=10&cursor=abc');
    expect(redactUrlQuery('/api/v1/jobs')).toBe('/api/v1/jobs');
  });
});

describe('redactHeaders', () => {
  it('hides credentials in request and response headers', () => {
    expect(
      redactHeaders({
        authorization: 'Bearer cw_live_secret',
        cookie: 'cronwise_session=s3ss10n',
        'set-cookie': ['a=b'],
        'x-api-key': 'k',
        'x-cronwise-signature': 'v2=abc',
        'content-type': 'application/json',
      }),
    ).toEqual({
      authorization: REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-api-key': REDACTED,
      'x-cronwise-signature': REDACTED,
      'content-type': 'application/json',
    });
  });

  it('hides an endpoint’s secret headers as stored, marked secret or named like one', () => {
    expect(
      redactHeaders([
        { name: 'X-Custom', value: 'sensitive', isSecret: true },
        { name: 'X-Auth-Token', value: 'tok', isSecret: false },
        { name: 'Accept', value: 'text/plain', isSecret: false },
      ]),
    ).toEqual([
      { name: 'X-Custom', value: REDACTED, isSecret: true },
      { name: 'X-Auth-Token', value: REDACTED, isSecret: false },
      { name: 'Accept', value: 'text/plain', isSecret: false },
    ]);
  });

  it('treats every header an endpoint treats as secret as secret in logs too', () => {
    for (const name of ['Authorization', 'Proxy-Authorization', 'X-Service-Key', 'X-Client-Secret', 'Session-Id'])
      expect(isLoggedSecretHeaderName(name)).toBe(true);
    expect(isLoggedSecretHeaderName('Accept-Language')).toBe(false);
  });
});
