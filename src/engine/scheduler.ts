// Limits on how hard exposcan knocks: at most `perHost` endpoints of one host in conversation at
// a time, and at most `rate` connections per second overall. Endpoint concurrency is the worker
// pool in run.ts. Idle per-host limiters are dropped, so a million hosts cost no memory.
import pLimit, { type LimitFunction } from 'p-limit';

export interface Limits {
  readonly perHost: number;
  /** Connections (probes) per second across the scan; 0 = unlimited. */
  readonly rate: number;
}

const NOW: Promise<void> = Promise.resolve();

export class Scheduler {
  /**
   * One limiter per host with a conversation running or queued, and how many callers hold it.
   * Our own count decides when to drop an entry: p-limit's activeCount is decremented a few
   * microtasks after the work settles, so reading it in `finally` could keep idle hosts forever.
   */
  private readonly hosts = new Map<string, { readonly limit: LimitFunction; users: number }>();
  private nextSlot = 0;

  constructor(private readonly limits: Limits) {}

  /** Hosts that currently hold per-host state (for tests and the memory benchmark). */
  get trackedHosts(): number {
    return this.hosts.size;
  }

  /** Runs a whole conversation with one endpoint of `host` (every step, every connection) within the per-host limit. */
  async withHost<T>(host: string, work: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    let entry = this.hosts.get(key);
    if (!entry) {
      entry = { limit: pLimit(this.limits.perHost), users: 0 };
      this.hosts.set(key, entry);
    }
    entry.users++;
    try {
      return await entry.limit(work);
    } finally {
      entry.users--;
      if (entry.users === 0) this.hosts.delete(key);
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
