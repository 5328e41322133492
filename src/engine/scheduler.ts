// Limits on how hard exposcan knocks: at most `perHost` conversations with one host at a time
// and at most `rate` connection attempts per second overall. Endpoint concurrency is the worker
// pool in run.ts. Idle per-host limiters are dropped, so a million hosts cost no memory.
import pLimit, { type LimitFunction } from 'p-limit';

export interface Limits {
  readonly perHost: number;
  /** Connection attempts (probes) per second across the scan; 0 = unlimited. */
  readonly rate: number;
}

export class Scheduler {
  private readonly hosts = new Map<string, LimitFunction>();
  private nextSlot = 0;

  constructor(private readonly limits: Limits) {}

  /** Runs `work` (one probe: a connection and its conversation) within the limits. */
  async run<T>(host: string, work: () => Promise<T>): Promise<T> {
    let limit = this.hosts.get(host);
    if (!limit) {
      limit = pLimit(this.limits.perHost);
      this.hosts.set(host, limit);
    }
    const hostLimit = limit;
    try {
      return await hostLimit(async () => {
        await this.waitForRateSlot();
        return work();
      });
    } finally {
      if (hostLimit.activeCount === 0 && hostLimit.pendingCount === 0) this.hosts.delete(host);
    }
  }

  /** A token bucket of size one: slots are handed out evenly, `1000 / rate` ms apart. */
  private async waitForRateSlot(): Promise<void> {
    if (this.limits.rate <= 0) return;
    const interval = 1000 / this.limits.rate;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    const wait = slot - now;
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
