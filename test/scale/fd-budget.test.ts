// The connection plan against the open-file limit: pure, no socket.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_CONCURRENCY, planConnections, readFdLimit } from '../../src/scan/fd-budget.js';

describe('planConnections', () => {
  it('keeps the default (thousands) when the limit leaves room, and says nothing', () => {
    expect(planConnections(undefined, 64, 65_536)).toEqual({ connectConcurrency: DEFAULT_CONNECT_CONCURRENCY });
    expect(DEFAULT_CONNECT_CONCURRENCY).toBeGreaterThanOrEqual(1000);
  });

  it('stays under a binding limit and says so in one line, naming the limit', () => {
    const plan = planConnections(undefined, 64, 1024);
    expect(plan.connectConcurrency).toBe(1024 - 128 - 3 * 64);
    expect(plan.note).toMatch(
      /^exposcan: 704 connection attempts at once, not the default 4096: the open-file limit is 1024 \(ulimit -n\)/,
    );
    expect(plan.note).not.toContain('\n');
    const asked = planConnections(5000, 64, 4096);
    expect(asked.connectConcurrency).toBe(4096 - 128 - 192);
    expect(asked.note).toContain('not --connect-concurrency 5000');
  });

  it('keeps what was asked when the limit is unknown or not binding', () => {
    expect(planConnections(300, 64, undefined)).toEqual({ connectConcurrency: 300 });
    expect(planConnections(300, 64, 20_000)).toEqual({ connectConcurrency: 300 });
  });

  it('never plans fewer than one attempt, even under an absurd limit', () => {
    expect(planConnections(undefined, 64, 100).connectConcurrency).toBe(1);
  });

  it.runIf(process.platform === 'linux')('reads this process’s limit from /proc on Linux', () => {
    expect(readFdLimit()).toBeGreaterThan(0);
  });
});
