// Limits on how hard exposcan knocks: at most `perHost` endpoints of one host in conversation at
// a time, and at most `rate` connections per second overall. Endpoint concurrency is the worker
// pool in run.ts. A host's turns are a count and, only while every turn is taken, a queue of
// waiters: a list of a million addresses passes through a million entries, and a limiter each
// (p-limit's queue and closures, as before) was garbage made per endpoint in discovery's hottest
// path. Idle entries are dropped, so a million hosts cost no memory.

export interface Limits {
  readonly perHost: number;
  /** Connections (probes) per second across the scan; 0 = unlimited. */
  readonly rate: number;
}

const NOW: Promise<void> = Promise.resolve();

/** One host's turns: how many conversations hold one, and who waits for the next (only while all are held). */
interface HostTurns {
  active: number;
  waiting: (() => void)[] | undefined;
}

export class Scheduler {
  /** Hosts with a conversation running or queued; the entry goes when the last turn is given back. */
  private readonly hosts = new Map<string, HostTurns>();
  private nextSlot = 0;

  constructor(private readonly limits: Limits) {}

  /** Hosts that currently hold per-host state (for tests and the memory benchmark). */
  get trackedHosts(): number {
    return this.hosts.size;
  }

  /** Runs a whole conversation with one endpoint of `host` (every step, every connection) within the per-host limit. */
  withHost<T>(host: string, work: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    let turns = this.hosts.get(key);
    if (!turns) {
      turns = { active: 0, waiting: undefined };
      this.hosts.set(key, turns);
    }
    if (turns.active < Math.max(1, this.limits.perHost)) {
      turns.active++;
      return this.take(key, turns, work);
    }
    const queued = turns;
    return new Promise<void>((resolve) => (queued.waiting ??= []).push(resolve)).then(() =>
      this.take(key, queued, work),
    );
  }

  /** Runs `work` on a turn already counted, then hands the turn to the next waiter or gives it back. */
  private async take<T>(key: string, turns: HostTurns, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      const next = turns.waiting?.shift();
      if (next) {
        // The turn passes on as it is: the count does not change.
        if (turns.waiting!.length === 0) turns.waiting = undefined;
        next();
      } else if (--turns.active === 0) {
        this.hosts.delete(key);
      }
    }
  }

  /**
   * Waits for the next connection slot: slots are handed out evenly, `1000 / rate` ms apart.
   * Resolved already when the slot is now (no timer, no new promise: discovery asks for tens of
   * thousands of slots a second).
   */
  rateSlot(): Promise<void> {
    if (this.limits.rate <= 0) return NOW;
    const interval = 1000 / this.limits.rate;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    const wait = slot - now;
    return wait >= 1 ? new Promise((resolve) => setTimeout(resolve, wait)) : NOW;
  }
}
