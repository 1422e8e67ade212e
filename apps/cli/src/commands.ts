import type { Database, SqlPool } from '@cronwise/db';
import { AppError, ErrorCode, TIERS, type Tier, type TierLimits } from '@cronwise/domain';
import {
  API_SCOPES,
  analyzeEndpointAsOperator,
  type Clock,
  createUserAccount,
  type EngineDependencies,
  explainOccurrences,
  getQueueStats,
  issueApiKey,
  listMail,
  listUserAccounts,
  MAX_API_KEY_LIFETIME_DAYS,
  MAX_MAIL_PAGE_SIZE,
  MAX_USERS_PAGE_SIZE,
  type Operator,
  reconcileOccurrences,
  redriveFailedJobs,
  reencryptSecrets,
  revokeApiKeyById,
  setUserTier,
} from '@cronwise/services';
import { z } from 'zod';
import { type OptionSpec, parseOptions, UsageError } from './arguments';
import { formatOccurrenceExplanation } from './explain-output';
import { formatTable, formatTime } from './output';

/** What a command may use; each collaborator is opened on first use and closed by main. */
export interface CliRuntime {
  operator: Operator;
  clock: Clock;
  /** The plans' limits from TIER_LIMITS_JSON (or the defaults). */
  tierLimits: Record<Tier, TierLimits>;
  /** Throws ConfigurationError naming ENCRYPTION_SECRET when it is not configured. */
  encryptionSecrets(): { current: string; previous: string[] };
  db(): Database;
  sql(): SqlPool;
  /** The engine's collaborators with a started pg-boss (for re-planning schedules). */
  engine(): Promise<EngineDependencies>;
}

export interface CommandResult {
  /** Printed with --json. */
  json: unknown;
  /** Printed otherwise. */
  text: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Validates the arguments (before anything connects) and returns the work to run. */
  prepare(args: string[]): (runtime: CliRuntime) => Promise<CommandResult>;
}

const emailSchema = z.email('must be an e-mail address such as ops@example.com');
const tierSchema = z.enum(TIERS as ['free', 'pro', 'enterprise'], `must be one of ${TIERS.join(', ')}`);
const nonNegativeInteger = (fallback: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).default(fallback);

const userFields = (user: {
  id: string;
  email: string;
  name: string;
  role: string;
  tier: string;
  createdAt: Date;
}) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  tier: user.tier,
  createdAt: user.createdAt,
});

function command<Schema extends z.ZodType>(definition: {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  schema: Schema;
  run(runtime: CliRuntime, options: z.infer<Schema>): Promise<CommandResult>;
}): Command {
  const usage = `pnpm cli ${definition.name}${definition.usage ? ` ${definition.usage}` : ''}`;
  return {
    name: definition.name,
    summary: definition.summary,
    usage,
    prepare(args) {
      const options = parseOptions(args, definition.options, definition.schema, usage);
      return (runtime) => definition.run(runtime, options);
    },
  };
}

const userCreate = command({
  name: 'user:create',
  summary: 'Create an account with a password',
  usage: '--email E --password P [--name N] [--tier free|pro|enterprise] [--admin]',
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
    tier: { type: 'string' },
    admin: { type: 'boolean' },
  },
  schema: z.object({
    email: emailSchema,
    password: z.string(),
    name: z.string().max(200).optional(),
    tier: tierSchema.optional(),
    admin: z.boolean().optional(),
  }),
  async run(runtime, options) {
    const user = await createUserAccount({ db: runtime.db(), clock: runtime.clock }, runtime.operator, {
      email: options.email,
      password: options.password,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.tier === undefined ? {} : { tier: options.tier }),
      isAdmin: options.admin === true,
    });
    return {
      json: userFields(user),
      text: `Created ${user.role === 'admin' ? 'admin ' : ''}user ${user.email} (${user.id}) on the ${user.tier} plan.`,
    };
  },
});

