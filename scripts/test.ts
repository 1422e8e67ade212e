/**
 * `pnpm test`: every unit and integration test (Vitest), with a JSON report in
 * .reports/vitest.json and a plain `N passed, N failed` closing line.
 * Extra arguments go to Vitest (e.g. `pnpm test packages/domain`).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const REPORT = path.join(ROOT, '.reports/vitest.json');

await mkdir(path.dirname(REPORT), { recursive: true });
const child = spawn(
  process.execPath,
  [
    path.join(ROOT, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${REPORT}`,
    ...process.argv.slice(2),
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
const exitCode: number = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));

try {
  const report = JSON.parse(await readFile(REPORT, 'utf8'));
  // An unhandled error fails the run even when every test passed: never report "0 failed" then.
  const failed = Math.max(report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0), exitCode === 0 ? 0 : 1);
  console.log(`${report.numPassedTests} passed, ${failed} failed`);
} catch {
  console.log('0 passed, 1 failed');
}
process.exit(exitCode);
