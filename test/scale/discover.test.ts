// Discovery's decisions with a fake clock and a scripted network: the RTT estimator (nmap's),
// the handshake deadline of each attempt, which silences are retried and which answers are final,
// late answers to earlier tries, fewer retries for silent hosts.
// Nothing here opens a socket or reads the real clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { discover, LAST_WAIT_DEADLINES, type DiscoverDeps } from '../../src/engine/discover.js';
import type { Attempt, AttemptAnswer } from '../../src/probes/conn.js';
import { HostSilence, SILENT_ENDPOINTS, SILENT_HOST_RETRIES } from '../../src/engine/host-silence.js';
import { AbortableWaits } from '../../src/engine/waits.js';
import { RttEstimator, shouldRetry } from '../../src/engine/rtt.js';

const bounds = { minMs: 100, maxMs: 5000, initialMs: 1000 };

type Script = 'accepted' | 'refused' | 'silent' | 'unreachable';

/**
 * A scripted network on a fake clock: try n is answered as `answers[n]` (the last entry repeats)
 * after `rttMs`, or never when silent. Answers and deadlines are events on the fake clock; `step`
 * fires the earliest still pending (an answer before a deadline due at the same moment, as the
 * engine judges deadlines after the loop's I/O). A cancelled try's answer and a cancelled
 * deadline are dropped, and counted. The round-trip clock is the fake clock itself.
 */
function scripted(answers: readonly Script[], rttMs: number | readonly number[] = 40) {
  let clock = 0;
  const waits: number[] = [];
  const cancelled: number[] = [];
  let cancelledWaits = 0;
  interface Event {
    readonly at: number;
    readonly answer: boolean;
    readonly fire: () => void;
    live: boolean;
  }
  const events: Event[] = [];
  let tries = 0;
  const open = (onAnswer: (answer: AttemptAnswer<string>) => void): Attempt => {
    const n = tries++;
    const answer = answers[Math.min(n, answers.length - 1)]!;
    const rtt = typeof rttMs === 'number' ? rttMs : rttMs[Math.min(n, rttMs.length - 1)]!;
    let event: Event | undefined;
    let answered = false;
    if (answer !== 'silent') {
      const value: AttemptAnswer<string> = answer === 'accepted' ? { accepted: `conn-${n}` } : { failure: answer };
      const fire = () => {
        answered = true;
        onAnswer(value);
      };
      event = { at: clock + rtt, answer: true, fire, live: true };
      events.push(event);
    }
    return {
      // As Conn.attempt: giving up a try that has answered does nothing.
      cancel: () => {
        if (answered) return;
        cancelled.push(n);
        if (event) event.live = false;
      },
    };
  };
  const wait = (ms: number, done: () => void) => {
    waits.push(ms);
    const event: Event = { at: clock + ms, answer: false, fire: done, live: true };
    events.push(event);
    return () => {
      if (!event.live) return;
      event.live = false;
      cancelledWaits++;
    };
  };
  /** Fires the earliest pending event; false when nothing is pending. */
  const step = (): boolean => {
    const pending = events.filter((event) => event.live);
    if (pending.length === 0) return false;
    pending.sort((a, b) => a.at - b.at || Number(b.answer) - Number(a.answer));
    const next = pending[0]!;
    next.live = false;
    clock = next.at;
    next.fire();
    return true;
  };
  return {
    open,
    wait,
    step,
    roundTripClock: () => clock,
    waits,
    cancelled,
    cancelledWaits: () => cancelledWaits,
    /** Deadlines neither fired nor cancelled: what an endpoint leaves on the timer list. */
    pendingWaits: () => events.filter((event) => !event.answer && event.live).length,
    elapsed: () => clock,
    tries: () => tries,
  };
}

/** Runs discover on the scripted network: the events fire one by one until it has its verdict. */
async function run(net: ReturnType<typeof scripted>, options: DiscoverDeps<string>) {
  let verdict: Awaited<ReturnType<typeof discover<string>>> | undefined;
  const discovering = discover(options).then((result) => (verdict = result));
  for (;;) {
    // Promise reactions (the rate limiter's, discover's own) run before the next event.
    await new Promise((resolve) => setImmediate(resolve));
    if (verdict) break;
    if (!net.step()) throw new Error('discover waits for nothing');
  }
  await discovering;
  return verdict;
}

