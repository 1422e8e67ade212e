import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import {
  type Allowlist,
  classifyHostname,
  type DispatchOutcome,
  type SigningKey,
  signRequest,
  vetResolvedTarget,
} from '@cronwise/domain';
import { type Attributes, context, propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Agent, request } from 'undici';
import { inSpan } from '../tracing/tracing';
import { planRedirect } from './redirect-rule';

export const CRONWISE_VERSION = '0.1.0';
export const USER_AGENT = `Cronwise/${CRONWISE_VERSION}`;
export const MAX_REDIRECTS = 5;

/** Response headers worth keeping with a run. */
const CAPTURED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'cache-control',
  'date',
  'etag',
  'last-modified',
  'location',
  'retry-after',
  'server',
  'x-request-id',
  'x-correlation-id',
];
const TEXTUAL_CONTENT_TYPE =
  /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded|x-ndjson))/i;

export interface DispatchRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Lower-case names of `headers` that carry secrets; they never follow a redirect to another origin. */
  secretHeaderNames?: ReadonlySet<string>;
  body: string | null;
  timeoutMs: number;
  /** Response bytes kept; the rest is discarded and the capture marked truncated. */
  captureLimitBytes: number;
  /** Signing keys in force; empty with `isSigned` fails closed (no request is sent). */
  signingKeys: SigningKey[];
  isSigned: boolean;
  idempotencyKey: string;
  followRedirects?: boolean;
  now: () => Date;
  /** For the dispatch span's attributes only. */
  endpointId?: string;
}

export interface CapturedResponse {
  body: string | null;
  isTruncated: boolean;
  contentType: string | null;
  sizeBytes: number;
  headers: Record<string, string>;
}

export interface DispatchResult {
  outcome: DispatchOutcome | { kind: 'blocked'; reason: string } | { kind: 'not-sent'; reason: string };
  statusCode: number | null;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  response: CapturedResponse | null;
  error: string | null;
  /** What was sent, for the run's request snapshot (secret header values masked by the caller). */
  finalUrl: string;
  redirects: string[];
}

class TargetBlockedError extends Error {
  override name = 'TargetBlockedError';
}

/**
 * Outbound HTTP for the engine: undici with keep-alive pools, the SSRF guard on
 * every connection (DNS is resolved once, the resolved addresses are vetted, and
 * the socket connects to the vetted address: no rebinding window), redirects
 * re-vetted hop by hop, bounded response capture and signed requests.
 */
export class Dispatcher {
  private readonly agent: Agent;

