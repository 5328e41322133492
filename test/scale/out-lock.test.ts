// One scan per --out folder: the lock in src/scan/out-lock.ts, unit by unit, then end to end with
// the built CLI (a scan held open by a purpose-built tarpit, a second scan on the same folder).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { LOCK_FILE, lockOutFolder } from '../../src/scan/out-lock.js';
import { runCli, startTarpit, waitFor } from './servers.js';

const folders: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'exposcan-lock-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('lockOutFolder', () => {
  const releases: (() => void)[] = [];
  afterEach(() => releases.splice(0).forEach((release) => release()));

  it('takes the lock, refuses a second taker naming the holder, and frees it on release', () => {
    const dir = folder();
    const release = lockOutFolder(dir);
    releases.push(release);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    expect(() => lockOutFolder(dir)).toThrow(UsageError);
    expect(() => lockOutFolder(dir)).toThrow(`is in use by another exposcan scan (pid ${process.pid}`);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    releases.push(lockOutFolder(dir));
  });

  it('takes over the lock of a process that is gone, and an unreadable one', () => {
    const dir = folder();
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
    );
    const release = lockOutFolder(dir);
    releases.push(release);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    releases.push(lockOutFolder(dir));
  });

  it('leaves the lock of another host alone: it cannot tell whether that scan still runs', () => {
    const dir = folder();
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: deadPid(), host: 'scanner-2.example.com', since: '2026-01-01T00:00:00.000Z' }),
    );
    expect(() => lockOutFolder(dir)).toThrow('on scanner-2.example.com');
  });
});

describe('two scans on one --out (built CLI)', () => {
  it('refuses the second in one line while the first runs, and the first still writes its report', async () => {
    const tarpit = await startTarpit();
    let tarpitOpen = true;
    const out = folder();
    try {
      // Held by the tarpit far longer than any machine takes to start the second scan (a 3 s hold
      // once ran out under load before the second CLI had started); the test lets it go itself.
      const first = runCli([
        'scan',
        '--target',
        `127.0.0.1:${tarpit.port}`,
        '--timeout',
        '120s',
        '--out',
        out,
        '--no-history',
      ]);
      await waitFor(
        () => (existsSync(join(out, LOCK_FILE)) ? true : undefined),
        'the first scan to take the lock',
        first.done,
      );
      const second = await runCli([
        'scan',
        '--target',
        `127.0.0.1:${tarpit.port}`,
        '--timeout',
        '1s',
        '--out',
        out,
        '--no-history',
      ]).done;
      expect(second.code).toBe(2);
      expect(second.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^exposcan: --out '.*' is in use by another exposcan scan \(pid \d+, since /),
      ]);
      // The tarpit goes away: the first scan's probe ends at once and it writes its report.
      tarpitOpen = false;
      await tarpit.close();
      const done = await first.done;
      expect(done.code).toBe(0);
      expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).scan.partial).toBe(false);
      expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    } finally {
      if (tarpitOpen) await tarpit.close();
    }
  });
});
