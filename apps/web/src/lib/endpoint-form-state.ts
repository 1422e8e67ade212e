import { INTERVAL_UNITS, type IntervalUnit, splitInterval } from './format';
import type { RouterInputs, RouterOutputs } from './trpc';

type Endpoint = RouterOutputs['endpoints']['get'];
export type EndpointInput = Omit<RouterInputs['endpoints']['create'], 'jobId'>;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export interface HeaderRow {
  key: number;
  name: string;
  value: string;
  isSecret: boolean;
}

/** What the form edits: strings for every text box, so typing is never fought by parsing. */
export interface EndpointFormState {
  name: string;
  description: string;
  url: string;
  method: string;
  headers: HeaderRow[];
  body: string;
  timeoutSeconds: string;
  scheduleType: 'cron' | 'interval';
  cron: string;
  timezone: string;
  intervalAmount: string;
  intervalUnit: IntervalUnit;
  minIntervalSeconds: string;
  maxIntervalSeconds: string;
  retryMaxAttempts: string;
  retryBaseDelaySeconds: string;
  retryMaxDelaySeconds: string;
  successStatusCodes: string;
  overlap: 'skip' | 'allow';
  catchUp: 'skip' | 'once';
  aiMode: 'off' | 'suggest' | 'auto';
}

export function emptyEndpointForm(timezone: string): EndpointFormState {
  return {
    name: '',
    description: '',
    url: 'https://',
    method: 'GET',
    headers: [],
    body: '',
    timeoutSeconds: '30',
    scheduleType: 'cron',
    cron: '*/15 * * * *',
    timezone,
    intervalAmount: '15',
    intervalUnit: 'minutes',
    minIntervalSeconds: '',
    maxIntervalSeconds: '',
    retryMaxAttempts: '3',
    retryBaseDelaySeconds: '1',
    retryMaxDelaySeconds: '30',
    successStatusCodes: '200-299',
    overlap: 'skip',
    catchUp: 'once',
    // The API's default: the planner proposes, a person approves.
    aiMode: 'suggest',
  };
}

const seconds = (milliseconds: number | null) => (milliseconds === null ? '' : String(milliseconds / 1000));

export function endpointToForm(endpoint: Endpoint): EndpointFormState {
  const interval = endpoint.schedule.type === 'interval' ? splitInterval(endpoint.schedule.intervalMs) : null;
  return {
    name: endpoint.name,
    description: endpoint.description,
    url: endpoint.url,
    method: endpoint.method,
    headers: endpoint.headers.map((header, index) => ({ key: index + 1, ...header })),
    body: endpoint.body ?? '',
    timeoutSeconds: seconds(endpoint.timeoutMs),
    scheduleType: endpoint.schedule.type,
    cron: endpoint.schedule.type === 'cron' ? endpoint.schedule.cron : '*/15 * * * *',
    timezone: endpoint.schedule.type === 'cron' ? endpoint.schedule.timezone : 'UTC',
    intervalAmount: interval ? String(interval.amount) : '15',
    intervalUnit: interval ? interval.unit : 'minutes',
    minIntervalSeconds: seconds(endpoint.minIntervalMs),
    maxIntervalSeconds: seconds(endpoint.maxIntervalMs),
    retryMaxAttempts: String(endpoint.retry.maxAttempts),
    retryBaseDelaySeconds: seconds(endpoint.retry.baseDelayMs),
    retryMaxDelaySeconds: seconds(endpoint.retry.maxDelayMs),
    successStatusCodes: endpoint.successStatusCodes,
    overlap: endpoint.overlap,
    catchUp: endpoint.catchUp,
    aiMode: endpoint.aiMode,
  };
}

/**
 * Numbers the person typed, as the API wants them. A box that is not a number is sent as NaN's
 * stand-in -1 so the API names the field in its validation issues instead of the form guessing.
 */
function toMilliseconds(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? Math.round(value * 1000) : -1;
}

function toInteger(text: string): number {
  const value = Number(text);
  return Number.isFinite(value) && text.trim() !== '' ? value : -1;
}

