// A scan's journal in its --out folder: the spool (results, see spool.ts) and the checkpoint
// (what is done, see checkpoint.ts). Both stay there while the scan runs and after an
// interruption or a kill, so `--resume` can continue; the CLI removes them once the complete
// report is written.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import {
  CompletionLedger,
  hashOf,
  readCheckpoint,
  writeCheckpoint,
  type Checkpoint,
  type ScanCounters,
} from './checkpoint.js';
import { checkAgainstSpace, checkCheckpoint, checkSpool, JournalProblem } from './journal-check.js';
import { FileSpool, readSpoolLines, SpoolTooShortError } from './spool.js';

export const CHECKPOINT_FILE = 'exposcan.checkpoint.json';
export const SPOOL_FILE = 'exposcan.spool.jsonl';
/** Often enough that a kill re-probes about a second of work; rarely enough to cost nothing. */
const FLUSH_MS = 1000;

export interface JournalOptions {
  readonly dir: string;
  /** What must match for --resume to continue: targets, ports, rules, shard, settings that change results. */
  readonly identity: unknown;
  readonly resume: boolean;
  /** One-line notes for the user (stderr). */
  readonly note: (line: string) => void;
  /** The scan's size, which a checkpoint's claims are checked against on --resume. */
  readonly scope: JournalScope;
}

export interface JournalScope {
  /** How many targets the scan has. */
  readonly targets: number;
  /** The most endpoints the targets expand to (before exclusions; cloud accounts add theirs in begin). */
  readonly endpointsAtMost: number;
  /** A --shard run: it marks the other shards' endpoints done without probing them. */
  readonly sharded: boolean;
}

/** Says what is wrong with the journal and how to go on: the only way a bad journal ends a scan. */
function refuse(what: string, problem: string): UsageError {
  return new UsageError(`--resume: ${what} ${problem}; run without --resume to start afresh`);
}

export class ScanJournal {
  readonly sink: FileSpool;
  readonly ledger: CompletionLedger;
  readonly checkpointFile: string;
  /** Set when this run continues an earlier one. */
  readonly restored?: { readonly startedAt: Date; readonly counters: ScanCounters; readonly implied: string };
  private readonly identity: string;
  private implied = '';
  private startedAt = new Date(0);
  private counters: () => ScanCounters = () => ({ endpoints: 0, open: 0, identified: 0, failures: {} });
  private timer: NodeJS.Timeout | undefined;
  private checkpointNoted = false;
  /** Highest endpoint index the resumed spool holds results for (-1: none). */
  private lastSpooledIndex = -1;

  private constructor(
    dir: string,
    identity: string,
    previous: Checkpoint | undefined,
    private readonly note: (line: string) => void,
    private readonly scope: JournalScope,
  ) {
    this.checkpointFile = join(dir, CHECKPOINT_FILE);
    this.identity = identity;
    const spoolFile = join(dir, SPOOL_FILE);
    try {
      this.sink = new FileSpool(spoolFile, previous?.spoolBytes ?? 0);
    } catch (error) {
      if (error instanceof SpoolTooShortError)
        throw new UsageError(`--resume: ${error.message}; run without --resume to start afresh`);
      if (error instanceof UsageError) throw new UsageError(`--out: ${error.message}`);
      throw new UsageError(
        `--out: the spool '${spoolFile}' cannot be written: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    this.sink.onOverflow = note;
    if (previous) {
      try {
        this.lastSpooledIndex = checkSpool(readSpoolLines(spoolFile, previous.spoolBytes), previous);
      } catch (error) {
        this.sink.close();
        if (error instanceof JournalProblem) throw refuse(`the spool '${spoolFile}'`, error.message);
        throw error;
      }
    }
    this.ledger = previous ? new CompletionLedger(previous.watermark, previous.done) : new CompletionLedger();
    if (previous)
      this.restored = {
        startedAt: new Date(previous.startedAt),
        counters: previous.counters,
        implied: previous.implied,
      };
  }

  static open(options: JournalOptions): ScanJournal {
    const file = join(options.dir, CHECKPOINT_FILE);
    const identity = hashOf(options.identity);
    let data: unknown;
    try {
      data = readCheckpoint(file);
    } catch (error) {
      if (options.resume) throw refuse(`the checkpoint '${file}'`, (error as Error).message);
      data = null;
    }
    if (!options.resume) {
      if (data !== undefined)
        options.note(
          `exposcan: replacing the unfinished scan's checkpoint in ${options.dir} (--resume continues it instead)`,
        );
      return new ScanJournal(options.dir, identity, undefined, options.note, options.scope);
    }
    if (data === undefined) {
      options.note(`exposcan: --resume: no checkpoint in ${options.dir}; starting from the beginning`);
      return new ScanJournal(options.dir, identity, undefined, options.note, options.scope);
    }
    // Another scan's checkpoint is the likeliest mistake: said as such before its contents are judged.
    if (
      typeof data === 'object' &&
      data !== null &&
      'identity' in data &&
      typeof data.identity === 'string' &&
      data.identity !== identity
    ) {
      throw new UsageError(
        `--resume: the checkpoint in ${options.dir} belongs to a different scan (targets, ports, rules, shard or settings differ); run without --resume to start afresh`,
      );
    }
    let previous: Checkpoint;
    try {
      previous = checkCheckpoint(data, options.scope);
    } catch (error) {
      if (error instanceof JournalProblem) throw refuse(`the checkpoint '${file}'`, error.message);
      throw error;
    }
    return new ScanJournal(options.dir, identity, previous, options.note, options.scope);
  }