function deps(
  net: ReturnType<typeof scripted>,
  estimator: RttEstimator,
  retries = 2,
  extra: Partial<DiscoverDeps<string>> = {},
): DiscoverDeps<string> {
  return {
    open: net.open,
    wait: net.wait,
    roundTripClock: net.roundTripClock,
    estimator,
    retries: () => retries,
    sampleRtt: true,
    ...extra,
  };
}

describe('RttEstimator (nmap: srtt + 4 × rttvar, clamped)', () => {
  it('waits the initial deadline before any answer, then srtt + 4 × rttvar of what it saw', () => {
    const estimator = new RttEstimator(bounds);
    expect(estimator.timeoutMs).toBe(1000);
    estimator.sample(200);
    // First sample: srtt = 200, rttvar = 200 → 1,000.
    expect(estimator.timeoutMs).toBe(1000);
    estimator.sample(200);
    // delta 0: srtt 200, rttvar 200 + (0 − 200) / 4 = 150 → 800.
    expect(estimator.timeoutMs).toBe(800);
    for (let i = 0; i < 40; i++) estimator.sample(200);
    // A steady 200 ms: the variation decays, the deadline approaches the RTT itself.
    expect(estimator.timeoutMs).toBeGreaterThanOrEqual(200);
    expect(estimator.timeoutMs).toBeLessThan(210);
  });

  it('never goes under the minimum (loopback answers in microseconds) nor over the probe timeout', () => {
    const fast = new RttEstimator(bounds);
    for (let i = 0; i < 50; i++) fast.sample(0.05);
    expect(fast.timeoutMs).toBe(100);
    const slow = new RttEstimator({ ...bounds, maxMs: 2000 });
    slow.sample(1900);
    expect(slow.timeoutMs).toBe(2000);
  });

  it('follows a change of RTT and ignores an absurd sample, as nmap does', () => {
    const estimator = new RttEstimator(bounds);
    for (let i = 0; i < 30; i++) estimator.sample(20);
    const settled = estimator.timeoutMs;
    estimator.sample(9000); // 9 s against 20 ms: dropped
    expect(estimator.timeoutMs).toBe(settled);
    expect(estimator.samples).toBe(30);
    for (let i = 0; i < 30; i++) estimator.sample(300);
    expect(estimator.timeoutMs).toBeGreaterThanOrEqual(300);
  });
});

describe('retry decisions', () => {
  it('retries only silence, and only `retries` times', () => {
    expect(shouldRetry('unanswered', 0, 2)).toBe(true);
    expect(shouldRetry('unanswered', 1, 2)).toBe(true);
    expect(shouldRetry('unanswered', 2, 2)).toBe(false);
    expect(shouldRetry('unanswered', 0, 0)).toBe(false);
    for (const answer of ['accepted', 'refused', 'unreachable', 'other'] as const)
      expect(shouldRetry(answer, 0, 2)).toBe(false);
  });
});

