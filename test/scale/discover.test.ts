// Discovery's decisions with a fake clock and a scripted network: the RTT estimator (nmap's),
// the handshake deadline of each attempt, which silences are retried and which answers are final.
// Nothing here opens a socket or reads the real clock.
import { describe, expect, it } from 'vitest';
import { discover, type DiscoverDeps } from '../../src/engine/discover.js';
import { RttEstimator, shouldRetry } from '../../src/engine/rtt.js';
import type { ProbeFailure } from '../../src/engine/types.js';

const bounds = { minMs: 100, maxMs: 5000, initialMs: 1000 };

/** A network that answers each attempt as scripted, after `rttMs` (or stays silent until the deadline), on a fake clock. */
function scripted(answers: readonly ('accepted' | 'refused' | 'silent' | 'unreachable')[], rttMs = 40) {
  let clock = 0;
  const deadlines: number[] = [];
  let attempt = 0;
  const connect = async (deadlineMs: number): Promise<'accepted' | ProbeFailure> => {
    deadlines.push(deadlineMs);
    const answer = answers[Math.min(attempt++, answers.length - 1)]!;
    if (answer === 'silent') {
      clock += deadlineMs;
      return 'timeout';
    }
    clock += rttMs;
    return answer;
  };
  return { connect, now: () => clock, deadlines, elapsed: () => clock };
}

function deps(net: ReturnType<typeof scripted>, estimator: RttEstimator, retries = 2, extra: Partial<DiscoverDeps> = {}): DiscoverDeps {
  return { connect: net.connect, now: net.now, estimator, retries, sampleRtt: true, ...extra };
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
    for (const answer of ['accepted', 'refused', 'unreachable', 'other'] as const) expect(shouldRetry(answer, 0, 2)).toBe(false);
  });
});

describe('discover', () => {
  it('a SYN lost once is retried and the port is found open', async () => {
    const net = scripted(['silent', 'accepted']);
    const estimator = new RttEstimator(bounds);
    for (let i = 0; i < 20; i++) estimator.sample(40);
    const result = await discover(deps(net, estimator));
    expect(result).toEqual({ kind: 'open', attempts: 2 });
    const first = net.deadlines[0]!;
    expect(net.deadlines).toEqual([first, first]);
  });

  it('a filtered port costs three round-trip deadlines, never the probe timeout', async () => {
    const net = scripted(['silent']);
    const estimator = new RttEstimator(bounds);
    for (let i = 0; i < 20; i++) estimator.sample(0.1);
    const result = await discover(deps(net, estimator));
    expect(result).toEqual({ kind: 'closed', failure: 'timeout', attempts: 3 });
    expect(net.deadlines).toEqual([100, 100, 100]);
    expect(net.elapsed()).toBe(300);
  });

  it('a refusal is final and is a round-trip sample; an ICMP error is final and is not', async () => {
    const estimator = new RttEstimator(bounds);
    const refused = scripted(['refused'], 30);
    expect(await discover(deps(refused, estimator))).toEqual({ kind: 'closed', failure: 'refused', attempts: 1 });
    expect(estimator.samples).toBe(1);
    const unreachable = scripted(['unreachable'], 30);
    expect(await discover(deps(unreachable, estimator))).toEqual({ kind: 'closed', failure: 'unreachable', attempts: 1 });
    expect(estimator.samples).toBe(1);
  });

  it('takes no sample when the handshake included a DNS lookup, and none from silence', async () => {
    const estimator = new RttEstimator(bounds);
    await discover(deps(scripted(['accepted'], 250), estimator, 2, { sampleRtt: false }));
    await discover(deps(scripted(['silent']), estimator));
    expect(estimator.samples).toBe(0);
    expect(estimator.timeoutMs).toBe(1000);
  });

  it('learns from answers: after fast refusals a filtered port is given up sooner', async () => {
    const estimator = new RttEstimator(bounds);
    const before = scripted(['silent']);
    await discover(deps(before, estimator, 0));
    expect(before.elapsed()).toBe(1000);
    for (let i = 0; i < 10; i++) await discover(deps(scripted(['refused'], 10), estimator));
    const after = scripted(['silent']);
    await discover(deps(after, estimator, 0));
    expect(after.elapsed()).toBeLessThan(200);
  });

  it('asks the rate limiter before every SYN, retries included, and stops when the scan is interrupted', async () => {
    let slots = 0;
    const net = scripted(['silent']);
    await discover(deps(net, new RttEstimator(bounds), 2, { beforeAttempt: async () => void slots++ }));
    expect(slots).toBe(3);
    const controller = new AbortController();
    controller.abort();
    const aborted = await discover(deps(scripted(['accepted']), new RttEstimator(bounds), 2, { signal: controller.signal }));
    expect(aborted).toEqual({ kind: 'closed', failure: 'aborted', attempts: 0 });
  });
});
