/**
 * Procedure builders. Every procedure starts from one of these:
 *
 * - `publicProcedure`: no credential needed (sign-up, log-in). Still maps errors.
 * - `authedProcedure(scope)`: a session or an API key carrying `scope` (`read`, `write` or
 *   `admin`; sessions carry all). It also checks the Origin of cookie-authenticated mutations
 *   and counts the request against the per-user and per-key rate limits.
 *
 * To add a procedure: create `routers/<resource>/<verb>-<noun>.ts`, start from a builder,
 * declare `.meta({ openapi })` when it belongs to the public REST API, `.input()` and
 * `.output()` (a DTO schema from `dto/`), and call one service with `ctx.actor`. Register it in
 * the resource's `index.ts`. Throw `AppError` from services; the error middleware maps it.
 */

import { ErrorCode, isAppError } from '@cronwise/domain';
import {
  type ApiScope,
  actorHasScope,
  assertWithinRateLimit,
  consumeRateLimit,
  type RateLimitState,
} from '@cronwise/services';
import { initTRPC, type TRPCError } from '@trpc/server';
import superjson from 'superjson';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Context } from './context';
import { AppError, describeError, toTRPCError } from './errors';

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const body = describeError(error);
      return { ...shape, message: body.message, data: { ...shape.data, stack: undefined, error: body } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns AppError (thrown by services) into the tRPC error of the mapping table. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) throw toTRPCError(result.error.cause);
  return result;
});

/** No procedure input nests this deep; deeper input is refused before anything walks it. */
export const MAX_INPUT_DEPTH = 32;

export interface TextProblem {
  path: Array<string | number>;
  message: string;
}

// With the u flag a valid surrogate pair is one code point, so only unpaired halves match.
const UNPAIRED_SURROGATE = /\p{Surrogate}/u;

function textProblemOf(text: string, field: string): string | null {
  if (text.includes('\u0000')) return `${field} contains a NUL character (U+0000), which cannot be stored; remove it`;
  if (UNPAIRED_SURROGATE.test(text)) {
    return `${field} contains an unpaired UTF-16 surrogate, which is not valid Unicode; send well-formed UTF-8 text`;
  }
  return null;
}

/**
 * The first problem in a raw input that no schema catches before the database would: text
 * PostgreSQL cannot store (U+0000, lone surrogates), in a value or an object key, and nesting
 * deep enough to exhaust the stack. Walks iteratively, so hostile depth cannot overflow here.
 */
export function findUnstorableInput(input: unknown): TextProblem | null {
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value: input, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    const field = path.join('.') || 'input';
    if (typeof value === 'string') {
      const message = textProblemOf(value, field);
      if (message) return { path, message };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      return { path, message: `${field} is nested more than ${MAX_INPUT_DEPTH} levels deep; no field accepts that` };
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? [...value.entries()]
      : Object.entries(value);
    for (const [key, item] of entries.reverse()) {
      if (typeof key === 'string') {
        const message = textProblemOf(key, `${[...path, key].join('.')} (a field name)`);
        if (message) return { path: [...path, key], message };
      }
      pending.push({ value: item, path: [...path, key] });
    }
  }
  return null;
}

/**
 * PostgreSQL cannot store U+0000 or unpaired surrogates in text, and no header, URL or name
 * needs one, so every procedure refuses them up front with a 400 naming the field, before a
 * schema or service sees them (otherwise the database's refusal would surface as a 500).
 */
const refuseUnstorableInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = findUnstorableInput(await getRawInput());
  if (problem) throw new AppError(ErrorCode.VALIDATION_FAILED, problem.message, { issues: [problem] });
  return next();
});

export const publicProcedure = t.procedure.use(mapErrors).use(refuseUnstorableInput);

/**
 * Cookie-authenticated state changes must come from our own pages (Lucia's CSRF defence):
 * browsers always send Origin on cross-site POSTs, so a missing or foreign Origin is refused.
 */
export function assertSameOrigin(ctx: Context): void {
  const origin = ctx.request.origin;
  if (origin && ctx.settings.allowedOrigins.includes(origin)) return;
  throw new AppError(
    ErrorCode.FORBIDDEN,
    origin
      ? `requests from ${origin} may not change data with a session cookie; use the Cronwise app or an API key`
      : 'a cookie-authenticated change needs an Origin header; use the Cronwise app or an API key',
  );
}

function isUnsafeMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

function recordRateLimitHeaders(ctx: Context, state: RateLimitState, nowMs: number): void {
  ctx.responseHeaders['RateLimit-Limit'] = String(state.limit);
  ctx.responseHeaders['RateLimit-Remaining'] = String(state.remaining);
  ctx.responseHeaders['RateLimit-Reset'] = String(Math.max(0, Math.ceil((state.resetAt.getTime() - nowMs) / 1000)));
}

export function authedProcedure(scope: ApiScope) {
  return publicProcedure.use(async ({ ctx, type, next }) => {
    const actor = ctx.actor;
    if (!actor && ctx.invalidCredentialLimit) {
      assertWithinRateLimit(ctx.invalidCredentialLimit, ctx.deps.clock.now().getTime());
    }
    if (!actor) {
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        ctx.authError ?? 'sign in, or send an API key as "Authorization: Bearer <key>"',
      );
    }
    if (actor.credential.kind === 'session' && (type === 'mutation' || isUnsafeMethod(ctx.request.method))) {
      assertSameOrigin(ctx);
    }
    if (!actorHasScope(actor, scope)) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        `this API key lacks the '${scope}' scope; create a key with ${scope} access under API keys`,
      );
    }
    const nowMs = ctx.deps.clock.now().getTime();
    const states = [await consumeRateLimit(ctx.deps, `user:${actor.userId}`, ctx.deps.rateLimits.perUser)];
    if (actor.credential.kind === 'api-key') {
      states.push(await consumeRateLimit(ctx.deps, `key:${actor.credential.apiKeyId}`, ctx.deps.rateLimits.perApiKey));
    }
    // Report the tighter of the two budgets; refuse if either is spent.
    const tightest = states.reduce((left, right) => (right.remaining < left.remaining ? right : left));
    const exhausted = states.find((state) => !state.isAllowed);
    recordRateLimitHeaders(ctx, exhausted ?? tightest, nowMs);
    if (exhausted) assertWithinRateLimit(exhausted, nowMs);
    return next({ ctx: { ...ctx, actor } });
  });
}

/**
 * Operator tools (queue stats, redrive, users, occurrence explanations): a person whose account
 * has the admin role, signed in or with an admin-scoped key. Everyone else gets 403.
 */
export const adminProcedure = authedProcedure('admin').use(({ ctx, next }) => {
  if (ctx.actor.role !== 'admin') {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      'operator tools need an account with the admin role; an operator grants it with pnpm cli user:create --admin',
    );
  }
  return next({ ctx });
});

/**
 * Response headers for both HTTP adapters: the rate-limit state the middleware recorded, and
 * Retry-After on 429 answers.
 */
export function responseHeadersFor(ctx: Context | undefined, errors: readonly TRPCError[]): Record<string, string> {
  const headers: Record<string, string> = { ...(ctx?.responseHeaders ?? {}) };
  for (const error of errors) {
    const cause = error.cause;
    if (isAppError(cause) && cause.code === ErrorCode.RATE_LIMITED) {
      headers['Retry-After'] = String(Math.max(1, Math.ceil((cause.details?.retryAfterMs ?? 1_000) / 1000)));
    }
  }
  return headers;
}
