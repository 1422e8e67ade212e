import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyMigrations, databaseUrlFor, startEmbeddedPostgres } from '@cronwise/db/migrate';
import { findFreePort } from '@cronwise/db/testing-server';
import { createBoss, ensureQueues } from '@cronwise/jobs';
import pg from 'pg';
import { log } from './log';
import { onStdoutLine, startTsxProcess, stopProcess, unlessExited } from './processes';

/** The no-op queue the raw pg-boss baselines fill and drain. */
export const NOOP_QUEUE = 'bench-noop';

/**
 * PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else an embedded server), a migrated
 * template database that each scenario clones, and the HTTP target in its own process.
 */
export class BenchEnvironment {
  serverUrl = '';
  targetUrl = '';
  private target: ChildProcess | null = null;
  private template = '';
  private stopEmbedded: () => Promise<void> = async () => {};
  private readonly databases = new Set<string>();

  get targetPid(): number | undefined {
    return this.target?.pid;
  }

  async start(): Promise<void> {
    const configured = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (configured) {
      this.serverUrl = configured;
    } else {
      log('no BENCH_DATABASE_URL or TEST_DATABASE_URL: starting an embedded PostgreSQL');
      const embedded = await startEmbeddedPostgres({
        dataDir: path.join(tmpdir(), `cronwise-bench-${process.pid}`),
        port: await findFreePort(),
        isPersistent: false,
      });
      this.serverUrl = embedded.serverUrl;
      this.stopEmbedded = () => embedded.stop();
    }
    this.template = `cronwise_bench_template_${process.pid}`;
    await this.admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${this.template} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${this.template}`);
    });
    const templateUrl = databaseUrlFor(this.serverUrl, this.template);
    await applyMigrations(templateUrl);
    const boss = createBoss({ databaseUrl: templateUrl, poolSize: 2 });
    await boss.start();
    await ensureQueues(boss);
    await boss.createQueue(NOOP_QUEUE, { policy: 'standard', retentionSeconds: 3600 });
    await boss.stop({ graceful: false });
    await this.startTarget();
  }

  private async startTarget(): Promise<void> {
    const target = startTsxProcess('bench/target-server.ts', {}, { withIpc: true });
    this.target = target;
    const port = await unlessExited(
      target,
      'the target server',
      new Promise<number>((resolve) =>
        onStdoutLine(target, (line) => {
          const parsed = JSON.parse(line) as { port?: number };
          if (parsed.port) resolve(parsed.port);
        }),
      ),
    );
    this.targetUrl = `http://127.0.0.1:${port}/hook`;
  }

  /** Requests the target has answered so far. */
  async targetRequests(): Promise<number> {
    const target = this.target;
    if (!target) return 0;
    const reply = once(target, 'message') as Promise<[{ requests: number }]>;
    target.send({ type: 'count' });
    const [{ requests }] = await reply;
    return requests;
  }

  async admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** A fresh clone of the migrated template for one scenario, dropped afterwards. */
  async withDatabase<T>(scenario: string, work: (databaseUrl: string) => Promise<T>): Promise<T> {
    const name = `cronwise_bench_${scenario.replaceAll('-', '_')}_${process.pid}`;
    await this.admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${this.template}`);
    });
    this.databases.add(name);
    try {
      return await work(databaseUrlFor(this.serverUrl, name));
    } finally {
      await this.dropDatabase(name);
    }
  }

  private async dropDatabase(name: string): Promise<void> {
    await this.admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    this.databases.delete(name);
  }

  /** Stops the target and drops every database this run created (also after a failure or Ctrl-C). */
  async stop(): Promise<void> {
    if (this.target) await stopProcess(this.target, 5_000);
    if (this.serverUrl) {
      for (const name of [...this.databases]) await this.dropDatabase(name);
      if (this.template) {
        await this.admin((client) => client.query(`DROP DATABASE IF EXISTS ${this.template} WITH (FORCE)`));
      }
    }
    await this.stopEmbedded();
  }
}
