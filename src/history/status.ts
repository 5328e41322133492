// Pure history logic: given what earlier scans saw, the status and first-seen date of each finding
// of a new scan, and which earlier findings it no longer shows (fixed). No I/O and no clock: every
// date comes from the scans' own startedAt (ISO strings, which sort as text).
//
// The reference is the most recent earlier COMPLETE (non-partial) scan of the same targets.
// "Still open before this scan" = seen in the reference, or in a partial scan of the same
// targets after it (a partial scan can add sightings but never remove them).
//   new      never seen in any earlier scan (of any targets)
//   open     still open before this scan
//   reopened seen in an earlier scan, but not still open before this one
//   fixed    still open before this scan, absent from it; only a complete scan marks anything fixed.

export type FindingStatus = 'new' | 'open' | 'reopened';

export interface Sighting {
  readonly findingId: string;
  readonly ruleId: string;
  readonly place: string;
  readonly severity: string;
}

export interface PastScan {
  readonly id: string;
  readonly startedAt: string;
  readonly partial: boolean;
  /** The scan's targets, sorted: scans of the same list are compared. */
  readonly targetsKey: string;
  readonly sightings: readonly Sighting[];
}

export interface FixedFinding {
  readonly id: string;
  readonly ruleId: string;
  readonly place: string;
  readonly severity: string;
  readonly firstSeen: string;
  /** startedAt of the last scan that saw it. */
  readonly lastSeen: string;
}

export interface HistoryResult {
  /** The reference scan's id, when there is one. */
  readonly previousScan?: string;
  readonly status: ReadonlyMap<string, FindingStatus>;
  readonly firstSeen: ReadonlyMap<string, string>;
  readonly fixed: readonly FixedFinding[];
}

export function targetsKey(targets: readonly string[]): string {
  return JSON.stringify([...new Set(targets)].sort());
}

/** `past` is any set of earlier scans (order does not matter); only those started before `current` count. */
export function computeHistory(
  current: {
    readonly startedAt: string;
    readonly partial: boolean;
    readonly targetsKey: string;
    readonly sightings: readonly Sighting[];
  },
  past: readonly PastScan[],
): HistoryResult {
  const earlier = past
    .filter((scan) => scan.startedAt < current.startedAt)
    .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  const firstSeen = new Map<string, string>();
  const lastSeen = new Map<string, string>();
  for (const scan of earlier) {
    for (const sighting of scan.sightings) {
      if (!firstSeen.has(sighting.findingId)) firstSeen.set(sighting.findingId, scan.startedAt);
      lastSeen.set(sighting.findingId, scan.startedAt);
    }
  }
  const same = earlier.filter((scan) => scan.targetsKey === current.targetsKey);
  const referenceIndex = same.map((scan) => !scan.partial).lastIndexOf(true);
  const reference = referenceIndex >= 0 ? same[referenceIndex] : undefined;
  const stillOpen = new Map<string, Sighting>();
  for (const scan of same.slice(Math.max(referenceIndex, 0))) {
    if (scan !== reference && !scan.partial) continue;
    for (const sighting of scan.sightings) stillOpen.set(sighting.findingId, sighting);
  }

  const status = new Map<string, FindingStatus>();
  const first = new Map<string, string>();
  for (const sighting of current.sightings) {
    const seen = firstSeen.get(sighting.findingId);
    first.set(sighting.findingId, seen ?? current.startedAt);
    status.set(
      sighting.findingId,
      seen === undefined ? 'new' : stillOpen.has(sighting.findingId) ? 'open' : 'reopened',
    );
  }
  const fixed: FixedFinding[] = [];
  if (!current.partial) {
    for (const [id, sighting] of stillOpen) {
      if (status.has(id)) continue;
      fixed.push({
        id,
        ruleId: sighting.ruleId,
        place: sighting.place,
        severity: sighting.severity,
        firstSeen: firstSeen.get(id)!,
        lastSeen: lastSeen.get(id)!,
      });
    }
    fixed.sort(
      (a, b) => a.ruleId.localeCompare(b.ruleId) || a.place.localeCompare(b.place) || a.id.localeCompare(b.id),
    );
  }
  return { ...(reference ? { previousScan: reference.id } : {}), status, firstSeen: first, fixed };
}

/** Whole days from `firstSeen` to `asOf` (both ISO date-times), never negative. */
export function daysOpen(firstSeen: string, asOf: string): number {
  return Math.max(0, Math.floor((Date.parse(asOf) - Date.parse(firstSeen)) / 86_400_000));
}

/**
 * "new, first seen today", "open for 412 days", "reopened, open for 3 days" (counted from the
 * first sighting). Never "open, open for …": the status is said once.
 */
export function historyText(
  finding: { readonly status?: FindingStatus; readonly firstSeen?: string },
  asOf: string,
): string {
  if (finding.status === undefined || finding.firstSeen === undefined) return '';
  const days = daysOpen(finding.firstSeen, asOf);
  const age = days === 0 ? 'first seen today' : `open for ${days} day${days === 1 ? '' : 's'}`;
  return finding.status === 'open' ? (days === 0 ? 'open, first seen today' : age) : `${finding.status}, ${age}`;
}