export function intervalMsOf(state: Pick<EndpointFormState, 'intervalAmount' | 'intervalUnit'>): number {
  const unit = INTERVAL_UNITS.find((candidate) => candidate.unit === state.intervalUnit) ?? INTERVAL_UNITS[1];
  const amount = Number(state.intervalAmount);
  return Number.isFinite(amount) ? Math.round(amount * unit.ms) : -1;
}

export function formToEndpointInput(state: EndpointFormState): EndpointInput {
  const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(state.method);
  return {
    name: state.name,
    description: state.description,
    url: state.url.trim(),
    method: state.method as EndpointInput['method'],
    headers: state.headers
      .filter((header) => header.name.trim() !== '' || header.value !== '')
      .map((header) => ({ name: header.name.trim(), value: header.value, isSecret: header.isSecret })),
    body: hasBody && state.body !== '' ? state.body : null,
    timeoutMs: toMilliseconds(state.timeoutSeconds) ?? 30_000,
    schedule:
      state.scheduleType === 'cron'
        ? { type: 'cron', cron: state.cron.trim(), timezone: state.timezone.trim() }
        : { type: 'interval', intervalMs: intervalMsOf(state) },
    minIntervalMs: toMilliseconds(state.minIntervalSeconds),
    maxIntervalMs: toMilliseconds(state.maxIntervalSeconds),
    retry: {
      maxAttempts: toInteger(state.retryMaxAttempts),
      baseDelayMs: toMilliseconds(state.retryBaseDelaySeconds) ?? 0,
      maxDelayMs: toMilliseconds(state.retryMaxDelaySeconds) ?? 0,
    },
    successStatusCodes: state.successStatusCodes.trim(),
    overlap: state.overlap,
    catchUp: state.catchUp,
    aiMode: state.aiMode,
  };
}

/** The form field that shows an API issue, by the issue's path ("schedule.cron" → "cron"). */
export function formFieldForIssuePath(path: string): string {
  if (path === 'schedule.intervalMs' || path === 'schedule') return 'interval';
  if (path.startsWith('schedule.')) return path.slice('schedule.'.length);
  if (path.startsWith('retry.')) return path;
  if (path === 'timeoutMs') return 'timeout';
  if (path === 'minIntervalMs') return 'minInterval';
  if (path === 'maxIntervalMs') return 'maxInterval';
  return path;
}

const NUMBER_FIELDS: [keyof EndpointFormState, string, { isRequired: boolean; isInteger?: boolean }][] = [
  ['timeoutSeconds', 'timeout', { isRequired: true }],
  ['minIntervalSeconds', 'minInterval', { isRequired: false }],
  ['maxIntervalSeconds', 'maxInterval', { isRequired: false }],
  ['retryMaxAttempts', 'retry.maxAttempts', { isRequired: true, isInteger: true }],
  ['retryBaseDelaySeconds', 'retry.baseDelayMs', { isRequired: true }],
  ['retryMaxDelaySeconds', 'retry.maxDelayMs', { isRequired: true }],
];

/** Checks only what the API cannot word well (a box that is not a number); the API checks the rest. */
export function checkEndpointForm(state: EndpointFormState): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  for (const [key, field, rule] of NUMBER_FIELDS) {
    const text = String(state[key]).trim();
    if (text === '') {
      if (rule.isRequired) problems[field] = ['enter a number'];
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) problems[field] = ['enter a number of 0 or more'];
    else if (rule.isInteger && !Number.isInteger(value)) problems[field] = ['enter a whole number'];
  }
  if (state.scheduleType === 'interval') {
    const amount = Number(state.intervalAmount);
    if (state.intervalAmount.trim() === '' || !Number.isFinite(amount) || amount <= 0) {
      problems.interval = ['enter how often, e.g. 15 minutes'];
    }
  }
  state.headers.forEach((header, index) => {
    if (header.name.trim() === '' && header.value !== '')
      problems[`headers.${index}.name`] = ['name this header or remove it'];
  });
  return problems;
}
