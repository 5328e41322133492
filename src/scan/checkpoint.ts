// The checkpoint: which endpoints a scan has finished, small enough to rewrite every second.
// Endpoints are numbered by their position in the deterministic probing order (src/engine/order.ts). Workers take
// them in that order, so "done" is a low watermark (every index below it is done) plus the few
// runs finished above it while slower ones are still in flight (about the concurrency).
import type { ReachSnapshot } from './reach.js';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { writeOwnedAtomically } from '../fs/owned-file.js';
import type { ProbeFailure } from '../engine/types.js';

/** Far above a checkpoint of the most runs a scan can leave (journal-check.ts, about 3 MB): larger files are refused unread. */
const MAX_CHECKPOINT_BYTES = 16 * 1024 * 1024;

export interface ScanCounters {
  readonly endpoints: number;
  readonly open: number;
  readonly identified: number;
  readonly failures: Readonly<Partial<Record<ProbeFailure, number>>>;
  /** Per target, whether any endpoint was reached (src/scan/reach.ts). Absent in checkpoints written before it existed. */
  readonly targets?: ReachSnapshot;
}

export interface Checkpoint {
  readonly version: 1;
  /** Hash of what decides which endpoints exist and what is judged: targets, ports, rules, shard, settings. */
  readonly identity: string;
  /** Hash of the endpoints the cloud accounts implied (they are numbered after the targets). */
  readonly implied: string;
  readonly startedAt: string;
  readonly watermark: number;
  readonly done: DoneRuns;
  /** Length of the spool when this was written: what lies beyond was not committed. */
  readonly spoolBytes: number;
  readonly counters: ScanCounters;
}

/** Finished indices at or above the watermark, as half-open runs [start, end). */
export type DoneRuns = readonly (readonly [number, number])[];

export class CompletionLedger {
  private low: number;
  /**
   * Sorted, disjoint, non-touching runs above the watermark. Runs, not single indices: a shard
   * passes over the other shards' endpoints by marking them done, and while one slow endpoint
   * holds the watermark those would otherwise pile up one number each. As runs, what is kept is
   * bounded by the endpoints in flight (the gaps), whatever the shard count or the tarpit.
   */
  private runs: [number, number][] = [];

  constructor(watermark = 0, done: DoneRuns = []) {
    this.low = watermark;
    for (const [start, end] of done) this.add(start, end);
  }

  get watermark(): number {
    return this.low;
  }

  /** Runs kept above the watermark: about the number of endpoints in flight, not the target list. */
  get pending(): number {
    return this.runs.length;
  }

  isDone(index: number): boolean {
    if (index < this.low) return true;
    const at = this.firstEndingAtOrAfter(index + 1);
    const run = this.runs[at];
    return run !== undefined && run[0] <= index;
  }

  markDone(index: number): void {
    this.add(index, index + 1);
  }

  snapshot(): { watermark: number; done: [number, number][] } {
    return { watermark: this.low, done: this.runs.map(([start, end]) => [start, end]) };
  }

  private add(start: number, end: number): void {
    start = Math.max(start, this.low);
    if (end <= start) return;
    // Every run that overlaps or touches [start, end) merges into one.
    const first = this.firstEndingAtOrAfter(start);
    let last = first;
    while (last < this.runs.length && this.runs[last]![0] <= end) {
      start = Math.min(start, this.runs[last]![0]);
      end = Math.max(end, this.runs[last]![1]);
      last++;
    }
    this.runs.splice(first, last - first, [start, end]);
    if (this.runs[0]![0] <= this.low) this.low = this.runs.shift()![1];
  }

  /** Index of the first run whose end is at or after `position` (binary search). */
  private firstEndingAtOrAfter(position: number): number {
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.runs[mid]![1] < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Written beside itself and renamed into place: a kill leaves the old checkpoint or the new one, never half of one. */
export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  writeOwnedAtomically(file, JSON.stringify(checkpoint));
}

/**
 * The checkpoint file parsed, undefined when there is none; throws (with the reason) when it
 * cannot be read or is not JSON. What it holds is checked by journal-check.ts before it is trusted.
 */
export function readCheckpoint(file: string): unknown {
  let text: string;
  try {
    // Sized before it is read: a checkpoint is a few KB; a huge file is refused, not parsed.
    if (statSync(file).size > MAX_CHECKPOINT_BYTES)
      throw new Error(`is larger than ${MAX_CHECKPOINT_BYTES / 1024 / 1024} MiB: not a checkpoint exposcan wrote`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === undefined) throw error;
    throw new Error(`cannot be read: ${code}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('is not JSON');
  }
}