const userSetTier = command({
  name: 'user:set-tier',
  summary: "Change a user's plan",
  usage: '--email E --tier free|pro|enterprise',
  options: { email: { type: 'string' }, tier: { type: 'string' } },
  schema: z.object({ email: emailSchema, tier: tierSchema }),
  async run(runtime, options) {
    const { user, previousTier, pausedEndpointIds } = await setUserTier(
      await runtime.engine(),
      runtime.operator,
      options,
    );
    const isChanged = previousTier !== user.tier;
    const paused =
      pausedEndpointIds.length > 0
        ? ` ${pausedEndpointIds.length} endpoint(s) beyond the plan were paused (none deleted): ${pausedEndpointIds.join(', ')}.`
        : '';
    return {
      json: { ...userFields(user), previousTier, isChanged, pausedEndpointIds },
      text: isChanged
        ? `${user.email} moved from the ${previousTier} plan to the ${user.tier} plan.${paused}`
        : `${user.email} is already on the ${user.tier} plan; nothing changed.`,
    };
  },
});

const mailOutbox = command({
  name: 'mail:outbox',
  summary: 'Show the e-mail Cronwise wrote (verification and reset links), newest first',
  usage: '[--to EMAIL] [--limit N]',
  options: { to: { type: 'string' }, limit: { type: 'string' } },
  schema: z.object({
    to: emailSchema.optional(),
    limit: nonNegativeInteger(20).pipe(
      z.number().min(1, 'must be at least 1').max(MAX_MAIL_PAGE_SIZE, `must be at most ${MAX_MAIL_PAGE_SIZE}`),
    ),
  }),
  async run(runtime, options) {
    const messages = await listMail(
      { db: runtime.db() },
      { limit: options.limit, ...(options.to ? { to: options.to } : {}) },
    );
    const text = messages
      .map((message) =>
        [
          `--- ${formatTime(message.createdAt)}  to ${message.to}  (${message.transport}${message.error ? `, failed: ${message.error}` : ''})`,
          `Subject: ${message.subject}`,
          '',
          message.text,
        ].join('\n'),
      )
      .join('\n\n');
    return {
      json: { items: messages },
      text: messages.length > 0 ? text : 'No mail yet.',
    };
  },
});

const userList = command({
  name: 'user:list',
  summary: 'List accounts, oldest first',
  usage: '[--limit N] [--offset N]',
  options: { limit: { type: 'string' }, offset: { type: 'string' } },
  schema: z.object({
    limit: nonNegativeInteger(100).pipe(
      z.number().min(1, 'must be at least 1').max(MAX_USERS_PAGE_SIZE, `must be at most ${MAX_USERS_PAGE_SIZE}`),
    ),
    offset: nonNegativeInteger(0),
  }),
  async run(runtime, options) {
    const page = await listUserAccounts({ db: runtime.db() }, options);
    const rows = page.items.map((user) => [
      user.email,
      user.name,
      user.role,
      user.tier,
      formatTime(user.createdAt),
      user.id,
    ]);
    const shown =
      page.items.length < page.total
        ? `\n${page.items.length} of ${page.total} users shown; use --offset ${options.offset + page.items.length} for more.`
        : `\n${page.total} user${page.total === 1 ? '' : 's'}.`;
    return {
      json: { items: page.items.map(userFields), total: page.total, limit: options.limit, offset: options.offset },
      text: `${formatTable(['email', 'name', 'role', 'tier', 'created', 'id'], rows)}${shown}`,
    };
  },
});

const apiKeyCreate = command({
  name: 'apikey:create',
  summary: 'Create an API key for a user; the key is printed once',
  usage: '--email E --name N --scopes read,write[,admin] [--expires-in-days D]',
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'string' },
    'expires-in-days': { type: 'string' },
  },
  schema: z.object({
    email: emailSchema,
    name: z.string().trim().min(1, 'must not be empty').max(100),
    scopes: z
      .string()
      .transform((value) => [...new Set(value.split(',').map((scope) => scope.trim()))].filter(Boolean))
      .pipe(
        z
          .array(z.enum(API_SCOPES, `each scope must be one of ${API_SCOPES.join(', ')}`))
          .min(1, 'name at least one scope'),
      ),
    'expires-in-days': z
      .string()
      .regex(/^\d+$/, 'must be a whole number of days')
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, 'must be at least 1 day')
          .max(MAX_API_KEY_LIFETIME_DAYS, `must be at most ${MAX_API_KEY_LIFETIME_DAYS} days`),
      )
      .optional(),
  }),
  async run(runtime, options) {
    const expiresInDays = options['expires-in-days'];
    const { apiKey, key, user } = await issueApiKey({ db: runtime.db(), clock: runtime.clock }, runtime.operator, {
      email: options.email,
      name: options.name,
      scopes: options.scopes,
      ...(expiresInDays === undefined ? {} : { expiresInDays }),
    });
    const expiry = apiKey.expiresAt ? `expires ${formatTime(apiKey.expiresAt)}` : 'never expires';
    return {
      json: {
        key,
        id: apiKey.id,
        userId: user.id,
        email: user.email,
        name: apiKey.name,
        prefix: apiKey.prefix,
        scopes: apiKey.scopes,
        expiresAt: apiKey.expiresAt,
        createdAt: apiKey.createdAt,
      },
      text: [
        `Created API key "${apiKey.name}" (${apiKey.id}) for ${user.email}: scopes ${apiKey.scopes.join(', ')}, ${expiry}.`,
        'The key is shown this once; store it now:',
        '',
        `  ${key}`,
      ].join('\n'),
    };
  },
});

