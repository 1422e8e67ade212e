import { type SpawnOptions, spawn } from 'node:child_process';

export interface CommandResult {
  code: number;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
}

/** Runs a command to completion and collects its output; a non-zero exit is a result, not an error. */
export function runCommand(command: string, args: string[], options: SpawnOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
