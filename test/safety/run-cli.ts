// Runs the built CLI (bin/exposcan.js → dist/) as a user does, asynchronously: the servers it
// scans live in the test's own process, which a synchronous spawn would block.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));
export const CONNECTION_RECORDER = fileURLToPath(new URL('../helpers/connection-recorder.mjs', import.meta.url));

export interface CliRun {
  readonly child: ChildProcess;
  /** Everything written so far (grows while the child runs). */
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal's name) once the child is gone. */
  readonly exited: Promise<number | string>;
}

export interface CliOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Node flags before the script, e.g. ['--import', CONNECTION_RECORDER]. */
  readonly nodeArgs?: readonly string[];
  /** Killed (SIGKILL) past this, so a hung scan fails the test instead of hanging it. */
  readonly timeoutMs?: number;
}

export function startCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const exited = new Promise<number | string>((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return { child, output, exited };
}

export async function runCli(
  args: readonly string[],
  options: CliOptions = {},
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const run = startCli(args, options);
  const code = await run.exited;
  return { code, ...run.output };
}
