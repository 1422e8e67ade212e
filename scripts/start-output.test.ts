import { describe, expect, it } from 'vitest';
import { chooseLogOutput, describeDataLocation, formatBanner, formatLogLine } from './start-output';

describe('pnpm start output', () => {
  it('is readable on a terminal and JSON anywhere else', () => {
    expect(chooseLogOutput(true)).toBe('pretty');
    expect(chooseLogOutput(false)).toBe('json');
  });

  it('opens with a banner: the URL, where data lives, the worker metrics and how to stop', () => {
    const banner = formatBanner(
      {
        url: 'http://localhost:3000',
        data: 'embedded PostgreSQL, data in /srv/cronwise/.data/postgres (port 54329)',
        workerMetricsPort: 9464,
      },
      { color: false },
    );

    expect(banner).toBe(
      [
        '',
        '  Cronwise is running',
        '',
        '  Open      http://localhost:3000',
        '  API docs  http://localhost:3000/api/docs',
        '  Data      embedded PostgreSQL, data in /srv/cronwise/.data/postgres (port 54329)',
        '  Metrics   http://localhost:9464/metrics (worker), http://localhost:3000/metrics (server)',
        '  Stop      Ctrl-C (running calls finish first)',
        '',
      ].join('\n'),
    );
  });

  it('says when the worker has no metrics listener', () => {
    const banner = formatBanner({ url: 'http://localhost:3000', data: 'x', workerMetricsPort: null }, { color: false });
    expect(banner).toContain('Metrics   worker metrics off');
  });

  it('names the database server without its password', () => {
    expect(
      describeDataLocation({ kind: 'url', databaseUrl: 'postgresql://cronwise:s3cret@db.internal:6432/cronwise_prod' }),
    ).toBe('PostgreSQL at db.internal:6432, database cronwise_prod');
    expect(describeDataLocation({ kind: 'embedded', dataDir: '/srv/.data/postgres', port: 54329 })).toBe(
      'embedded PostgreSQL, data in /srv/.data/postgres (port 54329)',
    );
  });

  it('turns a pino line into time, level, process, message and fields', () => {
    const time = new Date(2026, 11, 2, 14, 5, 9).getTime();
    const line = JSON.stringify({
      level: 30,
      time,
      pid: 7,
      hostname: 'h',
      role: 'server',
      requestId: 'r-1',
      req: { method: 'GET', url: '/api/v1/jobs' },
      msg: 'incoming request',
    });

    expect(formatLogLine(line, { color: false })).toBe(
      '14:05:09 INFO  server   incoming request GET /api/v1/jobs requestId=r-1',
    );
  });

  it('shows an error’s stack under its line, and leaves text that is not a log line alone', () => {
    const line = JSON.stringify({
      level: 50,
      time: new Date(2026, 11, 2, 9, 0, 0).getTime(),
      role: 'worker',
      msg: 'occurrence batch failed',
      occurrences: 3,
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at run (engine.ts:1:1)' },
    });

    expect(formatLogLine(line, { color: false })).toBe(
      '09:00:00 ERROR worker   occurrence batch failed occurrences=3\nError: boom\n    at run (engine.ts:1:1)',
    );
    expect(formatLogLine('Invalid configuration:', { color: false })).toBe('Invalid configuration:');
    expect(formatLogLine('{"not":"pino"}', { color: false })).toBe('{"not":"pino"}');
  });
});
