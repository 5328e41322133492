// The spool: what each finished endpoint produced, one JSON line per endpoint, appended as the
// endpoint completes, so findings are on disk while the scan runs and the scan holds no growing
// arrays. Endpoints that produced nothing (closed, silent) write no line: a million closed
// addresses cost counters, not lines. The report is built at the end by reading the lines back.
//
// Consistency with the checkpoint: lines are written synchronously and the checkpoint records
// the spool's length at the moment it was taken. On --resume the spool is cut back to that length,
// so a line written after the last checkpoint (its endpoint is probed again) or half a line from
// a kill never appears twice or broken. This replaces de-duplicating by endpoint index: the
// index is still in every line, for people reading the file.
import { closeSync, constants, ftruncateSync, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { createOwned, reopenOwned } from '../fs/owned-file.js';
import type { ServiceRecord } from '../engine/outcome.js';
import type { EndpointPlace } from '../findings/build.js';
import type { Finding } from '../findings/finding.js';
import type { FindingDraft } from '../engine/rule.js';

/** A rule's draft on an endpoint a cloud resource implies, kept as data until the cloud findings are folded at the end. */
interface SpooledDraft {
  readonly ruleId: string;
  readonly place: EndpointPlace;
  readonly draft: FindingDraft;
}

export interface SpoolRecord {
  /** The endpoint's position in the expansion order. */
  readonly i: number;
  readonly services?: readonly ServiceRecord[];
  readonly findings?: readonly Finding[];
  readonly drafts?: readonly SpooledDraft[];
}

/** Where per-endpoint results go during a scan. */
export interface ResultSink {
  append(record: SpoolRecord): void;
  /** Bytes committed so far (the checkpoint stores this). */
  readonly bytes: number;
  /** Every record, in the order written; read lazily. */
  records(): Iterable<SpoolRecord>;
  close(): void;
}

/** For library callers and tests without an output folder: the records in memory. */
export class MemorySink implements ResultSink {
  private readonly kept: SpoolRecord[] = [];
  bytes = 0;
  append(record: SpoolRecord): void {
    this.kept.push(record);
    this.bytes++;
  }
  records(): Iterable<SpoolRecord> {
    return this.kept;
  }
  close(): void {}
}

export class FileSpool implements ResultSink {
  private fd: number | undefined;
  private written: number;
  /**
   * Records the disk had no room for (ENOSPC): kept in memory for this run so the report still
   * holds them. Once set, the spool on disk is no longer complete and no checkpoint may claim it is.
   */
  private overflow: SpoolRecord[] | undefined;
  /** Told once, in one line, when the spool first cannot be written. */
  onOverflow: (line: string) => void = () => undefined;

  /**
   * Opens `file` for appending, cut to `keepBytes`. A fresh scan (0) creates it anew, exclusively;
   * --resume reopens the one it wrote. Neither follows a link planted in --out.
   */
  constructor(
    readonly file: string,
    keepBytes = 0,
  ) {
    this.fd = keepBytes === 0 ? createOwned(file, true) : reopenOwned(file);
    const size = fstatSync(this.fd).size;
    if (size < keepBytes) {
      closeSync(this.fd);
      throw new SpoolTooShortError(file, size, keepBytes);
    }
    ftruncateSync(this.fd, keepBytes);
    this.written = keepBytes;
  }

  get bytes(): number {
    return this.written;
  }

  /** True once a record could not be written to disk: the file alone no longer holds the scan. */
  get spilled(): boolean {
    return this.overflow !== undefined;
  }

  append(record: SpoolRecord): void {
    if (this.fd === undefined) throw new Error('spool is closed');
    if (this.overflow) {
      this.overflow.push(record);
      return;
    }
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    // Positional writes at our own offset: what is on disk always matches `bytes`.
    let offset = 0;
    try {
      while (offset < line.length)
        offset += writeSync(this.fd, line, offset, line.length - offset, this.written + offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOSPC' && code !== 'EDQUOT') throw error;
      // A full disk must not cost the scan: what follows is kept in memory, and the half line
      // written is beyond `bytes`, so it is never read back.
      this.overflow = [record];
      this.onOverflow(
        `exposcan: disk full at ${this.file}: the rest of this scan's results are kept in memory; --resume after an interruption restarts from the last checkpoint`,
      );
      return;
    }
    this.written += line.length;
  }

  records(): Iterable<SpoolRecord> {
    const onDisk = readSpool(this.file, this.written);
    const overflow = this.overflow;
    return overflow
      ? (function* () {
          yield* onDisk;
          yield* overflow;
        })()
      : onDisk;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  remove(): void {
    this.close();
    rmSync(this.file, { force: true });
  }
}

export class SpoolTooShortError extends Error {
  constructor(file: string, size: number, expected: number) {
    super(`the spool '${file}' has ${size} bytes but the checkpoint recorded ${expected}`);
  }
}

/** One endpoint's results are a few KB (evidence is capped): a longer line is not one exposcan wrote. */
export const MAX_SPOOL_LINE_BYTES = 16 * 1024 * 1024;

/** The records of a spool file up to `limit` bytes, one line at a time (64 KiB reads; memory does not grow with the file). */
export function* readSpool(file: string, limit = Number.POSITIVE_INFINITY): Generator<SpoolRecord> {
  for (const line of readSpoolLines(file, limit)) yield JSON.parse(line) as SpoolRecord;
}

/**
 * The lines of a spool file up to `limit` bytes, unparsed. A line longer than
 * MAX_SPOOL_LINE_BYTES throws instead of growing the buffer without bound.
 */
export function* readSpoolLines(file: string, limit = Number.POSITIVE_INFINITY): Generator<string> {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let position = 0;
    let pending = Buffer.alloc(0);
    for (;;) {
      const wanted = Math.min(chunk.length, limit - position);
      const read = wanted > 0 ? readSync(fd, chunk, 0, wanted, position) : 0;
      if (read === 0) break;
      position += read;
      pending =
        pending.length > 0 ? Buffer.concat([pending, chunk.subarray(0, read)]) : Buffer.from(chunk.subarray(0, read));
      let start = 0;
      for (let newline = pending.indexOf(10, start); newline >= 0; newline = pending.indexOf(10, start)) {
        yield pending.toString('utf8', start, newline);
        start = newline + 1;
      }
      pending = pending.subarray(start);
      if (pending.length > MAX_SPOOL_LINE_BYTES) throw new SpoolLineTooLongError(file);
    }
    // A line without its newline was cut by a kill: it is not committed, so it is not read.
  } finally {
    closeSync(fd);
  }
}

export class SpoolLineTooLongError extends Error {
  constructor(file: string) {
    super(`the spool '${file}' has a line longer than ${MAX_SPOOL_LINE_BYTES / 1024 / 1024} MiB`);
  }
}
