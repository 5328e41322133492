// A full disk never costs the report that fits. Each run gets a real tmpfs of 64 KiB, mounted in a
// mount namespace of its own (`unshare -m`: the mount vanishes with the run, nothing leaks to the
// host), pre-filled so that only a few 4 KiB pages are free. The CLI runs inside; the shell then
// lists what is left and copies it out for the assertions. Needs root (or CAP_SYS_ADMIN) and
// unshare: skipped with a reason elsewhere, failed under CI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportProblem } from '../../src/report/validate.js';
import { requireBinary } from '../helpers/binaries.js';
import { freePort } from '../helpers/ports.js';
import { runCli as runCommand } from '../helpers/cli.js';
import { BIN, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-safety-disk-'));
const unshare = requireBinary('unshare');

/** Whether this process may mount a tmpfs in a mount namespace of its own. */
function canMount(): boolean {
  if (!unshare) return false;
  try {
    execFileSync(unshare, ['-m', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs '${work}'`], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI)
      throw new Error('cannot mount a tmpfs in a mount namespace (unshare -m needs root or CAP_SYS_ADMIN on CI)');
    console.warn('skipping: cannot mount a tmpfs in a mount namespace here (needs root or CAP_SYS_ADMIN)');
    return false;
  }
}
const mountable = canMount();

const PAGE = 4096;
const SIZE = 16 * PAGE;
// Mount, fill, run the CLI, then list and copy out what is in the tmpfs before the namespace goes.
const SCRIPT = `set -u
dir=$1; free=$2; keep=$3; shift 3
mount -t tmpfs -o size=${SIZE} tmpfs "$dir" || exit 99
head -c $((${SIZE} - free)) /dev/zero > "$dir/filler"
"$@"; code=$?
ls -A "$dir" > "$keep/listing"
for file in "$dir"/report.*; do [ -f "$file" ] && cp "$file" "$keep/"; done
exit $code`;

let counter = 0;
async function onFullDisk(freePages: number, args: readonly string[]) {
  const lab = join(work, `lab-${++counter}`);
  const mnt = join(lab, 'out');
  const keep = join(lab, 'kept');
  mkdirSync(mnt, { recursive: true });
  mkdirSync(keep);
  const result = await runCommand(
    [
      '-m',
      'sh',
      '-c',
      SCRIPT,
      'sh',
      mnt,
      String(freePages * PAGE),
      keep,
      process.execPath,
      BIN,
      ...args.map((arg) => arg.replaceAll('$OUT', mnt)),
    ],
    {
      command: [unshare!],
      timeoutMs: 120_000,
    },
  );
  const listing = readFileSync(join(keep, 'listing'), 'utf8').split('\n').filter(Boolean).sort();
  return { ...result, mnt, keep, listing };
}

function expectOneLineEach(stderr: string) {
  expect(stderr).not.toMatch(/unexpected error|\n\s+at |ENOSPC/);
  for (const line of stderr.trim().split('\n')) expect(line).toMatch(/^exposcan: /);
}

describe.skipIf(!mountable)('a full disk (a real 64 KiB tmpfs)', () => {
  it('scan: report.json fits, report.html does not: report.json and report.md are written, "disk full at" names the HTML, no temp file, exit 2', async () => {
    // Four pages: report.json (two pages since it lists the skipped cloud rules) beside the lock
    // and the checkpoint; once the journal is gone one page is left, enough for report.md (one
    // page), not for report.html (two).
    const result = await onFullDisk(4, [
      'scan',
      '--target',
      `127.0.0.1:${await freePort()}`,
      '--out',
      '$OUT',
      '--no-history',
      '--format',
      'html',
      '--format',
      'md',
    ]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim()).toBe(`exposcan: disk full at ${join(result.mnt, 'report.html')}: not written`);
    expect(result.listing).toEqual(['filler', 'report.json', 'report.md']);
    expect(reportProblem(JSON.parse(readFileSync(join(result.keep, 'report.json'), 'utf8')))).toBeUndefined();
    expect(result.stdout).toContain(`wrote ${join(result.mnt, 'report.json')}`);
    expect(result.stdout).not.toContain('report.html');
  });

  it('scan: no room even for report.json: the console still shows the result, each failure is one line, the journal is kept for --resume, no temp file', async () => {
    const result = await onFullDisk(1, [
      'scan',
      '--target',
      `127.0.0.1:${await freePort()}`,
      '--out',
      '$OUT',
      '--no-history',
      '--format',
      'md',
    ]);
    expect(result.code, result.stderr).toBe(2);
    expectOneLineEach(result.stderr);
    expect(result.stderr).toContain(`exposcan: disk full at ${join(result.mnt, 'report.json')}: not written`);
    expect(result.stdout).toMatch(/^0 findings .* on 1 endpoint probed/m);
    expect(result.listing.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(result.listing).toContain('exposcan.spool.jsonl');
  });

  it('report: re-rendering on a nearly full disk writes what fits and names what did not', async () => {
    const source = join(work, 'source');
    const scanned = await runCli([
      'scan',
      '--target',
      `127.0.0.1:${await freePort()}`,
      '--out',
      source,
      '--no-history',
    ]);
    expect(scanned.code, scanned.stderr).toBe(0);
    const json = readFileSync(join(source, 'report.json'));
    const pages = Math.ceil(json.length / PAGE);
    const result = await onFullDisk(pages, [
      'report',
      join(source, 'report.json'),
      '--format',
      'json',
      '--format',
      'html',
      '--out',
      '$OUT',
    ]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim()).toBe(`exposcan: disk full at ${join(result.mnt, 'report.html')}: not written`);
    expect(result.listing).toEqual(['filler', 'report.json']);
    expect(readFileSync(join(result.keep, 'report.json'))).toEqual(json);
  });

  it("near miss: with room to spare every format is written and the exit code is the gate's", async () => {
    const result = await onFullDisk(12, [
      'scan',
      '--target',
      `127.0.0.1:${await freePort()}`,
      '--out',
      '$OUT',
      '--no-history',
      '--format',
      'html',
      '--format',
      'md',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.listing).toEqual(['filler', 'report.html', 'report.json', 'report.md']);
  });
});
