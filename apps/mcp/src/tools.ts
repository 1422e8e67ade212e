/**
 * The Cronwise tools an assistant can call. Each tool is one call on the REST API through
 * `@cronwise/sdk`, so scopes, rate limits, tenant isolation and validation are the API's own:
 * the MCP layer adds descriptions written for assistants and a short text summary, nothing else.
 */
import type { CronwiseClient } from '@cronwise/sdk';
import { z } from 'zod';

const endpointId = z.string().uuid().describe('The endpoint id (a UUID), as returned by list_endpoints');
const jobId = z.string().uuid().describe('The job id (a UUID), as returned by list_jobs or create_job');

const schedule = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('interval'),
      intervalMs: z.number().int().positive().describe('Milliseconds between runs, e.g. 300000 for every 5 minutes'),
    }),
    z.object({
      type: z.literal('cron'),
      cron: z.string().min(1).describe('5 or 6 field cron expression, e.g. "0 9 * * 1-5"'),
      timezone: z.string().min(1).describe('IANA time zone the cron is read in, e.g. "Europe/Berlin" or "UTC"'),
    }),
  ])
  .describe('The baseline schedule: { type: "interval", intervalMs } or { type: "cron", cron, timezone }');

const endpointFields = {
  name: z.string().min(1).max(200).describe('A short name people recognise'),
  description: z
    .string()
    .max(4000)
    .optional()
    .describe('Plain-language rules for the AI planner, e.g. "only during business hours in Berlin"'),
  url: z.string().min(1).describe('The https URL Cronwise calls'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).optional().describe('HTTP method (default GET)'),
  headers: z
    .array(z.object({ name: z.string().min(1), value: z.string(), isSecret: z.boolean().optional() }))
    .optional()
    .describe('Request headers; mark credentials with isSecret so they are stored encrypted and shown masked'),
  body: z.string().nullable().optional().describe('Request body sent with POST/PUT/PATCH'),
  timeoutMs: z.number().int().positive().optional().describe('Request timeout in milliseconds'),
  schedule,
  minIntervalMs: z.number().int().positive().nullable().optional().describe('Never run more often than this'),
  maxIntervalMs: z.number().int().positive().nullable().optional().describe('Never wait longer than this'),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).max(20),
      baseDelayMs: z.number().int().min(0),
      maxDelayMs: z.number().int().min(0),
    })
    .optional()
    .describe('Retries within one run (network errors, timeouts, 5xx, 429)'),
  successStatusCodes: z.string().optional().describe('Status codes that count as success, e.g. "200-299,304"'),
  overlap: z.enum(['skip', 'allow']).optional().describe('What to do when a run is still in flight'),
  catchUp: z.enum(['skip', 'once']).optional().describe('After downtime: run once now, or skip to the next slot'),
  aiMode: z.enum(['off', 'suggest', 'auto']).optional().describe('Whether the AI planner may suggest or apply changes'),
};

/** What a tool hands back: one line for people, the API's answer for programs. */
export interface ToolResult {
  summary: string;
  data: Record<string, unknown>;
}

export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: Shape;
  /** True for tools that only read; assistants may call them without asking. */
  isReadOnly: boolean;
  run(client: CronwiseClient, input: z.infer<z.ZodObject<Shape>>): Promise<ToolResult>;
}

function defineTool<Shape extends z.ZodRawShape>(tool: ToolDefinition<Shape>): ToolDefinition<Shape> {
  return tool;
}

function describeNextRun(endpoint: { nextRunAt: string | null; nextRunExplanation: string | null }): string {
  if (!endpoint.nextRunAt) return 'it has no next run (paused or inactive)';
  return `next run ${endpoint.nextRunAt}${endpoint.nextRunExplanation ? ` (${endpoint.nextRunExplanation})` : ''}`;
}

