// Limits on how hard exposcan knocks: at most `perHost` endpoints of one host in conversation at
// a time, and at most `rate` connections per second overall. Endpoint concurrency is the worker
// pool in run.ts. Idle per-host limiters are dropped, so a million hosts cost no memory.
import pLimit, { type LimitFunction } from 'p-limit';

export interface Limits {
  readonly perHost: number;
  /** Connections (probes) per second across the scan; 0 = unlimited. */
  readonly rate: number;
}

export class Scheduler {
  private readonly hosts = new Map<string, LimitFunction>();
  private nextSlot = 0;

  constructor(private readonly limits: Limits) {}

  /** Runs a whole conversation with one endpoint of `host` (every step, every connection) within the per-host limit. */
  async withHost<T>(host: string, work: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    let limit = this.hosts.get(key);
    if (!limit) {
      limit = pLimit(this.limits.perHost);
      this.hosts.set(key, limit);
    }
    const hostLimit = limit;
    try {
      return await hostLimit(work);
    } finally {
      if (hostLimit.activeCount === 0 && hostLimit.pendingCount === 0) this.hosts.delete(key);
    }
  }

  /** Waits for the next connection slot: slots are handed out evenly, `1000 / rate` ms apart. */
  async rateSlot(): Promise<void> {
    if (this.limits.rate <= 0) return;
    const interval = 1000 / this.limits.rate;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    const wait = slot - now;
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