describe('discover', () => {
  it('a SYN lost once is retried and the port is found open, with the same deadline', async () => {
    const net = scripted(['silent', 'accepted']);
    const estimator = new RttEstimator(bounds);
    for (let i = 0; i < 20; i++) estimator.sample(40);
    const result = await run(net, deps(net, estimator));
    expect(result).toEqual({ kind: 'open', attempts: 2, conn: 'conn-1' });
    const first = net.waits[0]!;
    expect(net.waits[1]).toBe(first);
    // The silent first try is closed; the accepted connection is handed on, never cancelled.
    expect(net.cancelled).toEqual([0]);
  });

  it('a filtered port costs a few round-trip deadlines (the last one doubled), never the probe timeout', async () => {
    const net = scripted(['silent']);
    const estimator = new RttEstimator(bounds);
    for (let i = 0; i < 20; i++) estimator.sample(0.1);
    const result = await run(net, deps(net, estimator));
    expect(result).toEqual({ kind: 'closed', failure: 'timeout', attempts: 3, answered: false });
    expect(net.waits).toEqual([100, 100, LAST_WAIT_DEADLINES * 100]);
    expect(net.elapsed()).toBe(400);
    expect(net.cancelled).toEqual([0, 1, 2]);
    // Every deadline ran out: none was cancelled, none is left.
    expect(net.cancelledWaits()).toBe(0);
    expect(net.pendingWaits()).toBe(0);
  });

  it('an answered SYN cancels its deadline at once: the endpoint leaves no timer behind', async () => {
    // Before any sample the deadline is 1,000 ms; the refusal comes after 30.
    const net = scripted(['refused'], 30);
    const result = await run(net, deps(net, new RttEstimator(bounds)));
    expect(result).toMatchObject({ kind: 'closed', failure: 'refused', attempts: 1 });
    expect(net.waits).toEqual([1000]);
    expect(net.cancelledWaits()).toBe(1);
    expect(net.pendingWaits()).toBe(0);
    expect(net.elapsed()).toBe(30);
    // The answered try is not given up again (its socket is already closed by the refusal).
    expect(net.cancelled).toEqual([]);
  });

  it('(near miss) a SYN answered exactly at its deadline counts as answered: the answer is judged first', async () => {
    const estimator = new RttEstimator(bounds);
    for (let i = 0; i < 20; i++) estimator.sample(0.1);
    // Deadline 100 ms, answer at 100 ms: open, on the first SYN.
    const net = scripted(['accepted'], 100);
    expect(await run(net, deps(net, estimator))).toEqual({ kind: 'open', attempts: 1, conn: 'conn-0' });
    expect(net.tries()).toBe(1);
    expect(net.cancelledWaits()).toBe(1);
  });

  it('an interrupt ends the endpoint at its next decision as aborted, never as filtered, every try closed', async () => {
    const controller = new AbortController();
    const net = scripted(['silent']);
    const result = await run(net, {
      ...deps(net, new RttEstimator(bounds)),
      signal: controller.signal,
      retries: () => {
        controller.abort(); // Ctrl-C while the first SYN waits
        return 2;
      },
    });
    expect(result).toEqual({ kind: 'closed', failure: 'aborted', attempts: 1, answered: false });
    expect(net.tries()).toBe(1);
    expect(net.cancelled).toEqual([0]);
  });

  it('an answer to an earlier try still counts after its deadline (the path is slower than the estimate)', async () => {
    // Every try is answered, but only after 150 ms, while the deadline is 100 ms.
    const net = scripted(['accepted'], 150);
    const estimator = new RttEstimator(bounds);
    for (let i = 0; i < 20; i++) estimator.sample(0.1);
    const result = await run(net, deps(net, estimator));
    expect(result).toEqual({ kind: 'open', attempts: 2, conn: 'conn-0' });
    expect(net.cancelled).toEqual([1]);
    // The second SYN's deadline is cancelled by the first one's answer, not left to run out.
    expect(net.elapsed()).toBe(150);
    expect(net.cancelledWaits()).toBe(1);
    expect(net.pendingWaits()).toBe(0);
    // The late answer is a true round trip (150 ms on the clock it was measured on): the estimate grows.
    expect(estimator.timeoutMs).toBeGreaterThan(100);
  });

  it('a refusal is final and is a round-trip sample; an ICMP error is final and is not', async () => {
    const estimator = new RttEstimator(bounds);
    const refused = scripted(['refused'], 30);
    expect(await run(refused, deps(refused, estimator))).toEqual({
      kind: 'closed',
      failure: 'refused',
      attempts: 1,
      answered: true,
    });
    expect(estimator.samples).toBe(1);
    const unreachable = scripted(['unreachable'], 30);
    expect(await run(unreachable, deps(unreachable, estimator))).toEqual({
      kind: 'closed',
      failure: 'unreachable',
      attempts: 1,
      answered: false,
    });
    expect(estimator.samples).toBe(1);
  });

  it('takes no sample when the handshake included a DNS lookup, and none from silence', async () => {
    const estimator = new RttEstimator(bounds);
    const dnsIncluded = scripted(['accepted'], 250);
    await run(dnsIncluded, deps(dnsIncluded, estimator, 2, { sampleRtt: false }));
    const silent = scripted(['silent']);
    await run(silent, deps(silent, estimator));
    expect(estimator.samples).toBe(0);
    expect(estimator.timeoutMs).toBe(1000);
  });

  it('learns from answers: after fast refusals a filtered port is given up sooner', async () => {
    const estimator = new RttEstimator(bounds);
    const before = scripted(['silent']);
    await run(before, deps(before, estimator, 0));
    expect(before.elapsed()).toBe(LAST_WAIT_DEADLINES * 1000);
    for (let i = 0; i < 10; i++) {
      const refused = scripted(['refused'], 10);
      await run(refused, deps(refused, estimator));
    }
    const after = scripted(['silent']);
    await run(after, deps(after, estimator, 0));
    expect(after.elapsed()).toBeLessThan(LAST_WAIT_DEADLINES * 200);
  });

  it('asks how many retries are allowed at each decision, so what was learnt meanwhile counts', async () => {
    let allowed = 2;
    const net = scripted(['silent']);
    const result = await run(net, {
      ...deps(net, new RttEstimator(bounds)),
      retries: () => {
        const now = allowed;
        allowed = 1; // the host was found silent while the first try waited
        return now;
      },
    });
    expect(result).toMatchObject({ kind: 'closed', failure: 'timeout', attempts: 2 });
  });

  it('asks the rate limiter before every SYN, retries included, and stops when the scan is interrupted', async () => {
    let slots = 0;
    const net = scripted(['silent']);
    await run(net, deps(net, new RttEstimator(bounds), 2, { beforeAttempt: async () => void slots++ }));
    expect(slots).toBe(3);
    const controller = new AbortController();
    controller.abort();
    const aborted = await discover(
      deps(scripted(['accepted']), new RttEstimator(bounds), 2, { signal: controller.signal }),
    );
    expect(aborted).toEqual({ kind: 'closed', failure: 'aborted', attempts: 0, answered: false });
  });
});