export const cronwiseTools = [
  defineTool({
    name: 'list_jobs',
    title: 'List jobs',
    description:
      'Lists your jobs (groups of endpoints), newest first. Use it to find the jobId that list_endpoints and create_endpoint need.',
    inputSchema: {
      status: z.enum(['active', 'paused', 'archived']).optional().describe('Only jobs in this state'),
      limit: z.number().int().min(1).max(100).optional().describe('Page size (default 20)'),
      offset: z.number().int().min(0).optional().describe('How many to skip, for the next page'),
    },
    isReadOnly: true,
    async run(client, input) {
      const page = await client.jobs.list(input);
      const names = page.items.map((job) => `${job.name} (${job.id}, ${job.status})`).join('; ');
      return { summary: `${page.total} job(s)${names ? `: ${names}` : ''}`, data: page };
    },
  }),
  defineTool({
    name: 'create_job',
    title: 'Create a job',
    description: 'Creates a job: a named group of endpoints that can be paused or archived together.',
    inputSchema: {
      name: z.string().min(1).max(200).describe('A short name, e.g. "Nightly reports"'),
      description: z.string().max(4000).optional().describe('What the job is for'),
    },
    isReadOnly: false,
    async run(client, input) {
      const job = await client.jobs.create(input);
      return { summary: `Created job "${job.name}" (${job.id})`, data: job };
    },
  }),
  defineTool({
    name: 'list_endpoints',
    title: 'List endpoints of a job',
    description: 'Lists the endpoints (scheduled HTTP calls) of one job, with their schedule and next run.',
    inputSchema: {
      jobId,
      limit: z.number().int().min(1).max(100).optional().describe('Page size (default 20)'),
      offset: z.number().int().min(0).optional().describe('How many to skip, for the next page'),
    },
    isReadOnly: true,
    async run(client, { jobId: id, ...query }) {
      const page = await client.endpoints.list(id, query);
      const names = page.items.map((endpoint) => `${endpoint.name} (${endpoint.id})`).join('; ');
      return { summary: `${page.total} endpoint(s)${names ? `: ${names}` : ''}`, data: page };
    },
  }),
  defineTool({
    name: 'get_endpoint',
    title: 'Get an endpoint',
    description:
      'Shows one endpoint: URL, schedule, policies, pause state, active hints, and when it runs next and why.',
    inputSchema: { endpointId },
    isReadOnly: true,
    async run(client, input) {
      const endpoint = await client.endpoints.get(input.endpointId);
      return { summary: `${endpoint.name}: ${describeNextRun(endpoint)}`, data: endpoint };
    },
  }),
  defineTool({
    name: 'create_endpoint',
    title: 'Create an endpoint',
    description:
      'Adds a scheduled HTTP call to a job. The answer says when it runs first and why. Intervals below your plan minimum and private network targets are refused with a message saying how to fix the request.',
    inputSchema: { jobId, ...endpointFields },
    isReadOnly: false,
    async run(client, { jobId: id, ...input }) {
      const endpoint = await client.endpoints.create(id, input);
      return {
        summary: `Created endpoint "${endpoint.name}" (${endpoint.id}); ${describeNextRun(endpoint)}`,
        data: endpoint,
      };
    },
  }),
  defineTool({
    name: 'update_endpoint',
    title: 'Update an endpoint',
    description:
      'Changes an endpoint; send only the fields to change. A schedule change re-plans the next run at once.',
    inputSchema: { endpointId, ...z.object(endpointFields).partial().shape },
    isReadOnly: false,
    async run(client, { endpointId: id, ...changes }) {
      const endpoint = await client.endpoints.update(id, changes);
      return { summary: `Updated "${endpoint.name}"; ${describeNextRun(endpoint)}`, data: endpoint };
    },
  }),
  defineTool({
    name: 'pause_endpoint',
    title: 'Pause an endpoint',
    description: 'Stops an endpoint from running, indefinitely or until a time; resume_endpoint undoes it.',
    inputSchema: {
      endpointId,
      until: z.string().datetime().optional().describe('ISO 8601 time at which it resumes by itself'),
      reason: z.string().max(500).optional().describe('Why, shown to people'),
    },
    isReadOnly: false,
    async run(client, { endpointId: id, ...input }) {
      const endpoint = await client.endpoints.pause(id, input);
      const until = endpoint.pause?.until ? ` until ${endpoint.pause.until}` : '';
      return { summary: `Paused "${endpoint.name}"${until}`, data: endpoint };
    },
  }),
  defineTool({
    name: 'resume_endpoint',
    title: 'Resume an endpoint',
    description: 'Resumes a paused endpoint; its next run is planned from now.',
    inputSchema: { endpointId },
    isReadOnly: false,
    async run(client, input) {
      const endpoint = await client.endpoints.resume(input.endpointId);
      return { summary: `Resumed "${endpoint.name}"; ${describeNextRun(endpoint)}`, data: endpoint };
    },
  }),
  defineTool({
    name: 'run_endpoint_now',
    title: 'Run an endpoint now',
    description:
      'Queues one extra run right away without changing the schedule. Rate-limited; use get_run or list_runs to see the outcome.',
    inputSchema: { endpointId },
    isReadOnly: false,
    async run(client, input) {
      const queued = await client.endpoints.runNow(input.endpointId);
      return { summary: `Queued a run of endpoint ${input.endpointId}`, data: queued };
    },
  }),
  defineTool({
    name: 'list_runs',
    title: 'List runs',
    description:
      'Lists the runs of an endpoint, newest first, with status, HTTP status, duration and lateness. Pass nextCursor back as cursor for older runs.',
    inputSchema: {
      endpointId,
      status: z
        .enum(['running', 'success', 'failure', 'timeout', 'skipped', 'quota_exceeded', 'canceled'])
        .optional()
        .describe('Only runs with this outcome'),
      limit: z.number().int().min(1).max(200).optional().describe('Page size (default 50)'),
      cursor: z.string().optional().describe('nextCursor from the previous page'),
    },
    isReadOnly: true,
    async run(client, { endpointId: id, ...query }) {
      const page = await client.runs.list(id, query);
      const counts = new Map<string, number>();
      for (const run of page.items) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
      const breakdown = [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
      return { summary: `${page.items.length} run(s)${breakdown ? `: ${breakdown}` : ''}`, data: page };
    },
  }),
  defineTool({
    name: 'get_run',
    title: 'Get a run',
    description: 'Shows one run in full: timing, status, error, and the captured response.',
    inputSchema: { runId: z.string().uuid().describe('The run id, as returned by list_runs') },
    isReadOnly: true,
    async run(client, input) {
      const run = await client.runs.get(input.runId);
      const code = run.statusCode === null ? '' : ` (HTTP ${run.statusCode})`;
      return { summary: `Run ${run.id}: ${run.status}${code}${run.error ? `, ${run.error}` : ''}`, data: run };
    },
  }),
  defineTool({
    name: 'list_alerts',
    title: 'List alerts',
    description:
      'Lists alerts newest first: incidents (failing, auto_paused, quota_exhausted, ai_paused; isOpen while they last) and recovery notices, each with its deliveries to notification channels. Give endpointId for one endpoint. Pass nextCursor back as cursor for older ones.',
    inputSchema: {
      endpointId: endpointId.optional(),
      limit: z.number().int().min(1).max(200).optional().describe('Page size (default 50)'),
      cursor: z.string().optional().describe('nextCursor from the previous page'),
    },
    isReadOnly: true,
    async run(client, { endpointId: id, ...query }) {
      const page = id ? await client.alerts.listForEndpoint(id, query) : await client.alerts.list(query);
      const open = page.items.filter((alert) => alert.isOpen).length;
      return { summary: `${page.items.length} alert(s), ${open} incident(s) still open`, data: page };
    },
  }),
  defineTool({
    name: 'list_notification_channels',
    title: 'List notification channels',
    description:
      'Lists where alerts can go (signed webhooks, Slack-compatible webhooks, e-mail addresses). Their ids go into an endpoint or job alert policy (alerts.channelIds).',
    inputSchema: {},
    isReadOnly: true,
    async run(client) {
      const channels = await client.notificationChannels.list();
      return { summary: `${channels.items.length} notification channel(s)`, data: channels };
    },
  }),
  defineTool({
    name: 'get_endpoint_health',
    title: 'Get endpoint health',
    description: 'Success rate, latency percentiles and lateness of an endpoint over recent windows.',
    inputSchema: { endpointId },
    isReadOnly: true,
    async run(client, input) {
      const health = await client.endpoints.health(input.endpointId);
      return { summary: `Health of endpoint ${input.endpointId}`, data: health };
    },
  }),
  defineTool({
    name: 'preview_schedule',
    title: 'Preview a schedule',
    description:
      'The next fire times of a cron expression (with time zone) or an interval, without creating anything. Use it to check a cron before create_endpoint.',
    inputSchema: {
      cron: z.string().optional().describe('Cron expression, e.g. "*/15 9-17 * * 1-5"'),
      timezone: z.string().optional().describe('IANA time zone for the cron, e.g. "America/New_York"'),
      intervalMs: z.number().int().positive().optional().describe('Interval in milliseconds, instead of a cron'),
      count: z.number().int().min(1).max(50).optional().describe('How many fire times (default 10)'),
      from: z.string().datetime().optional().describe('ISO 8601 start; now when omitted'),
    },
    isReadOnly: true,
    async run(client, input) {
      const preview = await client.schedules.preview(input);
      return { summary: `Next: ${preview.occurrences.slice(0, 5).join(', ')}`, data: preview };
    },
  }),
  defineTool({
    name: 'list_ai_sessions',
    title: 'List AI planner sessions',
    description:
      'Shows what the AI planner concluded for an endpoint (newest sessions first: outcome, reasoning, tokens) and the proposals still waiting for a decision. Use the proposal ids with approve_proposal or reject_proposal.',
    inputSchema: {
      endpointId,
      limit: z.number().int().min(1).max(100).optional().describe('Sessions per page (default 20)'),
      cursor: z.string().optional().describe('nextCursor from the previous page'),
    },
    isReadOnly: true,
    async run(client, { endpointId: id, ...query }) {
      const [sessions, pending] = await Promise.all([
        client.ai.listSessions(id, query),
        client.ai.listProposals(id, 'pending'),
      ]);
      const proposals = pending.items.map((proposal) => `${proposal.kind} (${proposal.id}): ${proposal.reason}`);
      return {
        summary: `${sessions.items.length} session(s); ${pending.items.length} pending proposal(s)${proposals.length ? `: ${proposals.join('; ')}` : ''}`,
        data: { sessions: sessions.items, nextCursor: sessions.nextCursor, pendingProposals: pending.items },
      };
    },
  }),
  defineTool({
    name: 'approve_proposal',
    title: 'Approve an AI proposal',
    description:
      'Applies a pending AI planner proposal (for example a temporary interval or a pause) for the time it has left. Ask the user first: this changes when the endpoint runs.',
    inputSchema: { proposalId: z.string().uuid().describe('The proposal id, from list_ai_sessions') },
    isReadOnly: false,
    async run(client, input) {
      const approved = await client.ai.approveProposal(input.proposalId);
      return {
        summary: `Approved ${approved.proposal.kind}; ${describeNextRun(approved.endpoint)}`,
        data: approved,
      };
    },
  }),
  defineTool({
    name: 'reject_proposal',
    title: 'Reject an AI proposal',
    description: 'Declines a pending AI planner proposal; the schedule stays as it is.',
    inputSchema: { proposalId: z.string().uuid().describe('The proposal id, from list_ai_sessions') },
    isReadOnly: false,
    async run(client, input) {
      const rejected = await client.ai.rejectProposal(input.proposalId);
      return { summary: `Rejected ${rejected.proposal.kind} (${rejected.proposal.id})`, data: rejected };
    },
  }),
];
