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
// What one endpoint holds meanwhile is kept small (a million-target scan has thousands in flight
// and makes tens of thousands a second): each try is a socket and a callback, not a promise raced
// against the deadline's, and the deadline's timer is cancelled as soon as a try is answered, so
// an answered endpoint leaves nothing behind on the timer list.
//
// The network, the timers and the clock are injected: the decisions are tested with fakes.
import type { Attempt, AttemptAnswer } from '../probes/conn.js';
import type { ProbeFailure } from './types.js';
import { isRttSample, shouldRetry, type AttemptResult, type RttEstimator } from './rtt.js';
import type { CancelWait, Wait } from './waits.js';

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
  /** Sends one SYN; `onAnswer` is called once if the host (or the network) answers, never for silence nor after cancel. */
  readonly open: (onAnswer: (answer: AttemptAnswer<C>) => void) => Attempt;
  /** Calls back after `ms`, judged after the loop's I/O (an answer that arrived meanwhile is seen first), never synchronously, at once when the scan is interrupted; cancellable. */
  readonly wait: Wait;
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

export function discover<C>(deps: DiscoverDeps<C>): Promise<Discovery<C>> {
  return new Promise((resolve) => {
    const tries: Attempt[] = [];
    let deadline: CancelWait | undefined;
    let done = false;
    /** The verdict: the deadline cancelled, every try's socket closed but the one handed on. */
    const end = (verdict: Discovery<C>, answeredTry = -1) => {
      done = true;
      deadline?.();
      deadline = undefined;
      for (let n = 0; n < tries.length; n++) if (n !== answeredTry) tries[n]!.cancel();
      resolve(verdict);
    };
    const send = () => {
      if (done) return;
      const n = tries.length;
      if (deps.signal?.aborted) return end({ kind: 'closed', failure: 'aborted', attempts: n, answered: false });
      // Each SYN gets the current estimate, as nmap's retransmissions do: every answer meanwhile
      // (from this scan's other endpoints) has refined it.
      const deadlineMs = deps.estimator.timeoutMs;
      const started = deps.roundTripClock();
      // An answer to any try counts, an earlier one's after its own deadline too (see above).
      const attempt = deps.open((answer) => {
        if (done) return;
        const result = attemptResult('accepted' in answer ? 'accepted' : answer.failure);
        if (deps.sampleRtt && isRttSample(result)) deps.estimator.sample(deps.roundTripClock() - started);
        // SYNs sent so far (this one too, should the answer come before open() returns).
        const attempts = Math.max(tries.length, n + 1);
        end(
          'accepted' in answer
            ? { kind: 'open', attempts, conn: answer.accepted }
            : { kind: 'closed', failure: answer.failure, attempts, answered: isRttSample(result) },
          n,
        );
      });
      tries.push(attempt);
      if (done) return;
      const last = !shouldRetry('unanswered', n, deps.retries());
      deadline = deps.wait(last ? LAST_WAIT_DEADLINES * deadlineMs : deadlineMs, () => {
        deadline = undefined;
        if (done) return;
        const attempts = tries.length;
        if (deps.signal?.aborted) end({ kind: 'closed', failure: 'aborted', attempts, answered: false });
        else if (last) end({ kind: 'closed', failure: 'timeout', attempts, answered: false });
        else next();
      });
    };
    const next = () => {
      if (deps.beforeAttempt) void deps.beforeAttempt().then(send);
      else send();
    };
    next();
  });
}