  get resumed(): boolean {
    return this.restored !== undefined;
  }

  /**
   * Called by the scan once the endpoints cloud accounts imply are known (they are numbered
   * after the targets, so a changed inventory would renumber them): checks them against the
   * checkpoint, writes the first checkpoint and starts the periodic ones.
   */
  begin(impliedKeys: readonly string[], startedAt: Date, counters: () => ScanCounters): void {
    this.implied = hashOf(impliedKeys);
    if (this.restored && this.restored.implied !== this.implied) {
      throw new UsageError(
        '--resume: the cloud accounts now imply other endpoints than when the checkpoint was written; run without --resume to start afresh',
      );
    }
    if (this.restored) {
      // Only now is the whole space known: the targets' endpoints, then those the accounts imply.
      try {
        checkAgainstSpace(
          this.ledger.snapshot(),
          this.scope.endpointsAtMost + impliedKeys.length,
          this.lastSpooledIndex,
        );
      } catch (error) {
        if (error instanceof JournalProblem) throw refuse(`the checkpoint '${this.checkpointFile}'`, error.message);
        throw error;
      }
    }
    this.startedAt = startedAt;
    this.counters = counters;
    this.flush();
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  flush(): void {
    // A spool that spilled to memory is not what a checkpoint would describe: the last good one stays.
    if (this.sink.spilled) return;
    try {
      this.writeCheckpoint();
    } catch (error) {
      // A checkpoint is for --resume; failing to write one (disk full, a link planted meanwhile)
      // must not end the scan. Said once (later flushes try again); the temp file is already removed.
      if (this.checkpointNoted) return;
      this.checkpointNoted = true;
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOSPC' || code === 'EDQUOT'
          ? `disk full at ${this.checkpointFile}`
          : `the checkpoint '${this.checkpointFile}' cannot be written: ${error instanceof UsageError ? error.message : (code ?? String(error))}`;
      this.note(
        `exposcan: ${why}; the scan goes on, and --resume after an interruption restarts from the last checkpoint written`,
      );
    }
  }

  private writeCheckpoint(): void {
    writeCheckpoint(this.checkpointFile, {
      version: 1,
      identity: this.identity,
      implied: this.implied,
      startedAt: this.startedAt.toISOString(),
      ...this.ledger.snapshot(),
      spoolBytes: this.sink.bytes,
      counters: this.counters(),
    });
  }

  /** The last checkpoint, then the spool is closed for writing (it can still be read). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
    this.sink.close();
  }

  /** After the complete report is written: nothing is left to resume. */
  remove(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sink.remove();
    rmSync(this.checkpointFile, { force: true });
  }
}
