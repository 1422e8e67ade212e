import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { REPOSITORY_ROOT } from '@cronwise/db/migrate';

/** Every child the benchmark started, so an interrupted run still stops them all. */
const started = new Set<ChildProcess>();

/** Runs a TypeScript module of this repository in its own Node process (through tsx). */
export function startTsxProcess(
  modulePath: string,
  env: Record<string, string | undefined>,
  options: { withIpc?: boolean; nodeArgs?: string[] } = {},
): ChildProcess {
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(REPOSITORY_ROOT, modulePath)];
  const child = spawn(process.execPath, args, {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, ...env },
    stdio: options.withIpc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Calls `onLine` for each complete line the child writes to stdout. */
export function onStdoutLine(child: ChildProcess, onLine: (line: string) => void): void {
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}

/** Rejects when the child exits before `ready` settles, so a crashed child fails fast instead of hanging. */
export function unlessExited<T>(child: ChildProcess, what: string, ready: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(
        new Error(`${what} (pid ${child.pid}) exited with ${signal ?? code} before it was ready; see its output above`),
      );
    child.once('exit', onExit);
    ready.then(
      (value) => {
        child.off('exit', onExit);
        resolve(value);
      },
      (error: unknown) => {
        child.off('exit', onExit);
        reject(error);
      },
    );
  });
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 40_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...started].map((child) => stopProcess(child, 5_000)));
}
