/**
 * Builds the web app (apps/web → apps/web/dist) when its output is missing or older than any of
 * its sources, so `pnpm start` serves the current app without a separate build step.
 */
import { spawn } from 'node:child_process';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const WEB_DIR = path.join(ROOT, 'apps/web');
const DIST_DIR = path.join(WEB_DIR, 'dist');
const BUILD_MARKER = path.join(DIST_DIR, 'index.html');
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

/**
 * Builds into a fresh folder and swaps it in, so a server that is running never sees a half
 * written dist/ (Vite empties its output folder first).
 */
export async function buildWebApp(): Promise<void> {
  const vite = path.join(WEB_DIR, 'node_modules/vite/bin/vite.js');
  const staging = path.join(WEB_DIR, `dist-build-${process.pid}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', staging, '--emptyOutDir'], {
      cwd: WEB_DIR,
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`building the web app failed (vite exited with ${code}); run pnpm build`)),
    );
  }).catch(async (error) => {
    await rm(staging, { recursive: true, force: true });
    throw error;
  });
  const previous = path.join(WEB_DIR, `dist-old-${process.pid}`);
  await rename(DIST_DIR, previous).catch(() => {});
  await rename(staging, DIST_DIR);
  await rm(previous, { recursive: true, force: true });
}

export async function ensureWebBuild(log: (message: string) => void): Promise<void> {
  const reason = await webBuildReason();
  if (!reason) return;
  log(`${reason}: building it (pnpm build)`);
  const startedAt = performance.now();
  await buildWebApp();
  log(`web app built in ${Math.round(performance.now() - startedAt)} ms`);
}
