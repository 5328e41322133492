// One scan per --out folder. Two scans writing there at once (a nightly cron job that overran
// into the next night's) would interleave their spools and overwrite each other's checkpoint and
// reports; the second is refused instead. The lock is a file created exclusively, holding the
// owner's pid and host; a lock whose process is gone (killed, machine rebooted) is taken over.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
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
  // Twice at most: the second attempt follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${JSON.stringify(owner)}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        rmSync(file, { force: true });
      };
      // Also on process.exit (a second Ctrl-C quits at once): never leave a live-looking lock.
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new UsageError(`--out: the lock '${file}' cannot be created: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    }
    const holder = readOwner(file);
    if (holder && isHeld(holder)) {
      const where = holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
      throw new UsageError(`--out '${dir}' is in use by another exposcan scan (${where}, since ${holder.since}); wait for it, or choose another --out`);
    }
    rmSync(file, { force: true });
  }
  throw new UsageError(`--out '${dir}': another exposcan scan took the lock at the same moment; try again`);
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string') return value as LockOwner;
  } catch {
    // Unreadable or half-written: treated as stale below, like a lock of a process that is gone.
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
