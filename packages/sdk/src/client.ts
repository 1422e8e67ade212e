import createClient, { type Client } from 'openapi-fetch';
import { errorFromResponse } from './errors.js';
import type { paths } from './generated/schema.js';
import { type FetchFunction, parseRetryAfter, type RetryOptions, withRetries } from './retry.js';
import type {
  AiProposal,
  AiSession,
  AiSessionPage,
  AiSessionSummary,
  Alert,
  AlertPage,
  ApiKey,
  ApprovedProposal,
  ChannelTestResult,
  CreateApiKeyInput,
  CreatedApiKey,
  CreatedNotificationChannel,
  CreateEndpointInput,
  CreateJobInput,
  CreateNotificationChannelInput,
  Deleted,
  Endpoint,
  Health,
  Job,
  ListAiSessionsQuery,
  ListAlertsQuery,
  ListEndpointsQuery,
  ListJobsQuery,
  ListRunsQuery,
  Me,
  NotificationChannel,
  Page,
  PauseEndpointInput,
  PreviewScheduleInput,
  ProposalStatus,
  QueuedRun,
  Run,
  RunPage,
  RunSummary,
  SchedulePreview,
  SetOverrideInput,
  SigningKeyRing,
  UpdateEndpointInput,
  UpdateJobInput,
  Usage,
} from './types.js';

export const REST_BASE_PATH = '/api/v1';