const apiKeyRevoke = command({
  name: 'apikey:revoke',
  summary: 'Revoke an API key by id, at once',
  usage: '--id ID',
  options: { id: { type: 'string' } },
  schema: z.object({ id: z.uuid('must be an API key id (a UUID)') }),
  async run(runtime, options) {
    const apiKey = await revokeApiKeyById({ db: runtime.db(), clock: runtime.clock }, runtime.operator, options.id);
    return {
      json: { id: apiKey.id, userId: apiKey.userId, name: apiKey.name, revokedAt: apiKey.revokedAt },
      text: `Revoked API key "${apiKey.name}" (${apiKey.id}); requests with it now fail.`,
    };
  },
});

const queueStats = command({
  name: 'queue:stats',
  summary: 'Per queue: queued (due), deferred, active, failed, and the oldest due job',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(runtime) {
    const stats = await getQueueStats({ sql: runtime.sql(), clock: runtime.clock });
    const rows = stats.map((entry) => [
      entry.queue,
      String(entry.queued),
      String(entry.deferred),
      String(entry.active),
      String(entry.failed),
      entry.oldestDueAt
        ? `${formatTime(entry.oldestDueAt)} (${Math.round((entry.oldestDueLagMs ?? 0) / 1000)} s ago)`
        : '-',
    ]);
    return {
      json: { queues: stats },
      text:
        stats.length === 0
          ? 'No queues yet: the worker creates them when it first starts.'
          : formatTable(['queue', 'queued', 'deferred', 'active', 'failed', 'oldest due'], rows),
    };
  },
});

const occurrencesReconcile = command({
  name: 'occurrences:reconcile',
  summary: 'Run the reconcile pass now: re-plan endpoints whose occurrence is missing',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(runtime) {
    const { repaired } = await reconcileOccurrences(await runtime.engine());
    return {
      json: { repaired },
      text:
        repaired.length === 0
          ? 'Every active endpoint has its occurrence queued; nothing to repair.'
          : `Re-planned ${repaired.length} endpoint${repaired.length === 1 ? '' : 's'} with a missing occurrence:\n${repaired.map((id) => `  ${id}`).join('\n')}`,
    };
  },
});

/** `24h`, `30m`, `7d` before now, or an ISO 8601 instant. */
function parseSince(value: string, now: Date): Date | null {
  const relative = /^(\d+)([mhd])$/.exec(value);
  if (relative) {
    const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(relative[1]) * unitMs);
  }
  const instant = new Date(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(instant.getTime()) ? instant : null;
}

const redrive = command({
  name: 'redrive',
  summary: "Put a queue's failed jobs back in line (optionally only those failed since a time)",
  usage: '--queue NAME [--since 24h|2026-12-01T00:00:00Z] [--limit 1000]',
  options: { queue: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } },
  schema: z.object({
    queue: z.string().min(1, 'must name a queue, e.g. execute-occurrence (see queue:stats)'),
    since: z
      .string()
      .regex(/^(\d+[mhd]|\d{4}-\d{2}-\d{2}.*)$/, 'must be a duration such as 24h, 30m, 7d or an ISO time')
      .optional(),
    limit: nonNegativeInteger(1_000),
  }),
  async run(runtime, options) {
    const since = options.since ? parseSince(options.since, runtime.clock.now()) : null;
    if (options.since && !since) {
      throw new AppError(
        ErrorCode.VALIDATION_FAILED,
        `--since: "${options.since}" is not a valid time; use 24h, 30m, 7d or an ISO time`,
      );
    }
    const result = await redriveFailedJobs(await runtime.engine(), {
      queue: options.queue,
      ...(since ? { since } : {}),
      limit: options.limit,
    });
    const window = since ? ` failed since ${formatTime(since)}` : '';
    return {
      json: result,
      text:
        result.found === 0
          ? `No failed jobs on ${result.queue}${window}.`
          : `Redrove ${result.redriven} of ${result.found} failed job(s) on ${result.queue}${window}; they run again now.`,
    };
  },
});

