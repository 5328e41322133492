// How long to wait for a TCP handshake before calling the SYN lost, learnt from the handshakes
// actually seen: nmap's estimator (timing.cc, adjust_timeouts2), which is TCP's own (RFC 6298)
// with nmap's bounds. Each answer (SYN-ACK or RST) is a round-trip sample; the deadline is the
// smoothed RTT plus four times its variation, clamped. On the internet most addresses never
// answer, so this deadline, not the probe timeout, is what a filtered endpoint costs.
// Pure: samples in, deadline out; the caller measures with whatever clock it has.

export interface RttBounds {
  /** Never wait less (nmap's min-rtt-timeout). */
  readonly minMs: number;
  /** Never wait more (nmap's max-rtt-timeout), and never beyond the probe timeout (--timeout). */
  readonly maxMs: number;
  /** Before any sample (nmap's initial-rtt-timeout). */
  readonly initialMs: number;
}

/**
 * nmap -T4's bounds ("aggressive", for a decent broadband or better link): 100 ms to 1,250 ms,
 * 500 ms before any answer. The ceiling matters on a busy machine too: a sample is measured when
 * the event loop gets to the answer, so a lagging loop inflates it, and without a ceiling every
 * filtered endpoint would pay for the lag three times (an answer that arrived is never lost to
 * the lag: see the deadline in Conn.open).
 */
export const DEFAULT_RTT_BOUNDS = { minMs: 100, maxMs: 1250, initialMs: 500 } as const;

export class RttEstimator {
  private srtt: number | undefined;
  private rttvar = 0;
  private count = 0;

  constructor(readonly bounds: RttBounds) {}

  /** Samples taken so far. */
  get samples(): number {
    return this.count;
  }

  /** One handshake answered after `ms`. */
  sample(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    if (this.srtt === undefined) {
      this.srtt = ms;
      // nmap: the first variation is the sample itself, kept within 5 ms and 2 s.
      this.rttvar = Math.min(Math.max(ms, 5), 2000);
    } else {
      // nmap drops samples that are absurd against what it has seen (8 s and over 3 × srtt).
      if (ms >= 8000 && ms > 3 * this.srtt) return;
      const delta = ms - this.srtt;
      this.srtt += delta / 8;
      this.rttvar += (Math.abs(delta) - this.rttvar) / 4;
    }
    this.count++;
  }

  /** The handshake deadline now: srtt + 4 × rttvar within the bounds, or the initial one before any sample. */
  get timeoutMs(): number {
    const { minMs, maxMs, initialMs } = this.bounds;
    const raw = this.srtt === undefined ? initialMs : this.srtt + 4 * this.rttvar;
    return Math.round(Math.min(maxMs, Math.max(minMs, raw)));
  }
}

/** What one connection attempt came to. */
export type AttemptResult = 'accepted' | 'refused' | 'unanswered' | 'unreachable' | 'other';

/**
 * Whether to send another SYN. Only silence is retried: a lost SYN (or its lost SYN-ACK) looks
 * exactly like a filtered port, and one retry more is cheap next to a missed open port. An
 * answer (accepted, refused) or an ICMP error is final.
 */
export function shouldRetry(result: AttemptResult, attempt: number, retries: number): boolean {
  return result === 'unanswered' && attempt < retries;
}

/** Whether the attempt's duration is a round-trip sample: only a TCP answer from the host itself is. */
export function isRttSample(result: AttemptResult): boolean {
  return result === 'accepted' || result === 'refused';
}
