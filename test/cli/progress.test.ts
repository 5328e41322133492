// Progress (src/progress.ts) with the clock, the timer and the terminal injected: the live line on
// a terminal, silence off a terminal until PLAIN_EVERY_MS, then one plain line each period. No
// real time passes and nothing is asserted about speed.
import { describe, expect, it } from 'vitest';
import { createProgress, duration, PLAIN_EVERY_MS, progressLine, type ProgressDeps } from '../../src/progress.js';

function fakeClock() {
  let now = 0;
  const ticks: { ms: number; tick: () => void; stopped: boolean }[] = [];
  const deps: ProgressDeps = {
    now: () => now,
    every: (ms, tick) => {
      const entry = { ms, tick, stopped: false };
      ticks.push(entry);
      return () => void (entry.stopped = true);
    },
  };
  /** Moves the clock on, firing each periodic tick that falls due. */
  const advance = (ms: number) => {
    const until = now + ms;
    for (const entry of ticks) {
      let next = Math.ceil((now + 1) / entry.ms) * entry.ms;
      while (!entry.stopped && next <= until) {
        now = next;
        entry.tick();
        next += entry.ms;
      }
    }
    now = until;
  };
  return { deps, advance, ticks };
}

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, write: (text: string) => void written.push(text), written };
}

describe('progressLine', () => {
  it('done/total with the share, open, findings, rate and time left', () => {
    expect(progressLine({ done: 1234, total: 9728, open: 3, findings: 5 }, 2000)).toBe(
      '1,234/9,728 endpoints (12%), 3 open, 5 findings, 617/s, about 14s left',
    );
    expect(progressLine({ done: 9728, total: 9728, open: 7, findings: 1 }, 8000)).toBe(
      '9,728/9,728 endpoints (100%), 7 open, 1 finding, 1,216/s',
    );
  });

  it('without a total (a shard): no share and no time left', () => {
    expect(progressLine({ done: 40, total: 0, open: 0, findings: 0 }, 8000)).toBe(
      '40 endpoints, 0 open, 0 findings, 5.0/s',
    );
  });

  it('before anything is done: no rate to divide by, no time left claimed', () => {
    expect(progressLine({ done: 0, total: 100, open: 0, findings: 0 }, 0)).toBe(
      '0/100 endpoints (0%), 0 open, 0 findings, 0.0/s',
    );
  });

  it('durations read as seconds, minutes, hours', () => {
    expect(duration(44_100)).toBe('45s');
    expect(duration(185_000)).toBe('3m 05s');
    expect(duration(7_620_000)).toBe('2h 07m');
  });
});

describe('createProgress off a terminal (CI, cron, a pipe)', () => {
  it('writes nothing for a scan shorter than the period', () => {
    const clock = fakeClock();
    const out = stream(false);
    const progress = createProgress(out, 100, clock.deps);
    for (let done = 1; done <= 100; done++) {
      clock.advance(100);
      progress.update({ done, open: 0, findings: 0 });
    }
    progress.done();
    clock.advance(PLAIN_EVERY_MS * 3);
    expect(out.written).toEqual([]);
  });

  it('then one plain line each period, and none after the scan', () => {
    const clock = fakeClock();
    const out = stream(false);
    const progress = createProgress(out, 10_000, clock.deps);
    progress.update({ done: 3000, open: 2, findings: 1 });
    clock.advance(PLAIN_EVERY_MS);
    progress.update({ done: 6000, open: 4, findings: 3 });
    clock.advance(PLAIN_EVERY_MS);
    progress.done();
    clock.advance(PLAIN_EVERY_MS);
    expect(out.written).toEqual([
      'exposcan: 3,000/10,000 endpoints (30%), 2 open, 1 finding, 100/s, about 1m 10s left\n',
      'exposcan: 6,000/10,000 endpoints (60%), 4 open, 3 findings, 100/s, about 40s left\n',
    ]);
    // Plain lines: no carriage return, no escape sequence.
    expect(out.written.join('')).not.toMatch(/[\r\x1b]/);
  });
});

describe('createProgress on a terminal', () => {
  it('one live line, redrawn in place at most every 100 ms, cleared at the end', () => {
    const clock = fakeClock();
    const out = stream(true);
    const progress = createProgress(out, 1000, clock.deps);
    clock.advance(1000);
    progress.update({ done: 100, open: 1, findings: 0 });
    clock.advance(10);
    progress.update({ done: 101, open: 1, findings: 0 }); // within 100 ms: not redrawn
    clock.advance(990);
    progress.update({ done: 500, open: 2, findings: 4 });
    progress.update({ done: 1000, open: 2, findings: 4 }); // the last one is always drawn
    progress.done();
    expect(out.written).toEqual([
      '\r100/1,000 endpoints (10%), 1 open, 0 findings, 100/s, about 9s left\x1b[K',
      '\r500/1,000 endpoints (50%), 2 open, 4 findings, 250/s, about 2s left\x1b[K',
      '\r1,000/1,000 endpoints (100%), 2 open, 4 findings, 500/s\x1b[K',
      '\r\x1b[K',
    ]);
    // No periodic plain lines on a terminal.
    expect(clock.ticks).toEqual([]);
  });
});
