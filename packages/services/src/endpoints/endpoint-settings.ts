import type { AiMode, CatchUpPolicy, EndpointRecord, OverlapPolicy } from '@cronwise/db';
import {
  type AlertPolicyInput,
  AppError,
  assertScheduleRespectsFloor,
  classifyHostname,
  ErrorCode,
  formatDuration,
  issue,
  parseAllowlist,
  type Schedule,
  safeParseRetryPolicy,
  safeParseSchedule,
  type TierLimits,
  type ValidationIssue,
  validationError,
} from '@cronwise/domain';
import type { EncryptionSecrets } from '../secrets/secret-box';
import { type HeaderInput, prepareHeaders, readStoredHeaders, type StoredHeader } from './endpoint-headers';
import { validateSuccessStatusCodes } from './success-status-codes';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export const MAX_URL_LENGTH = 2_048;
export const MAX_BODY_BYTES = 64 * 1024;
export const MIN_TIMEOUT_MS = 1_000;
export const DEFAULT_TIMEOUT_MS = 30_000;

export type ScheduleInput = { type: 'interval'; intervalMs: number } | { type: 'cron'; cron: string; timezone: string };

export interface RetryInput {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** An endpoint as the API accepts it; on update every field is optional and absent means "keep". */
export interface EndpointSettingsInput {
  name: string;
  description?: string;
  url: string;
  method?: HttpMethod;
  headers?: HeaderInput[];
  body?: string | null;
  timeoutMs?: number;
  schedule: ScheduleInput;
  minIntervalMs?: number | null;
  maxIntervalMs?: number | null;
  retry?: RetryInput;
  successStatusCodes?: string;
  overlap?: OverlapPolicy;
  catchUp?: CatchUpPolicy;
  aiMode?: AiMode;
  /** The endpoint's own alert policy; null clears it (the job's applies), absent keeps it. */
  alerts?: AlertPolicyInput | null;
}

/** The endpoint columns a create or update writes. */
export interface EndpointSettings {
  name: string;
  description: string;
  url: string;
  method: string;
  headers: StoredHeader[];
  body: string | null;
  timeoutMs: number;
  scheduleType: 'interval' | 'cron';
  intervalMs: number | null;
  cron: string | null;
  timezone: string | null;
  minIntervalMs: number | null;
  maxIntervalMs: number | null;
  retryMaxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  successStatusCodes: string;
  overlapPolicy: OverlapPolicy;
  catchUpPolicy: CatchUpPolicy;
  aiMode: AiMode;
}

export interface SettingsContext {
  limits: TierLimits;
  targetAllowlist: string;
  encryptionSecret: EncryptionSecrets;
  now: Date;
}

/**
 * Validates a full or partial endpoint against the rules and the caller's plan, merged over the
 * stored endpoint on update. Order of answers: input problems (400, every one with its path),
 * then plan limits (422, naming the limit), then a blocked target (400, naming the range).
 */
export function resolveEndpointSettings(
  input: Partial<EndpointSettingsInput>,
  existing: EndpointRecord | null,
  context: SettingsContext,
): EndpointSettings {
  const issues: ValidationIssue[] = [];
  const base = existing ? settingsFromRecord(existing) : null;
  const scheduleInput = input.schedule ?? (base ? scheduleFromRecord(base) : undefined);
  const parsedSchedule = safeParseSchedule(scheduleInput);
  if (!parsedSchedule.ok) issues.push(...parsedSchedule.issues.map((found) => prefixed('schedule', found)));

  const url = input.url ?? base?.url ?? '';
  issues.push(...checkUrlShape(url));

  const method = input.method ?? (base?.method as HttpMethod | undefined) ?? 'GET';
  const body = input.body !== undefined ? input.body : (base?.body ?? null);
  if (body !== null && Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    issues.push(issue(['body'], `is ${Buffer.byteLength(body, 'utf8')} bytes; the limit is ${MAX_BODY_BYTES}`));
  }
  if (body !== null && body !== '' && (method === 'GET' || method === 'HEAD')) {
    issues.push(issue(['body'], `${method} requests carry no body; use POST, PUT or PATCH, or remove the body`));
  }

  let headers = base?.headers ?? [];
  if (input.headers !== undefined) {
    const prepared = prepareHeaders(
      input.headers,
      existing ? readStoredHeaders(existing.headers) : [],
      context.encryptionSecret,
    );
    if (prepared.ok) headers = prepared.headers;
    else issues.push(...prepared.issues);
  }

  const timeoutMs = input.timeoutMs ?? base?.timeoutMs ?? Math.min(DEFAULT_TIMEOUT_MS, context.limits.timeoutCapMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < MIN_TIMEOUT_MS) {
    issues.push(issue(['timeoutMs'], `must be a whole number of milliseconds of at least ${MIN_TIMEOUT_MS}`));
  }

  const minIntervalMs = input.minIntervalMs !== undefined ? input.minIntervalMs : (base?.minIntervalMs ?? null);
  const maxIntervalMs = input.maxIntervalMs !== undefined ? input.maxIntervalMs : (base?.maxIntervalMs ?? null);
  if (minIntervalMs !== null && maxIntervalMs !== null && maxIntervalMs < minIntervalMs) {
    issues.push(
      issue(
        ['maxIntervalMs'],
        `${formatDuration(maxIntervalMs)} is below minIntervalMs ${formatDuration(minIntervalMs)}; raise it or lower the minimum`,
      ),
    );
  }

  const retryInput = input.retry ?? {
    maxAttempts: base?.retryMaxAttempts ?? 1,
    baseDelayMs: base?.retryBaseDelayMs ?? 1_000,
    maxDelayMs: base?.retryMaxDelayMs ?? 30_000,
  };
  const retry = safeParseRetryPolicy(retryInput, { maxRetriesPerRun: context.limits.retriesPerRun });
  if (!retry.ok) issues.push(...retry.issues.map((found) => prefixed('retry', found)));

  const statusCodes = validateSuccessStatusCodes(input.successStatusCodes ?? base?.successStatusCodes ?? '200-299');
  if (!statusCodes.ok) issues.push(...statusCodes.issues);

  if (issues.length > 0 || !parsedSchedule.ok || !retry.ok || !statusCodes.ok) throw validationError(issues);

  assertWithinPlan(parsedSchedule.schedule, { timeoutMs, maxIntervalMs }, context);
  assertTargetAllowed(url, context.targetAllowlist);

  const schedule = parsedSchedule.schedule;
  return {
    name: input.name ?? base?.name ?? '',
    description: input.description ?? base?.description ?? '',
    url,
    method,
    headers,
    body,
    timeoutMs,
    scheduleType: schedule.type,
    intervalMs: schedule.type === 'interval' ? schedule.intervalMs : null,
    cron: schedule.type === 'cron' ? schedule.cron : null,
    timezone: schedule.type === 'cron' ? schedule.timezone : null,
    minIntervalMs,
    maxIntervalMs,
    retryMaxAttempts: retry.policy.maxAttempts,
    retryBaseDelayMs: retry.policy.baseDelayMs,
    retryMaxDelayMs: retry.policy.maxDelayMs,
    successStatusCodes: statusCodes.normalised,
    overlapPolicy: input.overlap ?? base?.overlapPolicy ?? 'skip',
    catchUpPolicy: input.catchUp ?? base?.catchUpPolicy ?? 'once',
    aiMode: input.aiMode ?? base?.aiMode ?? 'suggest',
  };
}

function prefixed(head: string, found: ValidationIssue): ValidationIssue {
  return { path: [head, ...found.path], message: found.message };
}

function checkUrlShape(url: string): ValidationIssue[] {
  if (url.length > MAX_URL_LENGTH)
    return [issue(['url'], `is ${url.length} characters; the limit is ${MAX_URL_LENGTH}`)];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [issue(['url'], `'${url}' is not an absolute URL; write e.g. https://api.example.com/hook`)];
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return [issue(['url'], `only http and https URLs can be called; got ${parsed.protocol.replace(':', '')}`)];
  }
  if (parsed.username || parsed.password) {
    return [
      issue(['url'], 'remove the credentials from the URL and send them in an Authorization header (stored encrypted)'),
    ];
  }
  return [];
}

