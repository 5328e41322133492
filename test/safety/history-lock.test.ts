// The scan history never loses the scan. A history whose write lock another process holds (a
// `sqlite3` shell mid-transaction: history-holder.mjs, the real better-sqlite3 on the real file)
// leaves the report written, says in the console and in report.json that the history was not
// updated, and exits 2 for that only under --strict. Two real CLI scans that record into one
// history at the same moment both finish and both are recorded: they are held at the lock until
// each is seen waiting inside its recording (its spool exists, so the pre-scan check is over, and
// it sleeps in SQLite's busy handler, seen in /proc), then the holder commits and both must get through.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { reportProblem } from '../../src/report/validate.js';
import { freePort } from '../helpers/ports.js';
import { runCli, startCli } from './run-cli.js';

const HOLDER = fileURLToPath(new URL('./history-holder.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'exposcan-safety-history-'));
const env = { PATH: process.env.PATH, HOME: work };
let counter = 0;
const holders: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const holder of holders.splice(0)) holder.stdin.end();
});

/** A history with one recorded scan (so the schema exists), and a fresh lab folder. */
async function lab(): Promise<{ dir: string; history: string }> {
  const dir = join(work, `lab-${++counter}`);
  const history = join(dir, 'history.sqlite');
  const first = await runCli(
    ['scan', '--target', `127.0.0.1:${await freePort()}`, '--out', join(dir, 'first'), '--history', history],
    { env },
  );
  expect(first.code, first.stderr).toBe(0);
  return { dir, history };
}

/** Starts the lock holder and resolves once it holds the write lock. */
function holdLock(history: string): Promise<ChildProcessWithoutNullStreams> {
  const holder = spawn(process.execPath, [HOLDER, history], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  holders.push(holder);
  return new Promise((resolve, reject) => {
    let out = '';
    holder.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('held\n')) resolve(holder);
    });
    holder.once('exit', (code) => reject(new Error(`lock holder exited (${code}) before holding the lock`)));
  });
}

async function historyIds(history: string): Promise<string[]> {
  const listed = await runCli(['history', '--history', history, '--json'], { env });
  expect(listed.code, listed.stderr).toBe(0);
  return (JSON.parse(listed.stdout) as { id: string }[]).map((scan) => scan.id);
}

function reportOf(out: string): { scan: { id: string }; history?: { file: string; notUpdated?: string } } {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(reportProblem(report)).toBeUndefined();
  return report;
}

/**
 * True while the process's main thread sleeps in SQLite's busy handler (it polls with nanosleep;
 * Node itself waits in epoll): read from /proc, so the test waits for the event, not for a guess.
 */
function waitingOnLock(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/wchan`, 'utf8').includes('nanosleep');
  } catch {
    return false;
  }
}

describe('a history locked by another process', () => {
  it('costs neither the report nor the exit code; the console and report.json say it was not updated; --strict exits 2', async () => {
    const { dir, history } = await lab();
    await holdLock(history);
    const port = await freePort();
    const [plain, strict] = await Promise.all([
      runCli(
        ['scan', '--target', `127.0.0.1:${port}`, '--out', join(dir, 'plain'), '--history', history, '--format', 'md'],
        { env },
      ),
      runCli(
        ['scan', '--target', `127.0.0.1:${port}`, '--out', join(dir, 'strict'), '--history', history, '--strict'],
        { env },
      ),
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toMatch(/unexpected error|database is locked/);
    expect(plain.stdout).toMatch(
      /^HISTORY NOT UPDATED: this scan is not recorded in .*history\.sqlite: the history is locked by another process/m,
    );
    expect(reportOf(join(dir, 'plain')).history).toEqual({
      file: history,
      fixed: [],
      notUpdated: expect.stringMatching(/locked by another process/),
    });
    expect(readFileSync(join(dir, 'plain', 'report.md'), 'utf8')).toMatch(/\*\*History not updated:\*\*/);
    // The journal is still removed: the report is complete, only its recording is missing.
    expect(readdirSync(join(dir, 'plain')).sort()).toEqual(['report.json', 'report.md']);

    expect(strict.code, strict.stderr).toBe(2);
    expect(strict.stderr.trim()).toBe('exposcan: --strict: the check was incomplete: the scan history was not updated');
    expect(existsSync(join(dir, 'strict', 'report.json'))).toBe(true);
  });
});

describe('two scans on one history', () => {
  it('both finish and both record, even when they reach the history at the same moment', async () => {
    const { dir, history } = await lab();
    const holder = await holdLock(history);
    const port = await freePort();
    const outs = [join(dir, 'a'), join(dir, 'b')];
    const runs = outs.map((out) =>
      startCli(['scan', '--target', `127.0.0.1:${port}`, '--out', out, '--history', history], { env }),
    );
    // Both are seen waiting for the lock inside their recording; then the other process commits,
    // so both reach the history at the same moment with the other's write in between.
    for (const run of runs) {
      while (!waitingOnLock(run.child.pid!) && run.child.exitCode === null)
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    holder.stdin.write('commit\n');
    const codes = await Promise.all(runs.map((run) => run.exited));
    for (const [index, run] of runs.entries()) {
      expect(codes[index], run.output.stderr).toBe(0);
      expect(run.output.stdout).toMatch(/^history: /m);
      expect(reportOf(outs[index]!).history?.notUpdated).toBeUndefined();
    }
    const ids = await historyIds(history);
    for (const out of outs) expect(ids).toContain(reportOf(out).scan.id);
    expect(ids).toContain('held-by-another-process');
    expect(ids).toHaveLength(4);
  });
});
