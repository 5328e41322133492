// The built CLI (bin/exposcan.js → dist/) in a child process, as a user runs it: exit code and
// both streams, asynchronously so several runs can go side by side.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const EXPOSCAN_BIN = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Killed past this (a hung CLI fails its test instead of hanging it). */
  readonly timeoutMs?: number;
  /** The program and its leading arguments; default node bin/exposcan.js. */
  readonly command?: readonly string[];
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const command = options.command ?? [process.execPath, EXPOSCAN_BIN];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], {
      timeout: options.timeoutMs ?? 60_000,
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
