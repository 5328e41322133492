// Discovery: does anything accept a TCP connection on this endpoint? One SYN, then, while nothing
// answers within the adaptive deadline of rtt.ts, a bounded number of further SYNs, so a lost SYN
// is not a missed port. Only endpoints that accept go on to identification (identify.ts) with the
// probe timeouts; a filtered endpoint costs a few round-trip deadlines, not a timeout.
//
// As in nmap, a try whose deadline passed is not abandoned: its socket stays open until the
// endpoint's verdict, and an answer to any try counts. So a deadline shorter than the path's real
// round trip costs one SYN more, never the port: the deadline decides when to send again. Only
// the verdict is final, so the last try is given LAST_WAIT_DEADLINES deadlines.
//
// Round trips are measured on the event loop's idle clock (performance.eventLoopUtilization():
// time spent waiting in epoll), not the wall clock. An answer that has arrived wakes the loop, so
// the loop idles only before the answer: the idle time between the SYN and its callback is a
// lower bound of the round trip, exact when the loop was waiting, and never includes the loop's
// own lag. On the wall clock a busy or starved process (a shared 2-core machine at load 30) saw
// the lag as round-trip time, and every filtered endpoint paid it as its deadline (estimates of
// 1.1 s to 3.1 s on loopback). A lower bound errs on the safe side here: too short a deadline
// costs a SYN, not a port, and the event loop's lag still lengthens every wait in wall time.
//
// The network, the timers and the clock are injected: the decisions are tested with fakes.
import type { Attempt, AttemptAnswer } from '../probes/conn.js';
import type { ProbeFailure } from './types.js';
import { isRttSample, shouldRetry, type AttemptResult, type RttEstimator } from './rtt.js';

/** SYNs sent at most for one endpoint: the first and this many retries. 0.03³ of open ports missed at 3 % loss. */
export const DEFAULT_CONNECT_RETRIES = 2;

/** The last try waits this many deadlines before the endpoint is called filtered (every earlier try still listening). */
export const LAST_WAIT_DEADLINES = 2;

/** Milliseconds the event loop has spent waiting for I/O: the round-trip clock (see above). */
export const idleClock = (): number => performance.eventLoopUtilization().idle;

export type Discovery<C> =
  | { readonly kind: 'open'; readonly attempts: number; readonly conn: C }
  | { readonly kind: 'closed'; readonly failure: ProbeFailure; readonly attempts: number; readonly answered: boolean };

export interface DiscoverDeps<C> {
  /** Sends one SYN. */
  readonly open: () => Attempt<C>;
  /** Resolves after `ms`, judged after the loop's I/O (an answer that arrived meanwhile is seen first), or at once when the scan is interrupted. */
  readonly wait: (ms: number) => Promise<void>;
  /** The clock round trips are measured on, in ms: idleClock in the engine, a fake in tests. */
  readonly roundTripClock: () => number;
  readonly estimator: RttEstimator;
  /** Retries allowed, asked again at each decision: what is learnt about the host meanwhile counts (host-silence.ts). */
  readonly retries: () => number;
  /** Whether the handshake's duration is a round trip: not when it includes a DNS lookup. */
  readonly sampleRtt: boolean;
  /** Awaited before every SYN: the global rate (--rate) counts retries too. */
  readonly beforeAttempt?: () => Promise<void>;
  readonly signal?: AbortSignal;
}

function attemptResult(outcome: 'accepted' | ProbeFailure): AttemptResult {
  switch (outcome) {
    case 'accepted':
      return 'accepted';
    case 'refused':
      return 'refused';
    case 'timeout':
      return 'unanswered';
    case 'unreachable':
      return 'unreachable';
    default:
      return 'other';
  }
}

interface Try<C> {
  readonly attempt: Attempt<C>;
  readonly started: number;
  /** The answer, once it came (set by the promise's reaction, read between waits). */
  answer?: AttemptAnswer<C>;
}

export async function discover<C>(deps: DiscoverDeps<C>): Promise<Discovery<C>> {
  const tries: Try<C>[] = [];
  let keep: C | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      await deps.beforeAttempt?.();
      if (deps.signal?.aborted) return { kind: 'closed', failure: 'aborted', attempts: attempt, answered: false };
      // Each SYN gets the current estimate, as nmap's retransmissions do: every answer meanwhile
      // (from this scan's other endpoints) has refined it.
      const deadline = deps.estimator.timeoutMs;
      tries.push({ attempt: deps.open(), started: deps.roundTripClock() });
      const last = !shouldRetry('unanswered', attempt, deps.retries());
      const answered = await firstAnswer(tries, deps.wait(last ? LAST_WAIT_DEADLINES * deadline : deadline));
      if (answered?.answer) {
        const answer = answered.answer;
        const result = attemptResult('accepted' in answer ? 'accepted' : answer.failure);
        if (deps.sampleRtt && isRttSample(result)) deps.estimator.sample(deps.roundTripClock() - answered.started);
        if ('accepted' in answer) {
          keep = answer.accepted;
          return { kind: 'open', attempts: attempt + 1, conn: keep };
        }
        return { kind: 'closed', failure: answer.failure, attempts: attempt + 1, answered: isRttSample(result) };
      }
      if (deps.signal?.aborted) return { kind: 'closed', failure: 'aborted', attempts: attempt + 1, answered: false };
      if (last) return { kind: 'closed', failure: 'timeout', attempts: attempt + 1, answered: false };
    }
  } finally {
    // Every other try's socket is closed: the endpoint has its verdict.
    for (const one of tries) {
      if (!(one.answer && 'accepted' in one.answer && one.answer.accepted === keep)) one.attempt.cancel();
    }
  }
}

/** The first try to answer before `deadline` resolves (or one that had answered already), else undefined. */
async function firstAnswer<C>(tries: Try<C>[], deadline: Promise<void>): Promise<Try<C> | undefined> {
  const settled = tries.find((one) => one.answer);
  if (settled) return settled;
  const racers = tries.map((one) =>
    one.attempt.answer.then((answer) => {
      one.answer = answer;
      return one;
    }),
  );
  const winner = await Promise.race([...racers, deadline.then(() => undefined)]);
  // An answer that came in the same turn as the deadline counts (the deadline is judged after I/O).
  return winner ?? tries.find((one) => one.answer);
}
