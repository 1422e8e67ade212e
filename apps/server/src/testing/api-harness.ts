import { type Context, createCaller, createContext } from '@cronwise/api';
import { makeUser } from '@cronwise/db/testing';
import type { Tier } from '@cronwise/domain';
import {
  type ApiScope,
  type BillingDependencies,
  createApiKey,
  createOutboxMailer,
  DEFAULT_RATE_LIMITS,
  issueSession,
  listMail,
  type OAuthSettings,
  type RateLimitSettings,
  type ServiceDependencies,
} from '@cronwise/services';
import { type EngineHarness, ManualClock, startEngineHarness } from '@cronwise/services/testing';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from '../app';
import type { HttpSettings } from '../settings';

export const TEST_ORIGIN = 'http://cronwise.test';

export interface ApiHarness {
  clock: ManualClock;
  engine: EngineHarness;
  services: ServiceDependencies;
  http: HttpSettings;
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The whole HTTP host on this test file's database: real pg-boss, the real engine, a manual
 * clock, listening on 127.0.0.1 with an ephemeral port.
 */
export async function startApiHarness(
  options: {
    start?: Date;
    rateLimits?: Partial<RateLimitSettings>;
    targetAllowlist?: string;
    oauth?: OAuthSettings;
    /** Stripe billing (a gateway pointed at a StripeTestDouble); off when omitted. */
    billing?: BillingDependencies;
    /** Where the server logs; silent when omitted. */
    logger?: Logger;
  } = {},
): Promise<ApiHarness> {
  const clock = new ManualClock(options.start ?? new Date('2026-12-01T10:00:00.000Z'));
  const engine = await startEngineHarness({ clock, targetAllowlist: options.targetAllowlist ?? '127.0.0.1/32' });
  const services: ServiceDependencies = {
    ...engine.deps,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    ...(options.billing ? { billing: options.billing } : {}),
    accountMail: { mailer: createOutboxMailer({ db: engine.deps.db, clock }), publicUrl: TEST_ORIGIN },
  };
  const http: HttpSettings = {
    publicUrl: TEST_ORIGIN,
    allowedOrigins: [TEST_ORIGIN],
    isSecureCookie: false,
    oauth: options.oauth ?? {},
  };
  const app = await buildApp({
    db: engine.deps.db,
    boss: engine.boss,
    logger: options.logger ?? pino({ level: 'silent' }),
    services,
    http,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    clock,
    engine,
    services,
    http,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await engine.close();
    },
  };
}

export interface TestAccount {
  userId: string;
  email: string;
  /** An API key with the requested scopes (admin by default). */
  key: string;
  sessionToken: string;
}

export async function makeAccount(
  harness: Pick<ApiHarness, 'services'>,
  options: { tier?: Tier; scopes?: ApiScope[] } = {},
): Promise<TestAccount> {
  const user = await makeUser(harness.services.db, { tier: options.tier ?? 'free' });
  const actor = {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    isEmailVerified: user.emailVerifiedAt !== null,
  } as const;
  const { key } = await createApiKey(
    harness.services,
    { ...actor, credential: { kind: 'session', sessionId: 'setup' } },
    { name: 'test key', scopes: options.scopes ?? ['admin'] },
  );
  const { token } = await issueSession(harness.services, user.id);
  return { userId: user.id, email: user.email, key, sessionToken: token };
}

export interface CallerOptions {
  bearerToken?: string;
  sessionToken?: string;
  origin?: string | null;
  method?: string;
  /** The client address the request comes from (throttles are keyed by it). */
  ipAddress?: string;
}

/** A tRPC caller with the context a real request would produce; cookie writes are recorded. */
export async function callerFor(harness: Pick<ApiHarness, 'services' | 'http'>, options: CallerOptions) {
  const cookies: Array<{ token: string | null; expiresAt?: Date }> = [];
  const context: Context = await createContext({
    deps: harness.services,
    settings: { allowedOrigins: harness.http.allowedOrigins },
    request: {
      method: options.method ?? 'POST',
      origin: options.origin === undefined ? TEST_ORIGIN : options.origin,
      userAgent: 'vitest',
      ipAddress: options.ipAddress ?? '127.0.0.1',
      bearerToken: options.bearerToken ?? null,
      sessionToken: options.sessionToken ?? null,
    },
    response: {
      setSessionCookie: (token, expiresAt) => cookies.push({ token, expiresAt }),
      clearSessionCookie: () => cookies.push({ token: null }),
    },
  });
  return { caller: createCaller(context), cookies, context };
}

export interface RestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One REST call over real HTTP. */
// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies field by field and assert each one
export async function rest<T = any>(
  harness: Pick<ApiHarness, 'baseUrl'>,
  method: string,
  path: string,
  options: { key?: string; cookie?: string; origin?: string; body?: unknown } = {},
): Promise<RestResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${harness.baseUrl}${path.startsWith('/api/') ? path : `/api/v1${path}`}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    redirect: 'manual',
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

export const intervalEndpoint = (overrides: Record<string, unknown> = {}) => ({
  name: 'Sync orders',
  url: 'https://api.example.com/hooks/sync',
  schedule: { type: 'interval', intervalMs: 300_000 },
  ...overrides,
});

/** The newest mail Cronwise wrote to `email` (the outbox in tests). */
export async function latestMailTo(harness: Pick<ApiHarness, 'services'>, email: string) {
  const [message] = await listMail(harness.services, { limit: 1, to: email });
  if (!message) throw new Error(`no mail was sent to ${email}`);
  return message;
}

/** The `token` of the first Cronwise link in a mail's text. */
export function linkTokenIn(text: string, path: string): string {
  const match = new RegExp(`${path.replaceAll('/', '\\/')}\\?token=([a-z0-9]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in:\n${text}`);
  return match[1];
}
