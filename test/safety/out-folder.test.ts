// --out is a folder exposcan owns: a symbolic link (or a hard link, a folder, a FIFO) planted where
// exposcan writes is refused in one line naming it, and the file it points to outside --out is
// left untouched. Through the built CLI for scan, report and plan (the names are checked before
// any work), and through the writers themselves for a link planted while a scan runs (the files
// are created O_EXCL|O_NOFOLLOW, so a link appearing after the check is still never followed).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createOwned, reopenOwned, UnsafePathError, writeOwnedAtomically } from '../../src/fs/owned-file.js';
import { writeCheckpoint } from '../../src/scan/checkpoint.js';
import { CHECKPOINT_FILE, ScanJournal, SPOOL_FILE } from '../../src/scan/journal.js';
import { FileSpool } from '../../src/scan/spool.js';
import { freePort } from '../helpers/ports.js';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-safety-out-'));
const VICTIM_TEXT = 'a file outside --out that exposcan must never write\n';
const PLAN = fileURLToPath(new URL('../fixtures/terraform/alibaba-open/tfplan.json', import.meta.url));
let counter = 0;

/** A fresh --out and a victim file outside it. */
function lab(): { out: string; victim: string } {
  const dir = join(work, `lab-${++counter}`);
  const out = join(dir, 'reports');
  mkdirSync(out, { recursive: true });
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, VICTIM_TEXT);
  return { out, victim };
}

function expectRefused(
  result: { code: number | string; stderr: string },
  path: string,
  what: RegExp = /is a symbolic link/,
) {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`'${path}'`);
  expect(lines[0]).toMatch(what);
  expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
}

