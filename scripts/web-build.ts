/**
 * Builds the web app (apps/web → apps/web/dist) when its output is missing or older than any of
 * its sources, so `pnpm start` serves the current app without a separate build step.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const WEB_DIR = path.join(ROOT, 'apps/web');
const BUILD_MARKER = path.join(WEB_DIR, 'dist/index.html');
const SOURCE_ENTRIES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

async function newestModification(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(children.map((child) => newestModification(path.join(entry, child))));
  return Math.max(info.mtimeMs, ...times);
}

/** Why the build is needed, or null when dist/ is current. */
export async function webBuildReason(): Promise<string | null> {
  const built = await stat(BUILD_MARKER).catch(() => null);
  if (!built) return 'the web app has not been built yet';
  const times = await Promise.all(SOURCE_ENTRIES.map((entry) => newestModification(path.join(WEB_DIR, entry))));
  return Math.max(...times) > built.mtimeMs ? 'the web app changed since its last build' : null;
}

export function buildWebApp(): Promise<void> {
  const vite = path.join(WEB_DIR, 'node_modules/vite/bin/vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: WEB_DIR, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`building the web app failed (vite exited with ${code}); run pnpm build`)),
    );
  });
}

export async function ensureWebBuild(log: (message: string) => void): Promise<void> {
  const reason = await webBuildReason();
  if (!reason) return;
  log(`${reason}: building it (pnpm build)`);
  const startedAt = performance.now();
  await buildWebApp();
  log(`web app built in ${Math.round(performance.now() - startedAt)} ms`);
}
