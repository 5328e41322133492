// The trend of a scan history (pure): for each scan, the findings open at it by severity, how long
// they had been open, and what it opened and fixed, with exactly the statuses `computeHistory`
// gives (status.ts), computed in one pass over the scans in time order instead of once per scan
// against all earlier ones (a history of hundreds of scans stays linear). Scans are grouped as the
// history compares them: by their targets (one group per target list).
//
// "Open at a scan" is what the scan saw, suppressed findings included (accepting a risk does not
// close it, as in the history). A partial scan saw part of its targets: its counts are a lower
// bound, and it never fixes anything.
import { SEVERITIES, type Severity } from '../engine/types.js';
import { daysOpen, type Sighting } from './status.js';

/** One recorded scan, as the store holds it. */
export interface TrendScan {
  readonly id: string;
  readonly startedAt: string;
  readonly partial: boolean;
  readonly targets: readonly string[];
  readonly targetsKey: string;
  readonly sightings: readonly Sighting[];
}

export interface TrendPoint {
  readonly scanId: string;
  readonly startedAt: string;
  readonly partial: boolean;
  /** Findings seen by the scan, by severity (a severity exposcan does not know is counted only in `openTotal`). */
  readonly open: Readonly<Record<Severity, number>>;
  readonly openTotal: number;
  readonly new: number;
  readonly reopened: number;
  /** 0 for a partial scan: only a complete scan marks anything fixed. */
  readonly fixed: number;
  /** Over the findings it saw, days since each was first seen (undefined when it saw none). */
  readonly meanDaysOpen?: number;
  readonly longestDaysOpen?: number;
  /** The finding open longest at this scan. */
  readonly longest?: { readonly ruleId: string; readonly place: string; readonly firstSeen: string };
}

export interface TrendGroup {
  readonly targets: readonly string[];
  readonly targetsKey: string;
  /** Oldest first. */
  readonly points: readonly TrendPoint[];
}

/** The groups, the one with the most recent scan first; each group's points oldest first. */
export function computeTrend(scans: readonly TrendScan[]): TrendGroup[] {
  const ordered = [...scans].sort((a, b) => compare(a.startedAt, b.startedAt) || compare(a.id, b.id));
  const firstSeen = new Map<string, string>();
  // Per group: what is still open before the next scan of it (status.ts: the last complete scan's
  // sightings, plus those of the partial scans after it).
  const stillOpen = new Map<string, Map<string, Sighting>>();
  const groups = new Map<string, { targets: readonly string[]; points: TrendPoint[] }>();
  for (let start = 0; start < ordered.length;) {
    // Scans that started at the same instant do not see each other (computeHistory compares with <).
    let end = start + 1;
    while (end < ordered.length && ordered[end]!.startedAt === ordered[start]!.startedAt) end++;
    const batch = ordered.slice(start, end);
    const points = batch.map((scan) => pointOf(scan, firstSeen, stillOpen.get(scan.targetsKey) ?? new Map()));
    batch.forEach((scan, index) => {
      const group = groups.get(scan.targetsKey) ?? { targets: scan.targets, points: [] };
      group.points.push(points[index]!);
      groups.set(scan.targetsKey, group);
    });
    for (const scan of batch) {
      const open = scan.partial ? (stillOpen.get(scan.targetsKey) ?? new Map<string, Sighting>()) : new Map();
      for (const sighting of scan.sightings) open.set(sighting.findingId, sighting);
      stillOpen.set(scan.targetsKey, open);
    }
    for (const scan of batch)
      for (const sighting of scan.sightings)
        if (!firstSeen.has(sighting.findingId)) firstSeen.set(sighting.findingId, scan.startedAt);
    start = end;
  }
  return [...groups.entries()]
    .map(([targetsKey, group]) => ({ targets: group.targets, targetsKey, points: group.points }))
    .sort(
      (a, b) => compare(b.points.at(-1)!.startedAt, a.points.at(-1)!.startedAt) || compare(a.targetsKey, b.targetsKey),
    );
}

function pointOf(
  scan: TrendScan,
  firstSeen: ReadonlyMap<string, string>,
  stillOpen: ReadonlyMap<string, Sighting>,
): TrendPoint {
  const open = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  let opened = 0;
  let reopened = 0;
  let totalDays = 0;
  let longest: { days: number; sighting: Sighting; firstSeen: string } | undefined;
  const seen = new Set<string>();
  for (const sighting of scan.sightings) {
    seen.add(sighting.findingId);
    if ((SEVERITIES as readonly string[]).includes(sighting.severity)) open[sighting.severity as Severity]++;
    const first = firstSeen.get(sighting.findingId);
    if (first === undefined) opened++;
    else if (!stillOpen.has(sighting.findingId)) reopened++;
    const since = first ?? scan.startedAt;
    const days = daysOpen(since, scan.startedAt);
    totalDays += days;
    if (!longest || days > longest.days) longest = { days, sighting, firstSeen: since };
  }
  let fixed = 0;
  if (!scan.partial) for (const id of stillOpen.keys()) if (!seen.has(id)) fixed++;
  return {
    scanId: scan.id,
    startedAt: scan.startedAt,
    partial: scan.partial,
    open,
    openTotal: scan.sightings.length,
    new: opened,
    reopened,
    fixed,
    ...(longest
      ? {
          meanDaysOpen: totalDays / scan.sightings.length,
          longestDaysOpen: longest.days,
          longest: { ruleId: longest.sighting.ruleId, place: longest.sighting.place, firstSeen: longest.firstSeen },
        }
      : {}),
  };
}

/**
 * What a chart and its table show for a group: one column per scan, or, past `max` scans, one
 * column per run of consecutive scans (at most `max` columns, so a page stays the same size
 * however long the history). A run's open counts and days open are those of its last complete
 * scan (the state at its end; its last scan when all are partial); new, reopened and fixed are
 * summed over the run.
 */
export interface TrendColumn {
  /** How many scans the column stands for. */
  readonly scans: number;
  readonly from: string;
  readonly to: string;
  /** The scan whose state the column shows. */
  readonly shown: TrendPoint;
  /** Every scan in it was partial. */
  readonly partial: boolean;
  readonly new: number;
  readonly reopened: number;
  readonly fixed: number;
}

export function trendColumns(points: readonly TrendPoint[], max: number): TrendColumn[] {
  // Runs of as equal a length as can be (400 scans in 60 columns: runs of 6 and 7, not 57 of 7 and one of 1).
  const count = Math.min(points.length, Math.max(1, max));
  const columns: TrendColumn[] = [];
  for (let index = 0; index < count; index++) {
    const run = points.slice(
      Math.floor((index * points.length) / count),
      Math.floor(((index + 1) * points.length) / count),
    );
    const complete = run.filter((point) => !point.partial);
    columns.push({
      scans: run.length,
      from: run[0]!.startedAt,
      to: run.at(-1)!.startedAt,
      shown: (complete.at(-1) ?? run.at(-1))!,
      partial: complete.length === 0,
      new: sum(run, (point) => point.new),
      reopened: sum(run, (point) => point.reopened),
      fixed: sum(run, (point) => point.fixed),
    });
  }
  return columns;
}

function sum(points: readonly TrendPoint[], of: (point: TrendPoint) => number): number {
  return points.reduce((total, point) => total + of(point), 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