function assertWithinPlan(
  schedule: Schedule,
  values: { timeoutMs: number; maxIntervalMs: number | null },
  context: SettingsContext,
): void {
  const { limits } = context;
  try {
    assertScheduleRespectsFloor(schedule, { from: context.now, floorMs: limits.minIntervalMs });
  } catch (error) {
    if (error instanceof AppError && error.details?.issues) {
      throw new AppError(error.code, error.message, {
        ...error.details,
        issues: error.details.issues.map((found) => prefixed('schedule', found)),
      });
    }
    throw error;
  }
  if (values.timeoutMs > limits.timeoutCapMs) {
    throw new AppError(
      ErrorCode.PLAN_LIMIT_EXCEEDED,
      `timeout ${formatDuration(values.timeoutMs)} is above your plan's cap of ${formatDuration(limits.timeoutCapMs)}; lower timeoutMs or upgrade your plan`,
      { limit: 'timeoutCapMs', issues: [issue(['timeoutMs'], `must be at most ${limits.timeoutCapMs}`)] },
    );
  }
  if (values.maxIntervalMs !== null && values.maxIntervalMs < limits.minIntervalMs) {
    throw new AppError(
      ErrorCode.PLAN_LIMIT_EXCEEDED,
      `maxIntervalMs ${formatDuration(values.maxIntervalMs)} is below your plan's minimum interval of ${formatDuration(limits.minIntervalMs)}; raise it`,
      { limit: 'minIntervalMs', issues: [issue(['maxIntervalMs'], `must be at least ${limits.minIntervalMs}`)] },
    );
  }
}

