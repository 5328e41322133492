// Files exposcan writes in a folder it owns (--out): the reports, the spool, the checkpoint and
// their temp files. What already lies in that folder is not trusted: a symbolic link planted in a
// shared reports folder, or committed in a checkout's reports/, must never make exposcan truncate
// or overwrite a file elsewhere. So every file is created exclusively (O_CREAT|O_EXCL: an existing
// name, a symlink included, is never opened) and without following a link (O_NOFOLLOW); a file
// that must be reopened (the spool on --resume) is opened O_NOFOLLOW and checked to be a plain
// file with one link. Anything else where exposcan means to write is refused in one line naming it.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { UsageError } from '../errors.js';

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_RDWR, O_WRONLY } = constants;

/** A path exposcan would write that holds something it must not write through. */
export class UnsafePathError extends UsageError {
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(
      `'${path}' is ${what}; exposcan writes only plain files it creates itself there: remove it, or choose another --out`,
    );
  }
}

/** What is at `path` if exposcan may not write there; undefined when it is absent or a plain file. */
function unsafeKind(stats: Stats): string | undefined {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (!stats.isFile()) return stats.isDirectory() ? 'a folder' : 'not a regular file';
  // A hard link to a file elsewhere would be written through like a symlink.
  if (stats.nlink > 1) return 'a file with other hard links';
  return undefined;
}

/** Throws UnsafePathError when `path` exists and is not a plain file exposcan may replace. */
export function refuseUnsafe(path: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const kind = unsafeKind(stats);
  if (kind) throw new UnsafePathError(path, kind);
}

/**
 * A new file at `path`, open for writing, created by this call. A leftover plain file (a temp file
 * a killed run left behind) is removed first; a symlink or anything else there is refused.
 */
export function createOwned(path: string, read = false): number {
  refuseUnsafe(path);
  rmSync(path, { force: true });
  try {
    return openSync(path, (read ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
  } catch (error) {
    // Something appeared between the removal and the open: whatever it is, it is not ours.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' || (error as NodeJS.ErrnoException).code === 'ELOOP') {
      refuseUnsafe(path);
      throw new UnsafePathError(path, 'created by someone else while exposcan was writing');
    }
    throw error;
  }
}

/** An existing file exposcan wrote earlier (the spool on --resume), reopened read-write without following a link. */
export function reopenOwned(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, O_RDWR | O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new UnsafePathError(path, 'a symbolic link');
    throw error;
  }
  const kind = unsafeKind(fstatSync(fd));
  if (kind) {
    closeSync(fd);
    throw new UnsafePathError(path, kind);
  }
  return fd;
}

/** Writes all of `data` at the current position. */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * Writes `data` to `path` through `path.tmp`, created exclusively, then renamed into place: a
 * reader never sees half a file, a link at either name is never followed, and on any error
 * (ENOSPC included) the temp file is removed before the error goes on.
 */
export function writeOwnedAtomically(path: string, data: string | Uint8Array): void {
  refuseUnsafe(path);
  const temp = `${path}.tmp`;
  const fd = createOwned(temp);
  try {
    try {
      writeAll(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
