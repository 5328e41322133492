// Discovery: does anything accept a TCP connection on this endpoint? One handshake with the
// adaptive deadline of rtt.ts, repeated a bounded number of times while nothing answers, so a
// lost SYN is not a missed port. Only endpoints that accept go on to identification (identify.ts)
// with the probe timeouts; a filtered endpoint costs a few round-trip deadlines, not a timeout.
// The connection itself and the clock are injected: the decisions are tested with fakes.
import type { ProbeFailure } from './types.js';
import { isRttSample, shouldRetry, type AttemptResult, type RttEstimator } from './rtt.js';

/** SYNs sent at most for one endpoint: the first and this many retries. 0.03³ of open ports missed at 3 % loss. */
export const DEFAULT_CONNECT_RETRIES = 2;

export type Discovery = { readonly kind: 'open'; readonly attempts: number } | { readonly kind: 'closed'; readonly failure: ProbeFailure; readonly attempts: number };

export interface DiscoverDeps {
  /** One handshake within `deadlineMs`: accepted (and closed again), or why not. Never throws. */
  readonly connect: (deadlineMs: number) => Promise<'accepted' | ProbeFailure>;
  /** Milliseconds on any monotonic clock. */
  readonly now: () => number;
  readonly estimator: RttEstimator;
  readonly retries: number;
  /** Whether the handshake's duration is a round trip: not when it includes a DNS lookup. */
  readonly sampleRtt: boolean;
  /** Awaited before every SYN: the global rate (--rate) counts retries too. */
  readonly beforeAttempt?: () => Promise<void>;
  readonly signal?: AbortSignal;
}

export function attemptResult(outcome: 'accepted' | ProbeFailure): AttemptResult {
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

export async function discover(deps: DiscoverDeps): Promise<Discovery> {
  for (let attempt = 0; ; attempt++) {
    await deps.beforeAttempt?.();
    if (deps.signal?.aborted) return { kind: 'closed', failure: 'aborted', attempts: attempt };
    // Each SYN gets the current estimate, as nmap's retransmissions do: on a lossy path a retry
    // needs the same time as the first try, and every answer meanwhile has refined the estimate.
    const deadline = deps.estimator.timeoutMs;
    const started = deps.now();
    const outcome = await deps.connect(deadline);
    const result = attemptResult(outcome);
    if (deps.sampleRtt && isRttSample(result)) deps.estimator.sample(deps.now() - started);
    if (outcome === 'accepted') return { kind: 'open', attempts: attempt + 1 };
    if (!shouldRetry(result, attempt, deps.retries) || deps.signal?.aborted) return { kind: 'closed', failure: outcome, attempts: attempt + 1 };
  }
}