/** The save-time SSRF check: names and literals the policy blocks are refused before they are stored. */
export function assertTargetAllowed(url: string, targetAllowlist: string): void {
  const host = new URL(url).hostname;
  const verdict = classifyHostname(host, parseAllowlist(targetAllowlist));
  if (verdict.allowed) return;
  throw new AppError(
    ErrorCode.TARGET_BLOCKED,
    `the URL's host ${host} is in a blocked address range (${verdict.range}); Cronwise only calls public addresses. Self-hosters can allow it with TARGET_ALLOWLIST`,
    { range: verdict.range, issues: [issue(['url'], `host is in the blocked range ${verdict.range}`)] },
  );
}

function settingsFromRecord(record: EndpointRecord): EndpointSettings {
  return {
    name: record.name,
    description: record.description,
    url: record.url,
    method: record.method,
    headers: readStoredHeaders(record.headers),
    body: record.body,
    timeoutMs: record.timeoutMs,
    scheduleType: record.scheduleType,
    intervalMs: record.intervalMs,
    cron: record.cron,
    timezone: record.timezone,
    minIntervalMs: record.minIntervalMs,
    maxIntervalMs: record.maxIntervalMs,
    retryMaxAttempts: record.retryMaxAttempts,
    retryBaseDelayMs: record.retryBaseDelayMs,
    retryMaxDelayMs: record.retryMaxDelayMs,
    successStatusCodes: record.successStatusCodes,
    overlapPolicy: record.overlapPolicy,
    catchUpPolicy: record.catchUpPolicy,
    aiMode: record.aiMode,
  };
}

function scheduleFromRecord(settings: EndpointSettings): unknown {
  return settings.scheduleType === 'interval'
    ? { type: 'interval', intervalMs: settings.intervalMs }
    : { type: 'cron', cron: settings.cron, timezone: settings.timezone };
}