describe('exposcan scan refuses a link planted in --out, and writes nothing through it', () => {
  it.each([
    'exposcan.spool.jsonl',
    'exposcan.checkpoint.json',
    'exposcan.checkpoint.json.tmp',
    'report.json',
    'report.json.tmp',
    'report.md.tmp',
    'report.csv',
    'report.html.tmp',
  ])('a symlink at %s pointing outside', async (name) => {
    const { out, victim } = lab();
    symlinkSync(victim, join(out, name));
    const result = await runCli([
      'scan',
      '--target',
      `127.0.0.1:${await freePort()}`,
      '--out',
      out,
      '--no-history',
      '--format',
      'md',
      '--format',
      'csv',
      '--format',
      'html',
    ]);
    expectRefused(result, join(out, name));
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect(lstatSync(join(out, name)).isSymbolicLink()).toBe(true);
  });

  it('a dangling symlink (to a file that does not exist yet) is refused and nothing is created at its target', async () => {
    const { out, victim } = lab();
    const target = `${victim}.created`;
    symlinkSync(target, join(out, 'report.json.tmp'));
    expectRefused(
      await runCli(['scan', '--target', `127.0.0.1:${await freePort()}`, '--out', out, '--no-history']),
      join(out, 'report.json.tmp'),
    );
    expect(existsSync(target)).toBe(false);
  });

  it('a hard link to a file outside is refused like a symlink', async () => {
    const { out, victim } = lab();
    linkSync(victim, join(out, SPOOL_FILE));
    expectRefused(
      await runCli(['scan', '--target', `127.0.0.1:${await freePort()}`, '--out', out, '--no-history']),
      join(out, SPOOL_FILE),
      /other hard links/,
    );
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  it('a folder or a FIFO where a file goes is refused naming it', async () => {
    const { out } = lab();
    mkdirSync(join(out, 'report.json'));
    expectRefused(
      await runCli(['scan', '--target', `127.0.0.1:${await freePort()}`, '--out', out, '--no-history']),
      join(out, 'report.json'),
      /is a folder/,
    );
    const fifo = lab();
    execFileSync('mkfifo', [join(fifo.out, CHECKPOINT_FILE)]);
    expectRefused(
      await runCli(['scan', '--target', `127.0.0.1:${await freePort()}`, '--out', fifo.out, '--no-history']),
      join(fifo.out, CHECKPOINT_FILE),
      /not a regular file/,
    );
  });

  it('near miss: plain leftover files of an earlier run (a stale temp file, an old report) are replaced, not refused', async () => {
    const { out } = lab();
    writeFileSync(join(out, 'report.json.tmp'), 'half a report from a killed run');
    writeFileSync(join(out, 'report.json'), '{}');
    const result = await runCli(['scan', '--target', `127.0.0.1:${await freePort()}`, '--out', out, '--no-history']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(readdirSync(out).sort()).toEqual(['report.json']);
  });
});

describe('exposcan report and plan refuse a link planted in --out', () => {
  it('report: a symlink at report.html.tmp', async () => {
    const { out, victim } = lab();
    const scanned = await runCli(['scan', '--target', `127.0.0.1:${await freePort()}`, '--out', out, '--no-history']);
    expect(scanned.code, scanned.stderr).toBe(0);
    symlinkSync(victim, join(out, 'report.html.tmp'));
    expectRefused(await runCli(['report', join(out, 'report.json'), '--format', 'html']), join(out, 'report.html.tmp'));
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  it('plan: a symlink at report.sarif', async () => {
    const { out, victim } = lab();
    symlinkSync(victim, join(out, 'report.sarif'));
    expectRefused(
      await runCli(['plan', PLAN, '--out', out, '--format', 'sarif'], { env: { PATH: process.env.PATH, HOME: work } }),
      join(out, 'report.sarif'),
    );
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });
});

describe('the writers never follow a link that appears after the up-front check', () => {
  it('writeOwnedAtomically: a symlinked temp file is refused and its target untouched', () => {
    const { out, victim } = lab();
    symlinkSync(victim, join(out, 'report.md.tmp'));
    expect(() => writeOwnedAtomically(join(out, 'report.md'), 'x')).toThrow(UnsafePathError);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect(existsSync(join(out, 'report.md'))).toBe(false);
  });

  it('createOwned and reopenOwned: a symlink is never opened', () => {
    const { out, victim } = lab();
    symlinkSync(victim, join(out, 'link'));
    expect(() => createOwned(join(out, 'link'))).toThrow(/is a symbolic link/);
    expect(() => reopenOwned(join(out, 'link'))).toThrow(/is a symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  it('the spool, fresh and on --resume, refuses a symlink', () => {
    const { out, victim } = lab();
    symlinkSync(victim, join(out, SPOOL_FILE));
    expect(() => new FileSpool(join(out, SPOOL_FILE))).toThrow(/is a symbolic link/);
    expect(() => new FileSpool(join(out, SPOOL_FILE), 10)).toThrow(/is a symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  it('writeCheckpoint refuses a symlinked temp file', () => {
    const { out, victim } = lab();
    symlinkSync(victim, join(out, `${CHECKPOINT_FILE}.tmp`));
    expect(() => writeCheckpoint(join(out, CHECKPOINT_FILE), { version: 1 } as never)).toThrow(/is a symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  it('a checkpoint temp link planted while the scan runs: the scan goes on, says so once, and the target is untouched', () => {
    const { out, victim } = lab();
    const notes: string[] = [];
    const journal = ScanJournal.open({
      dir: out,
      resume: false,
      note: (line) => notes.push(line),
      identity: { test: 'planted-mid-scan' },
      scope: { targets: 1, endpointsAtMost: 1, sharded: false },
    });
    journal.begin([], new Date(), () => ({ endpoints: 1, open: 0, identified: 0, failures: {} }));
    symlinkSync(victim, join(out, `${CHECKPOINT_FILE}.tmp`));
    journal.sink.append({ i: 0, services: [] });
    journal.flush();
    journal.flush();
    journal.stop();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/checkpoint .* cannot be written: .*is a symbolic link.*the scan goes on/);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect([...journal.sink.records()]).toEqual([{ i: 0, services: [] }]);
    journal.remove();
  });
});