export interface CronwiseClientOptions {
  /** Where Cronwise runs, e.g. `https://cronwise.example.com` (`/api/v1` is added unless present). */
  baseUrl: string;
  /** An API key (`cw_…`), created under API keys in the app or with `pnpm cli apikey:create`. */
  apiKey: string;
  /** Retries on 429 and 503, honouring `Retry-After`; `false` turns them off. */
  retry?: RetryOptions | false;
  /** A fetch implementation to use instead of the global one (a proxy agent, a test double). */
  fetch?: (input: Request) => Promise<Response>;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

/** Options of the run iterator: the list filters, with `limit` as the page size. */
export type IterateRunsQuery = Omit<ListRunsQuery, 'cursor'>;

export interface CronwiseClient {
  account: {
    /** Who the key belongs to, its plan and the key's scopes. */
    me(): Promise<Me>;
    /** This month's runs and AI tokens against the plan. */
    usage(): Promise<Usage>;
  };
  signingKeys: {
    /** The secrets that sign Cronwise's requests (needs `admin`); pass them to `verifySignature`. */
    get(): Promise<SigningKeyRing>;
    /** A new key signs from now on; the previous one co-signs for `graceHours` (default 24). */
    rotate(input?: { graceHours?: number }): Promise<SigningKeyRing>;
  };
  notificationChannels: {
    list(): Promise<{ items: NotificationChannel[] }>;
    /** A webhook's `signingSecret` is in this answer only; verify its alerts with `verifySignature`. */
    create(input: CreateNotificationChannelInput): Promise<CreatedNotificationChannel>;
    get(id: string): Promise<NotificationChannel>;
    delete(id: string): Promise<Deleted>;
    /** Sends a test message now and says whether it arrived. */
    test(id: string): Promise<ChannelTestResult>;
  };
  alerts: {
    /** Your alerts, newest first; pass `nextCursor` back as `cursor`. */
    list(query?: ListAlertsQuery): Promise<AlertPage>;
    listForEndpoint(endpointId: string, query?: ListAlertsQuery): Promise<AlertPage>;
    /** Every alert, newest first, page by page. */
    iterate(query?: Omit<ListAlertsQuery, 'cursor'>): AsyncGenerator<Alert>;
  };
  apiKeys: {
    list(): Promise<{ items: ApiKey[] }>;
    /** Needs the `admin` scope; `key` in the answer is shown this once. */
    create(input: CreateApiKeyInput): Promise<CreatedApiKey>;
    revoke(id: string): Promise<Deleted>;
  };
  jobs: {
    list(query?: ListJobsQuery): Promise<Page<Job>>;
    /** Every job, page by page. */
    iterate(query?: Omit<ListJobsQuery, 'offset'>): AsyncIterableIterator<Job>;
    get(id: string): Promise<Job>;
    create(input: CreateJobInput): Promise<Job>;
    update(id: string, input: UpdateJobInput): Promise<Job>;
    pause(id: string): Promise<Job>;
    resume(id: string): Promise<Job>;
    archive(id: string): Promise<Job>;
    delete(id: string): Promise<Deleted>;
  };
  endpoints: {
    list(jobId: string, query?: ListEndpointsQuery): Promise<Page<Endpoint>>;
    iterate(jobId: string, query?: Omit<ListEndpointsQuery, 'offset'>): AsyncIterableIterator<Endpoint>;
    get(id: string): Promise<Endpoint>;
    /** Plans the first run; the answer says when it runs next and why. */
    create(jobId: string, input: CreateEndpointInput): Promise<Endpoint>;
    update(id: string, input: UpdateEndpointInput): Promise<Endpoint>;
    delete(id: string): Promise<Deleted>;
    pause(id: string, input?: PauseEndpointInput): Promise<Endpoint>;
    resume(id: string): Promise<Endpoint>;
    /** One immediate extra run (rate-limited); the schedule is unchanged. */
    runNow(id: string): Promise<QueuedRun>;
    /** Calls the endpoint once now and returns the recorded test run. */
    test(id: string): Promise<Run>;
    resetFailures(id: string): Promise<Endpoint>;
    setOverride(id: string, input: SetOverrideInput): Promise<Endpoint>;
    clearOverride(id: string): Promise<Endpoint>;
    clearAiHints(id: string): Promise<Endpoint>;
    health(id: string): Promise<Health>;
  };
  runs: {
    /** One page of an endpoint's runs, newest first; pass `nextCursor` back as `cursor`. */
    list(endpointId: string, query?: ListRunsQuery): Promise<RunPage>;
    /** Every matching run, newest first, fetching pages as you iterate. */
    iterate(endpointId: string, query?: IterateRunsQuery): AsyncIterableIterator<RunSummary>;
    get(id: string): Promise<Run>;
  };
  ai: {
    /** Queues an AI planner session now (rate-limited); poll `getSession` for its outcome. */
    analyze(endpointId: string): Promise<{ sessionId: string }>;
    /** One page of an endpoint's AI sessions, newest first; pass `nextCursor` back as `cursor`. */
    listSessions(endpointId: string, query?: ListAiSessionsQuery): Promise<AiSessionPage>;
    /** Every AI session of an endpoint, newest first, fetching pages as you iterate. */
    iterateSessions(endpointId: string): AsyncIterableIterator<AiSessionSummary>;
    /** A session with its tool calls, reasoning, tokens, outcome and proposals. */
    getSession(id: string): Promise<AiSession>;
    listProposals(endpointId: string, status?: ProposalStatus): Promise<{ items: AiProposal[] }>;
    /** Applies a pending proposal with the TTL it has left. */
    approveProposal(id: string): Promise<ApprovedProposal>;
    rejectProposal(id: string): Promise<{ proposal: AiProposal }>;
  };
  health: {
    overview(): Promise<Health>;
    job(id: string): Promise<Health>;
    endpoint(id: string): Promise<Health>;
  };
  schedules: {
    /** The next fire times of a cron expression or interval, without creating anything. */
    preview(input: PreviewScheduleInput): Promise<SchedulePreview>;
  };
  /** The underlying openapi-fetch client, typed by path, for anything the methods do not cover. */
  raw: Client<paths>;
}

type Outcome = { data?: unknown; error?: unknown; response: Response };

/** The data of a 2xx answer; any other answer becomes a CronwiseApiError. */
async function unwrap<Result extends Outcome>(pending: Promise<Result>): Promise<NonNullable<Result['data']>> {
  const { data, error, response } = await pending;
  if (response.ok) return data as NonNullable<Result['data']>;
  throw errorFromResponse(response, error, parseRetryAfter(response.headers.get('retry-after'), Date.now()));
}

function apiBaseUrl(baseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl must be an absolute URL such as https://cronwise.example.com (got "${baseUrl}")`);
  }
  const trimmed = parsed.href.replace(/\/+$/, '');
  return trimmed.endsWith(REST_BASE_PATH) ? trimmed : `${trimmed}${REST_BASE_PATH}`;
}

