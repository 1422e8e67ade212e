/**
 * `pnpm dev`: the product (`pnpm start`: database, server on :3000, worker) plus Vite's dev
 * server with hot reload on http://localhost:5173, which proxies the API routes to the server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const VITE_ORIGIN = 'http://localhost:5173';

const env: NodeJS.ProcessEnv = {
  ...process.env,
  // The browser's Origin is Vite's, so cookie-authenticated changes must accept it.
  ALLOWED_ORIGINS: [process.env.ALLOWED_ORIGINS, VITE_ORIGIN].filter(Boolean).join(','),
  CRONWISE_SKIP_WEB_BUILD: '1',
};

const children: ChildProcess[] = [
  spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  }),
  spawn(process.execPath, [path.join(ROOT, 'apps/web/node_modules/vite/bin/vite.js')], {
    cwd: path.join(ROOT, 'apps/web'),
    env,
    stdio: 'inherit',
  }),
];
console.log(`Cronwise dev: open ${VITE_ORIGIN} (hot reload); the API runs on http://localhost:3000`);

let isStopping = false;
const stop = (code: number) => {
  if (isStopping) return;
  isStopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
  Promise.all(
    children.map(
      (child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null))),
    ),
  ).then(() => process.exit(code));
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
for (const child of children) child.once('exit', (code) => stop(code ?? 1));
