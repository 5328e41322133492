// Discovery's deadlines: thousands of timers at once, each of which must end early when the scan
// is interrupted, and be cancelled when its SYN is answered first. One abort listener for all of
// them, not one each: Node's EventTarget keeps its listeners in a list, and adding and removing
// one per SYN showed in the CPU profile. A callback and a cancel function, not a promise: an
// answered SYN's deadline is cleared at once instead of living on, with what it holds, until it
// fires (issue 12's million-target scan: see docs/performance.md).

/** Cancels a wait: its callback is not called. Calling it again, or after the callback, does nothing. */
export type CancelWait = () => void;

/** The discovery deadline: calls `done` after `ms` (never synchronously), or at once when interrupted. */
export type Wait = (ms: number, done: () => void) => CancelWait;

export class AbortableWaits {
  private readonly pending = new Set<() => void>();
  private readonly onAbort = () => {
    for (const wake of [...this.pending]) wake();
  };

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Calls `done` after `ms`, judged after the event loop's I/O phase: on a busy loop a timer and
   * an answer that came meanwhile are handled in one turn, timers first, and without the
   * setImmediate the answer would be called lost. Calls it on the next turn when the scan is
   * interrupted.
   */
  readonly wait: Wait = (ms, done) => {
    let timer: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    const cancel = () => {
      this.pending.delete(wake);
      clearTimeout(timer);
      clearImmediate(immediate);
    };
    const wake = () => {
      cancel();
      // Deferred so that `done` never runs inside the caller's own call (nor inside the abort).
      immediate = setImmediate(done);
    };
    if (this.signal.aborted) {
      immediate = setImmediate(done);
      return cancel;
    }
    timer = setTimeout(() => {
      timer = undefined;
      immediate = setImmediate(() => {
        this.pending.delete(wake);
        done();
      });
    }, ms);
    this.pending.add(wake);
    return cancel;
  };

  stop(): void {
    this.signal.removeEventListener('abort', this.onAbort);
  }
}
