// The built CLI (bin/exposcan.js → dist/) in a child process, as a user runs it: exit code and
// both streams, asynchronously so several runs can go side by side.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const EXPOSCAN_BIN = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /**
   * Killed past this (default 180 s): the test then fails saying which command did not exit,
   * instead of hanging or ending in an anonymous test timeout. Generous: on a loaded machine a
   * whole scan is slow, and this is a deadline for a hang, not a measure of speed.
   */
  readonly timeoutMs?: number;
  /** The program and its leading arguments; default node bin/exposcan.js. */
  readonly command?: readonly string[];
  /** Given the child process as soon as it is spawned: for tests that signal it mid-run. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/** Below vitest's testTimeout (vitest.config.ts), so a hang is reported by the helper that knows what it waited for. */
export const CLI_DEADLINE_MS = 180_000;

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const command = options.command ?? [process.execPath, EXPOSCAN_BIN];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], {
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    const deadlineMs = options.timeoutMs ?? CLI_DEADLINE_MS;
    let hung = false;
    const killer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(killer);
      if (hung)
        reject(
          new Error(
            `waited ${deadlineMs / 1000} s for \`exposcan ${args.join(' ')}\` to exit; killed it. stderr so far: ${stderr.slice(-2000) || '(none)'}`,
          ),
        );
      else resolve({ code, stdout, stderr });
    });
  });
}
