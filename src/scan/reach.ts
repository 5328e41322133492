// Which targets were never reached: every endpoint probed failed before a connection was made
// (the name did not resolve, no route, no answer at all). Such a target is not a clean pass: it
// is named on stderr, in every report and in `coverage`, and --strict fails on it. One entry per
// target touched, kept in the checkpoint so a resumed scan tells the same.
import type { ProbeFailure } from '../engine/types.js';

/** Failures that mean no connection was ever made. `refused` is an answer: the host is there. */
export const BEFORE_CONNECT: ReadonlySet<ProbeFailure> = new Set<ProbeFailure>(['dns', 'unreachable', 'timeout']);

export interface UnreachedTarget {
  /** Position of the target in the scan's target list. */
  readonly target: number;
  readonly endpoints: number;
  readonly failures: Readonly<Partial<Record<ProbeFailure, number>>>;
}

/** Per target: the failures so far, or null once one endpoint was reached (connected, or answered with a refusal). */
export type ReachSnapshot = Readonly<Record<string, Omit<UnreachedTarget, 'target'> | null>>;

export class TargetReach {
  private readonly tallies = new Map<
    number,
    { endpoints: number; failures: Partial<Record<ProbeFailure, number>> } | null
  >();

  constructor(restored: ReachSnapshot = {}) {
    for (const [key, tally] of Object.entries(restored)) {
      const index = Number(key);
      if (Number.isSafeInteger(index))
        this.tallies.set(
          index,
          tally === null ? null : { endpoints: tally.endpoints, failures: { ...tally.failures } },
        );
    }
  }

  /**
   * One endpoint of `target` finished; `failure` is what stopped it before connecting, if anything
   * did. `lone`: the target's only endpoint (host:port, URL). A lone target that was reached
   * leaves no entry, since no later endpoint can change its verdict: a list of a million
   * host:port targets then holds, and checkpoints every second, only the ones never reached.
   */
  note(target: number | undefined, failure: ProbeFailure | undefined, lone = false): void {
    if (target === undefined) return;
    if (failure === undefined || !BEFORE_CONNECT.has(failure)) {
      if (lone) this.tallies.delete(target);
      else this.tallies.set(target, null);
      return;
    }
    const tally = this.tallies.get(target);
    if (tally === null) return;
    const next = tally ?? { endpoints: 0, failures: {} };
    next.endpoints++;
    next.failures[failure] = (next.failures[failure] ?? 0) + 1;
    this.tallies.set(target, next);
  }

  snapshot(): ReachSnapshot {
    return Object.fromEntries(this.tallies);
  }

  /** Targets with at least one endpoint reached, in target order. */
  reached(): number[] {
    return [...this.tallies.entries()]
      .filter(([, tally]) => tally === null)
      .map(([target]) => target)
      .sort((a, b) => a - b);
  }

  /** Targets with at least one endpoint probed and none reached, in target order. */
  unreached(): UnreachedTarget[] {
    return [...this.tallies.entries()]
      .flatMap(([target, tally]) => (tally ? [{ target, endpoints: tally.endpoints, failures: tally.failures }] : []))
      .sort((a, b) => a.target - b.target);
  }
}

const WORDS: Readonly<Partial<Record<ProbeFailure, string>>> = {
  dns: 'the name does not resolve',
  unreachable: 'no route to the host',
  timeout: 'no answer before the timeout',
};

/** "the name does not resolve (37 of 37 endpoints)", or a mix: "no answer before the timeout (3), no route to the host (1)". */
export function describeUnreached(tally: Pick<UnreachedTarget, 'endpoints' | 'failures'>): string {
  const kinds = (Object.entries(tally.failures) as [ProbeFailure, number][])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  if (kinds.length === 1)
    return `${WORDS[kinds[0]![0]] ?? kinds[0]![0]} (${tally.endpoints} endpoint${tally.endpoints === 1 ? '' : 's'}, none reached)`;
  return `no endpoint reached: ${kinds.map(([kind, count]) => `${WORDS[kind] ?? kind} (${count})`).join(', ')}`;
}