describe('HostSilence (fewer retries for hosts that never answer)', () => {
  it('keeps every retry until a host has stayed silent on SILENT_ENDPOINTS endpoints, then allows one', () => {
    const hosts = new HostSilence();
    for (let i = 0; i < SILENT_ENDPOINTS; i++) {
      expect(hosts.retriesFor('192.0.2.1', 2)).toBe(2);
      hosts.note('192.0.2.1', false);
    }
    expect(hosts.retriesFor('192.0.2.1', 2)).toBe(SILENT_HOST_RETRIES);
    // Never more than asked for.
    expect(hosts.retriesFor('192.0.2.1', 0)).toBe(0);
  });

  it('a host that answered anything keeps every retry, even after silent endpoints (a lossy live host)', () => {
    const hosts = new HostSilence();
    hosts.note('192.0.2.2', true);
    for (let i = 0; i < 10; i++) hosts.note('192.0.2.2', false);
    expect(hosts.retriesFor('192.0.2.2', 2)).toBe(2);
    // Unknown hosts get every retry too.
    expect(hosts.retriesFor('192.0.2.3', 2)).toBe(2);
  });

  it('remembers a bounded number of hosts, forgetting the least recently seen', () => {
    const hosts = new HostSilence(2);
    for (let i = 0; i < SILENT_ENDPOINTS; i++) hosts.note('192.0.2.1', false);
    hosts.note('192.0.2.2', false);
    hosts.note('192.0.2.3', false);
    expect(hosts.size).toBe(2);
    // 192.0.2.1 was forgotten: every retry again, which is only slower, never wrong.
    expect(hosts.retriesFor('192.0.2.1', 2)).toBe(2);
  });
});

describe('AbortableWaits', () => {
  afterEach(() => void vi.useRealTimers());

  it('an interrupt ends every pending wait at once', async () => {
    const controller = new AbortController();
    const waits = new AbortableWaits(controller.signal);
    const pending = [0, 1].map(() => new Promise<void>((resolve) => waits.wait(60_000, resolve)));
    controller.abort();
    await Promise.all(pending);
    // And a wait asked for after the interrupt does not wait either.
    await new Promise<void>((resolve) => waits.wait(60_000, resolve));
    waits.stop();
  });

  it('calls back after its time, never synchronously, and a cancelled wait never calls back', () => {
    vi.useFakeTimers();
    const waits = new AbortableWaits(new AbortController().signal);
    const calls: string[] = [];
    const cancel = waits.wait(1000, () => calls.push('cancelled one'));
    waits.wait(1000, () => calls.push('kept one'));
    expect(calls).toEqual([]);
    cancel();
    cancel(); // twice is harmless
    vi.advanceTimersByTime(5000);
    expect(calls).toEqual(['kept one']);
    waits.stop();
  });

  it('a wait cancelled after an interrupt was raised does not call back either', () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waits = new AbortableWaits(controller.signal);
    const calls: number[] = [];
    const cancel = waits.wait(60_000, () => calls.push(1));
    controller.abort();
    cancel();
    vi.advanceTimersByTime(0);
    vi.runAllTimers();
    expect(calls).toEqual([]);
    waits.stop();
  });
});
