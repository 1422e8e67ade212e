/**
 * What `pnpm start` prints. On a terminal: a short banner once the server and the worker are up,
 * and log lines a person can read. Anywhere else (a pipe, a file, a process manager): the JSON
 * lines the processes write, untouched, for log shippers.
 */

export type LogOutput = 'pretty' | 'json';

export function chooseLogOutput(isTerminal: boolean): LogOutput {
  return isTerminal ? 'pretty' : 'json';
}

export interface BannerFacts {
  /** Where to open the app. */
  url: string;
  /** Where the data lives: the embedded PostgreSQL's directory, or the database server. */
  data: string;
  /** The worker's Prometheus port, or null when its metrics are off. */
  workerMetricsPort: number | null;
}

const ANSI = { bold: '\u001b[1m', dim: '\u001b[2m', reset: '\u001b[0m' };

export function formatBanner(facts: BannerFacts, options: { color: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const rows: Array<[string, string]> = [
    ['Open', paint(ANSI.bold, facts.url)],
    ['API docs', `${facts.url}/api/docs`],
    ['Data', facts.data],
    [
      'Metrics',
      facts.workerMetricsPort === null
        ? 'worker metrics off (WORKER_METRICS_PORT=0 or port taken)'
        : `http://localhost:${facts.workerMetricsPort}/metrics (worker), ${facts.url}/metrics (server)`,
    ],
    ['Stop', 'Ctrl-C (running calls finish first)'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    '',
    `  ${paint(ANSI.bold, 'Cronwise is running')}`,
    '',
    ...rows.map(([label, value]) => `  ${paint(ANSI.dim, label.padEnd(width))}  ${value}`),
    '',
  ].join('\n');
}

/** The embedded database's directory, or the server's host, port and database name (never the password). */
export function describeDataLocation(
  source: { kind: 'embedded'; dataDir: string; port: number } | { kind: 'url'; databaseUrl: string },
): string {
  if (source.kind === 'embedded') return `embedded PostgreSQL, data in ${source.dataDir} (port ${source.port})`;
  try {
    const url = new URL(source.databaseUrl);
    const database = url.pathname.replace(/^\//, '') || '(default database)';
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}, database ${decodeURIComponent(database)}`;
  } catch {
    return 'PostgreSQL at DATABASE_URL';
  }
}

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '\u001b[90m' },
  20: { name: 'DEBUG', color: '\u001b[36m' },
  30: { name: 'INFO', color: '\u001b[32m' },
  40: { name: 'WARN', color: '\u001b[33m' },
  50: { name: 'ERROR', color: '\u001b[31m' },
  60: { name: 'FATAL', color: '\u001b[35m' },
};
/** Shown elsewhere on the line, or noise on a terminal. */
const OMITTED_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'role', 'msg', 'req', 'res', 'err']);

/**
 * One pino JSON line as `12:04:05 INFO  server  message key=value …` (with the request's method
 * and URL, the status, and an error's stack on the lines below). Anything that is not a pino
 * line is returned unchanged.
 */
export function formatLogLine(line: string, options: { color: boolean }): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (!parsed || typeof parsed !== 'object' || typeof (parsed as { level?: unknown }).level !== 'number') return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const level = LEVELS[entry.level as number] ?? { name: String(entry.level), color: '' };
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : '--:--:--';
  const parts = [
    paint(ANSI.dim, time),
    paint(level.color, level.name.padEnd(5)),
    paint(ANSI.dim, String(entry.role ?? '').padEnd(8)),
    String(entry.msg ?? ''),
  ];
  const request = entry.req as { method?: string; url?: string } | undefined;
  if (request?.method) parts.push(`${request.method} ${request.url ?? ''}`);
  const response = entry.res as { statusCode?: number } | undefined;
  if (response?.statusCode !== undefined) parts.push(`→ ${response.statusCode}`);
  const fields = Object.entries(entry)
    .filter(([key, value]) => !OMITTED_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => paint(ANSI.dim, `${key}=`) + (typeof value === 'string' ? value : JSON.stringify(value)));
  const error = entry.err as { type?: string; message?: string; stack?: string } | undefined;
  const errorLines = error ? `\n${error.stack ?? `${error.type ?? 'Error'}: ${error.message ?? ''}`}` : '';
  return `${[...parts, ...fields].join(' ')}${errorLines}`;
}