  constructor(private readonly allowlist: Allowlist) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 64,
      connect: { lookup: this.vettedLookup },
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private readonly vettedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) {
        (callback as (error: Error) => void)(error);
        return;
      }
      const verdict = vetResolvedTarget({
        host: hostname,
        resolvedAddresses: addresses.map((entry) => entry.address),
        allowlist: this.allowlist,
      });
      if (!verdict.allowed) {
        (callback as (error: Error) => void)(
          new TargetBlockedError(
            `${hostname} resolves to ${verdict.address ?? 'an address'} in a blocked range (${verdict.range})`,
          ),
        );
        return;
      }
      const family = isIP(verdict.address);
      if (options.all) {
        (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
          { address: verdict.address, family },
        ]);
      } else {
        (callback as (error: null, address: string, family: number) => void)(null, verdict.address, family);
      }
    });
  };

  /** Checks a URL without connecting: scheme, host name rules and IP literals. */
  checkUrl(rawUrl: string): { ok: true; url: URL } | { ok: false; reason: string } {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return { ok: false, reason: `'${rawUrl}' is not a valid URL` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, reason: `only http and https targets are allowed (got ${url.protocol})` };
    }
    if (url.username || url.password) {
      return { ok: false, reason: 'credentials in the URL are not allowed; send them in a header instead' };
    }
    const verdict = classifyHostname(url.hostname, this.allowlist);
    if (!verdict.allowed) return { ok: false, reason: `${url.hostname} is in a blocked range (${verdict.range})` };
    return { ok: true, url };
  }

  /**
   * One span per dispatch (a child of the batch span when there is one); its context goes to the
   * target as W3C `traceparent`. With tracing off both are the API's no-ops.
   */
  async dispatch(input: DispatchRequest): Promise<DispatchResult> {
    return inSpan(
      `dispatch ${input.method.toUpperCase()}`,
      { kind: SpanKind.CLIENT, attributes: dispatchAttributes(input) },
      async (span) => {
        const result = await this.send(input);
        const attributes = resultAttributes(result);
        span.setAttributes(attributes);
        if (attributes['error.type'] !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
        return result;
      },
    );
  }

  private async send(input: DispatchRequest): Promise<DispatchResult> {
    const startedAt = input.now();
    const started = performance.now();
    const redirects: string[] = [];
    const finish = (partial: Omit<DispatchResult, 'startedAt' | 'finishedAt' | 'durationMs' | 'redirects'>) => {
      const durationMs = Math.round(performance.now() - started);
      return { ...partial, startedAt, finishedAt: new Date(startedAt.getTime() + durationMs), durationMs, redirects };
    };

    let url = input.url;
    let method = input.method.toUpperCase();
    let body = input.body;
    let userHeaders = input.headers;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), input.timeoutMs);
    try {
      for (let hop = 0; ; hop += 1) {
        const checked = this.checkUrl(url);
        if (!checked.ok) {
          return finish({
            outcome: { kind: 'blocked', reason: checked.reason },
            statusCode: null,
            response: null,
            error: `target blocked: ${checked.reason}`,
            finalUrl: url,
          });
        }
        if (input.isSigned && input.signingKeys.length === 0) {
          return finish({
            outcome: { kind: 'not-sent', reason: 'no signing key' },
            statusCode: null,
            response: null,
            error: 'no signing key is available for this account, so the request was not sent (fail closed)',
            finalUrl: url,
          });
        }
        const headers: Record<string, string> = {
          ...userHeaders,
          'user-agent': USER_AGENT,
          'idempotency-key': input.idempotencyKey,
        };
        propagation.inject(context.active(), headers);
        if (input.isSigned) {
          Object.assign(
            headers,
            signRequest({
              method,
              url,
              body,
              idempotencyKey: input.idempotencyKey,
              keys: input.signingKeys,
              now: input.now(),
            }),
          );
        }
        const response = await request(url, {
          dispatcher: this.agent,
          method: method as 'GET',
          headers,
          body: body ?? undefined,
          signal: controller.signal,
          headersTimeout: input.timeoutMs,
          bodyTimeout: input.timeoutMs,
        });
        const location = firstHeader(response.headers.location);
        const isRedirect = response.statusCode >= 300 && response.statusCode < 400 && location;
        if (isRedirect && input.followRedirects !== false && hop < MAX_REDIRECTS) {
          await response.body.dump();
          const decision = planRedirect({
            from: { url, method, body, headers: userHeaders },
            location,
            statusCode: response.statusCode,
            secretHeaderNames: input.secretHeaderNames ?? new Set(),
          });
          if (decision.kind === 'refuse') {
            return finish({
              outcome: { kind: 'blocked', reason: decision.reason },
              statusCode: response.statusCode,
              response: null,
              error: `redirect refused: ${decision.reason}`,
              finalUrl: url,
            });
          }
          ({ url, method, body, headers: userHeaders } = decision.hop);
          redirects.push(url);
          continue;
        }
        const captured = await captureResponse(response, input.captureLimitBytes);
        return finish({
          outcome: {
            kind: 'http',
            status: response.statusCode,
            retryAfter: firstHeader(response.headers['retry-after']),
          },
          statusCode: response.statusCode,
          response: captured,
          error: null,
          finalUrl: url,
        });
      }
    } catch (error) {
      const blocked = findCause(error, TargetBlockedError);
      if (blocked) {
        return finish({
          outcome: { kind: 'blocked', reason: blocked.message },
          statusCode: null,
          response: null,
          error: `target blocked: ${blocked.message}`,
          finalUrl: url,
        });
      }
      const isTimeout = controller.signal.aborted || isTimeoutError(error);
      return finish({
        outcome: isTimeout ? { kind: 'timeout' } : { kind: 'network-error' },
        statusCode: null,
        response: null,
        error: isTimeout ? `no response within ${input.timeoutMs} ms` : describeError(error),
        finalUrl: url,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Where the call goes, without path or query: those may carry tokens. */
function dispatchAttributes(input: DispatchRequest): Attributes {
  const attributes: Attributes = {
    'http.request.method': input.method.toUpperCase(),
    'cronwise.idempotency_key': input.idempotencyKey,
  };
  if (input.endpointId) attributes['cronwise.endpoint.id'] = input.endpointId;
  try {
    const url = new URL(input.url);
    attributes['server.address'] = url.hostname;
    attributes['url.scheme'] = url.protocol.replace(/:$/, '');
    if (url.port) attributes['server.port'] = Number(url.port);
  } catch {
    // An invalid URL is refused by checkUrl; the span says so through its outcome.
  }
  return attributes;
}

function resultAttributes(result: DispatchResult): Attributes {
  const attributes: Attributes = {
    'cronwise.dispatch.outcome': result.outcome.kind,
    'cronwise.dispatch.redirects': result.redirects.length,
  };
  if (result.statusCode !== null) attributes['http.response.status_code'] = result.statusCode;
  if (result.outcome.kind !== 'http') attributes['error.type'] = result.outcome.kind;
  else if (result.outcome.status >= 400) attributes['error.type'] = String(result.outcome.status);
  return attributes;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function captureResponse(
  response: Awaited<ReturnType<typeof request>>,
  limitBytes: number,
): Promise<CapturedResponse> {
  const contentType = firstHeader(response.headers['content-type']) ?? null;
  const headers: Record<string, string> = {};
  for (const name of CAPTURED_RESPONSE_HEADERS) {
    const value = firstHeader(response.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  const isTextual = contentType === null || TEXTUAL_CONTENT_TYPE.test(contentType);
  const chunks: Buffer[] = [];
  let captured = 0;
  let total = 0;
  let isTruncated = false;
  for await (const chunk of response.body) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    // Binary bodies are counted, not kept, but read no further than text: a target streaming
    // gigabytes of video must not hold a worker until the timeout.
    if (isTextual && captured < limitBytes) {
      const room = limitBytes - captured;
      chunks.push(buffer.length > room ? buffer.subarray(0, room) : buffer);
      captured += Math.min(room, buffer.length);
    }
    if (total > limitBytes) {
      isTruncated = true;
      // Stop reading: the target may stream far more than we keep.
      response.body.destroy();
      break;
    }
  }
  const declaredLength = Number(firstHeader(response.headers['content-length']));
  return {
    body: isTextual ? Buffer.concat(chunks).toString('utf8') : null,
    isTruncated,
    contentType,
    sizeBytes: Number.isFinite(declaredLength) && declaredLength > total ? declaredLength : total,
    headers,
  };
}

function findCause<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (current instanceof type) return current;
    if (current instanceof AggregateError) {
      const inner = current.errors.find((entry) => entry instanceof type);
      if (inner) return inner as T;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function isTimeoutError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

function describeError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = error instanceof Error ? error.message : String(error);
  const detail = cause?.code ?? code;
  return detail ? `${message} (${detail})` : message;
}
