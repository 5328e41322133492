// Discovery's deadlines: thousands of timers at once, each of which must end early when the scan
// is interrupted. One abort listener for all of them, not one each: Node's EventTarget keeps its
// listeners in a list, and adding and removing one per SYN showed in the CPU profile.
export class AbortableWaits {
  private readonly pending = new Set<() => void>();
  private readonly onAbort = () => {
    for (const wake of [...this.pending]) wake();
  };

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Resolves after `ms`, judged after the event loop's I/O phase: on a busy loop a timer and an
   * answer that came meanwhile are handled in one turn, timers first, and without the
   * setImmediate the answer would be called lost. Resolves at once when the scan is interrupted.
   */
  readonly wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (this.signal.aborted) return resolve();
      let immediate: NodeJS.Immediate | undefined;
      const wake = () => {
        this.pending.delete(wake);
        clearTimeout(timer);
        if (immediate) clearImmediate(immediate);
        resolve();
      };
      const timer = setTimeout(() => {
        immediate = setImmediate(wake);
      }, ms);
      this.pending.add(wake);
    });

  stop(): void {
    this.signal.removeEventListener('abort', this.onAbort);
  }
}
