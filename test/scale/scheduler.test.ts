// The scheduler's per-host state: pure timing with in-process promises, no server.
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/engine/scheduler.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('Scheduler per-host state', () => {
  it('holds nothing for hosts that are idle: 5,000 hosts scanned leave no entry', async () => {
    const scheduler = new Scheduler({ perHost: 2, rate: 0 });
    let peak = 0;
    for (let batch = 0; batch < 50; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          scheduler.withHost(`10.${batch}.0.${i}`, async () => {
            peak = Math.max(peak, scheduler.trackedHosts);
            await tick();
          }),
        ),
      );
      expect(scheduler.trackedHosts).toBe(0);
    }
    expect(peak).toBe(100);
  });

  it('frees the entry when the work throws, and host names differing in case share one limit', async () => {
    const scheduler = new Scheduler({ perHost: 1, rate: 0 });
    await expect(scheduler.withHost('a.example.com', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(scheduler.trackedHosts).toBe(0);
    let active = 0;
    let most = 0;
    const work = async () => {
      active++;
      most = Math.max(most, active);
      await tick();
      active--;
    };
    await Promise.all([
      scheduler.withHost('B.example.com', work),
      scheduler.withHost('b.example.com', work),
      scheduler.withHost('b.EXAMPLE.com', work),
    ]);
    expect(most).toBe(1);
    expect(scheduler.trackedHosts).toBe(0);
  });

  it('keeps the entry while work for the host is queued', async () => {
    const scheduler = new Scheduler({ perHost: 1, rate: 0 });
    let release!: () => void;
    const first = scheduler.withHost('192.0.2.1', () => new Promise<void>((resolve) => (release = resolve)));
    const second = scheduler.withHost('192.0.2.1', async () => scheduler.trackedHosts);
    await tick();
    expect(scheduler.trackedHosts).toBe(1);
    release();
    await first;
    expect(await second).toBe(1);
    expect(scheduler.trackedHosts).toBe(0);
  });

  it('per-host turns are a count: perHost at once, the rest in order as turns are given back, no entry after', async () => {
    const scheduler = new Scheduler({ perHost: 2, rate: 0 });
    const started: number[] = [];
    const release: (() => void)[] = [];
    const flush = () => new Promise((resolve) => setImmediate(resolve));
    const all = [0, 1, 2, 3, 4].map((n) =>
      scheduler.withHost('192.0.2.9', async () => {
        started.push(n);
        await new Promise<void>((resolve) => (release[n] = resolve));
      }),
    );
    await flush();
    expect(started).toEqual([0, 1]);
    release[1]!();
    await flush();
    // The freed turn goes to the first waiter, and only one starts.
    expect(started).toEqual([0, 1, 2]);
    release[0]!();
    release[2]!();
    await flush();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(scheduler.trackedHosts).toBe(1);
    release[3]!();
    release[4]!();
    await Promise.all(all);
    expect(scheduler.trackedHosts).toBe(0);
    // Another host was never held back by this one.
    expect(await scheduler.withHost('192.0.2.10', async () => scheduler.trackedHosts)).toBe(1);
  });
});
