// One scan per --out folder. Two scans writing there at once (a nightly cron job that overran
// into the next night's) would interleave their spools and overwrite each other's checkpoint and
// reports; the second is refused instead. The lock is a file holding the owner's pid and host; a
// lock whose process is gone (killed, machine rebooted) is taken over.
//
// Both steps are atomic, so two scans started in the same millisecond never both hold it (issue
// 20, B12: creating the file and then writing it let a second scan read it empty, judge it stale
// and take it too):
// - the lock is written whole to a private file first, then hard-linked into place: link(2)
//   fails if the name exists, and the lock is never seen half-written;
// - a stale lock is taken over only by the one scan that wins a claim named after that lock's
//   exact contents (again by link), so two scans that both found it stale cannot both remove it,
//   and none can remove a fresh lock that replaced it meanwhile.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

export const LOCK_FILE = 'exposcan.lock';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** Takes the folder's lock or throws a UsageError naming who holds it; returns the release. */
export function lockOutFolder(dir: string, now: Date = new Date()): () => void {
  const file = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: now.toISOString() };
  const contents = `${JSON.stringify({ ...owner, nonce: randomBytes(8).toString('hex') })}\n`;
  // Three rounds at most: a stale lock removed, then a claim of a scan that died mid-takeover.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (linkInto(dir, file, contents)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        // Only our own lock: never one that replaced it.
        if (readText(file) === contents) rmSync(file, { force: true });
      };
      // Also on process.exit (a second Ctrl-C quits at once): never leave a live-looking lock.
      process.on('exit', release);
      return release;
    }
    const seen = readText(file);
    if (seen === undefined) continue;
    const holder = ownerOf(seen);
    if (holder && isHeld(holder)) {
      const where = holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
      throw new UsageError(
        `--out '${dir}' is in use by another exposcan scan (${where}, since ${holder.since}); wait for it, or choose another --out`,
      );
    }
    takeOver(dir, file, seen, contents);
  }
  throw new UsageError(`--out '${dir}': another exposcan scan took the lock at the same moment; try again`);
}

/**
 * Removes the stale lock whose text is `stale`, if this process wins the claim on it; a claim
 * left by a scan that died while taking over is removed for the next round.
 */
function takeOver(dir: string, file: string, stale: string, contents: string): void {
  const claim = `${file}.claim-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
  if (!linkInto(dir, claim, contents)) {
    const claimant = ownerOf(readText(claim) ?? '');
    if (!claimant || !isHeld(claimant)) rmSync(claim, { force: true });
    return;
  }
  try {
    // Nobody else can remove this lock while we hold its claim, and nothing can replace it while it exists.
    if (readText(file) === stale) rmSync(file, { force: true });
  } finally {
    rmSync(claim, { force: true });
  }
}

/** Creates `target` with `contents`, whole, only if no file of that name exists: a private file, then link(2). */
function linkInto(dir: string, target: string, contents: string): boolean {
  const scratch = join(dir, `.${LOCK_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
  let fd: number;
  try {
    fd = openSync(scratch, 'wx', 0o600);
  } catch (error) {
    throw new UsageError(
      `--out: the lock '${target}' cannot be created: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    writeSync(fd, contents);
    closeSync(fd);
    linkSync(scratch, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new UsageError(
      `--out: the lock '${target}' cannot be created: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  } finally {
    rmSync(scratch, { force: true });
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The owner a lock names; undefined for one unreadable or half-written (by an older exposcan): stale. */
function ownerOf(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string')
      return value as LockOwner;
  } catch {
    // Unreadable: treated as stale, like a lock of a process that is gone.
  }
  return undefined;
}

/** A lock of another host cannot be checked from here: it is held until someone removes it. */
function isHeld(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