async function* offsetPages<Item>(fetchPage: (offset: number) => Promise<Page<Item>>): AsyncIterableIterator<Item> {
  let offset = 0;
  for (;;) {
    const page = await fetchPage(offset);
    yield* page.items;
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return;
  }
}

/**
 * A typed client for the Cronwise REST API.
 *
 * ```ts
 * const cronwise = createCronwiseClient({ baseUrl: 'https://cronwise.example.com', apiKey: process.env.CRONWISE_API_KEY! });
 * const job = await cronwise.jobs.create({ name: 'Reports' });
 * ```
 */
export function createCronwiseClient(options: CronwiseClientOptions): CronwiseClient {
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new TypeError('apiKey is required: create one under API keys in the Cronwise app');
  }
  const baseFetch: FetchFunction = options.fetch ?? ((request) => globalThis.fetch(request));
  const api = createClient<paths>({
    baseUrl: apiBaseUrl(options.baseUrl),
    fetch: options.retry === false ? baseFetch : withRetries(baseFetch, options.retry),
    headers: { ...options.headers, Authorization: `Bearer ${options.apiKey.trim()}` },
  });
  const byId = (id: string) => ({ params: { path: { id } } });

  const jobs: CronwiseClient['jobs'] = {
    list: (query = {}) => unwrap(api.GET('/jobs', { params: { query } })),
    iterate: (query = {}) => offsetPages((offset) => jobs.list({ ...query, offset })),
    get: (id) => unwrap(api.GET('/jobs/{id}', byId(id))),
    create: (input) => unwrap(api.POST('/jobs', { body: input })),
    update: (id, input) => unwrap(api.PATCH('/jobs/{id}', { ...byId(id), body: input })),
    pause: (id) => unwrap(api.POST('/jobs/{id}/pause', byId(id))),
    resume: (id) => unwrap(api.POST('/jobs/{id}/resume', byId(id))),
    archive: (id) => unwrap(api.POST('/jobs/{id}/archive', byId(id))),
    delete: (id) => unwrap(api.DELETE('/jobs/{id}', byId(id))),
  };

  const endpoints: CronwiseClient['endpoints'] = {
    list: (jobId, query = {}) => unwrap(api.GET('/jobs/{jobId}/endpoints', { params: { path: { jobId }, query } })),
    iterate: (jobId, query = {}) => offsetPages((offset) => endpoints.list(jobId, { ...query, offset })),
    get: (id) => unwrap(api.GET('/endpoints/{id}', byId(id))),
    create: (jobId, input) => unwrap(api.POST('/jobs/{jobId}/endpoints', { params: { path: { jobId } }, body: input })),
    update: (id, input) => unwrap(api.PATCH('/endpoints/{id}', { ...byId(id), body: input })),
    delete: (id) => unwrap(api.DELETE('/endpoints/{id}', byId(id))),
    pause: (id, input = {}) => unwrap(api.POST('/endpoints/{id}/pause', { ...byId(id), body: input })),
    resume: (id) => unwrap(api.POST('/endpoints/{id}/resume', byId(id))),
    runNow: (id) => unwrap(api.POST('/endpoints/{id}/run', byId(id))),
    test: (id) => unwrap(api.POST('/endpoints/{id}/test', byId(id))),
    resetFailures: (id) => unwrap(api.POST('/endpoints/{id}/reset-failures', byId(id))),
    setOverride: (id, input) => unwrap(api.PUT('/endpoints/{id}/override', { ...byId(id), body: input })),
    clearOverride: (id) => unwrap(api.DELETE('/endpoints/{id}/override', byId(id))),
    clearAiHints: (id) => unwrap(api.DELETE('/endpoints/{id}/ai-hints', byId(id))),
    health: (id) => unwrap(api.GET('/endpoints/{id}/health', byId(id))),
  };

  const runs: CronwiseClient['runs'] = {
    list: (endpointId, query = {}) =>
      unwrap(api.GET('/endpoints/{id}/runs', { params: { path: { id: endpointId }, query } })),
    async *iterate(endpointId, query = {}) {
      let cursor: string | undefined;
      do {
        const page = await runs.list(endpointId, cursor === undefined ? query : { ...query, cursor });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    get: (id) => unwrap(api.GET('/runs/{id}', byId(id))),
  };

  const ai: CronwiseClient['ai'] = {
    analyze: (endpointId) => unwrap(api.POST('/endpoints/{id}/analyze', byId(endpointId))),
    listSessions: (endpointId, query = {}) =>
      unwrap(api.GET('/endpoints/{id}/ai-sessions', { params: { path: { id: endpointId }, query } })),
    async *iterateSessions(endpointId) {
      let cursor: string | undefined;
      do {
        const page = await ai.listSessions(endpointId, cursor === undefined ? {} : { cursor });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    getSession: (id) => unwrap(api.GET('/ai-sessions/{id}', byId(id))),
    listProposals: (endpointId, status) =>
      unwrap(
        api.GET('/endpoints/{id}/proposals', {
          params: { path: { id: endpointId }, query: status === undefined ? {} : { status } },
        }),
      ),
    approveProposal: (id) => unwrap(api.POST('/proposals/{id}/approve', byId(id))),
    rejectProposal: (id) => unwrap(api.POST('/proposals/{id}/reject', byId(id))),
  };

  const alerts: CronwiseClient['alerts'] = {
    list: (query = {}) => unwrap(api.GET('/alerts', { params: { query } })),
    listForEndpoint: (endpointId, query = {}) =>
      unwrap(api.GET('/endpoints/{id}/alerts', { params: { path: { id: endpointId }, query } })),
    async *iterate(query = {}) {
      let cursor: string | undefined;
      do {
        const page = await alerts.list(cursor === undefined ? query : { ...query, cursor });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
  };

  return {
    account: {
      me: () => unwrap(api.GET('/me')),
      usage: () => unwrap(api.GET('/usage')),
    },
    signingKeys: {
      get: () => unwrap(api.GET('/signing-keys')),
      rotate: (input = {}) => unwrap(api.POST('/signing-keys/rotate', { body: input })),
    },
    notificationChannels: {
      list: () => unwrap(api.GET('/notification-channels')),
      create: (input) => unwrap(api.POST('/notification-channels', { body: input })),
      get: (id) => unwrap(api.GET('/notification-channels/{id}', byId(id))),
      delete: (id) => unwrap(api.DELETE('/notification-channels/{id}', byId(id))),
      test: (id) => unwrap(api.POST('/notification-channels/{id}/test', byId(id))),
    },
    alerts,
    apiKeys: {
      list: () => unwrap(api.GET('/api-keys')),
      create: (input) => unwrap(api.POST('/api-keys', { body: input })),
      revoke: (id) => unwrap(api.DELETE('/api-keys/{id}', byId(id))),
    },
    jobs,
    endpoints,
    runs,
    ai,
    health: {
      overview: () => unwrap(api.GET('/overview')),
      job: (id) => unwrap(api.GET('/jobs/{id}/health', byId(id))),
      endpoint: (id) => unwrap(api.GET('/endpoints/{id}/health', byId(id))),
    },
    schedules: {
      preview: (input) => unwrap(api.POST('/schedules/preview', { body: input })),
    },
    raw: api,
  };
}