const secretsReencrypt = command({
  name: 'secrets:reencrypt',
  summary: 'After rotating ENCRYPTION_SECRET: re-encrypt every stored secret with the current one',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(runtime) {
    const report = await reencryptSecrets({ db: runtime.db() }, runtime.encryptionSecrets());
    const changed =
      report.signingKeys.reencrypted + report.endpointHeaders.reencrypted + report.notificationChannels.reencrypted;
    const lines = [
      `Re-encrypted ${report.signingKeys.reencrypted} signing key(s), the secret headers of ${report.endpointHeaders.reencrypted} endpoint(s) and the secrets of ${report.notificationChannels.reencrypted} notification channel(s) with the current ENCRYPTION_SECRET.`,
      report.skipped > 0
        ? `${report.skipped} row(s) changed meanwhile and were skipped; run the command again.`
        : changed > 0 ||
            report.signingKeys.current + report.endpointHeaders.current + report.notificationChannels.current > 0
          ? 'Every stored secret now uses the current ENCRYPTION_SECRET; ENCRYPTION_SECRET_PREVIOUS can be removed.'
          : 'Nothing is stored yet.',
    ];
    return { json: report, text: lines.join('\n') };
  },
});

const endpointAnalyze = command({
  name: 'endpoint:analyze',
  summary: "Analyze now: queue an AI planner session for an endpoint, as its owner (owner's rate limit)",
  usage: '--id ENDPOINT_ID',
  options: { id: { type: 'string' } },
  schema: z.object({ id: z.uuid('must be an endpoint id (a UUID)') }),
  async run(runtime, options) {
    const { sessionId, ownerEmail } = await analyzeEndpointAsOperator(
      await runtime.engine(),
      runtime.operator,
      options.id,
    );
    return {
      json: { sessionId, endpointId: options.id, owner: ownerEmail },
      text: `Queued AI session ${sessionId} for endpoint ${options.id} (owner ${ownerEmail}); the worker fills it in (GET /api/v1/ai-sessions/${sessionId}).`,
    };
  },
});

const OCCURRENCES_EXPLAIN_USAGE = 'pnpm cli occurrences:explain <endpoint id>';

/** Takes the endpoint id as its one word (`--id` works too, like the other commands). */
const occurrencesExplain: Command = {
  name: 'occurrences:explain',
  summary: 'Why an endpoint runs when it runs: schedule, governor inputs, hints, clamps, queued occurrence',
  usage: OCCURRENCES_EXPLAIN_USAGE,
  prepare(args) {
    const words = args.filter((argument) => !argument.startsWith('--'));
    const idOption = args.indexOf('--id');
    const ids = idOption >= 0 ? [args[idOption + 1] ?? ''] : words;
    const unknown = args.filter((argument, index) => argument.startsWith('--') && index !== idOption);
    if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}`, OCCURRENCES_EXPLAIN_USAGE);
    if (ids.length !== 1 || !ids[0]) {
      throw new UsageError(
        ids.length === 0
          ? 'name the endpoint: its id, e.g. from the web app or GET /endpoints'
          : 'name one endpoint id',
        OCCURRENCES_EXPLAIN_USAGE,
      );
    }
    const endpointId = ids[0];
    if (!z.uuid().safeParse(endpointId).success) {
      throw new UsageError(`"${endpointId}" is not an endpoint id; endpoint ids are UUIDs`, OCCURRENCES_EXPLAIN_USAGE);
    }
    return async (runtime) => {
      const explanation = await explainOccurrences(
        { db: runtime.db(), sql: runtime.sql(), clock: runtime.clock, tierLimits: runtime.tierLimits },
        endpointId,
      );
      return { json: explanation, text: formatOccurrenceExplanation(explanation) };
    };
  },
};

export const COMMANDS: readonly Command[] = [
  userCreate,
  userSetTier,
  userList,
  apiKeyCreate,
  apiKeyRevoke,
  queueStats,
  occurrencesReconcile,
  occurrencesExplain,
  redrive,
  endpointAnalyze,
  mailOutbox,
  secretsReencrypt,
];
