// CPU work on what one endpoint sent (fingerprints, rules, redaction) runs in slices: the event
// loop gets a turn every SLICE_MS, so every other conversation's timers and sockets, and SIGINT,
// are served while it runs; and the endpoint's work has a budget of CPU time, past which it is
// given up and recorded as `overran`. One hostile endpoint must never starve the rest of the scan
// (issue 20: a 200,000-character version once blocked the loop for minutes and every other probe
// timed out). Text is capped and redaction is linear, so a real endpoint needs a few milliseconds.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long work runs before the event loop gets a turn. */
const SLICE_MS = 10;

/** Why the work stopped before it was done. */
export class SliceStop extends Error {
  constructor(readonly reason: 'overran' | 'aborted') {
    super(reason);
  }
}

export class Slices {
  private sliceStart = performance.now();
  private cpuStart = process.cpuUsage();
  private spentMs = 0;

  /** `budgetMs` of CPU time for the whole of this endpoint's work; `signal` stops it at the next slice. */
  constructor(
    private readonly budgetMs: number,
    private readonly signal: AbortSignal,
  ) {}

  /**
   * Called between units of work (one fingerprint, one rule): once the slice is used up, throws
   * SliceStop when the budget is spent, gives the event loop a turn, and throws SliceStop when
   * the scan was interrupted meanwhile. Work that fits in one slice is never cut short.
   */
  async between(): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    this.account();
    await nextTurn();
    if (this.signal.aborted) throw new SliceStop('aborted');
    this.sliceStart = performance.now();
    this.cpuStart = process.cpuUsage();
  }

  /** At the end of the work too: the last slice counts. */
  finish(): void {
    this.account();
  }

  private account(): void {
    // CPU time, not wall time: on a loaded machine waiting for a core is not this endpoint's doing.
    const used = process.cpuUsage(this.cpuStart);
    this.spentMs += (used.user + used.system) / 1000;
    this.cpuStart = process.cpuUsage();
    if (this.spentMs >= this.budgetMs) throw new SliceStop('overran');
  }
}
