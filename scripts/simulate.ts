/**
 * `pnpm simulate`: runs the incident simulator's scenarios (the same file `pnpm test` runs) on
 * real PostgreSQL and pg-boss, then prints the report they wrote to .reports/simulation.md.
 * Uses TEST_DATABASE_URL when set, an embedded PostgreSQL otherwise.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCENARIOS = 'packages/services/src/planner/simulation/incident-simulator.integration.test.ts';

const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', SCENARIOS], {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exitCode: number = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
try {
  console.log(`\n${await readFile(path.join(ROOT, '.reports/simulation.md'), 'utf8')}`);
} catch {
  console.log('no simulation report was written; see the test output above');
}
process.exit(exitCode);
