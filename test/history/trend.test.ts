// The trend's one pass over the history gives, scan by scan, exactly what computeHistory gives that
// scan against all the others (the statuses a report carries), for random histories with several
// target lists, partial scans and scans that started at the same instant; and the columns a long
// history is drawn in keep every count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeHistory, daysOpen, targetsKey, type Sighting } from '../../src/history/status.js';
import { computeTrend, trendColumns, type TrendPoint, type TrendScan } from '../../src/history/trend.js';

const SEVERITY = ['critical', 'high', 'medium', 'low', 'info'] as const;
const sighting = (n: number): Sighting => ({
  findingId: `f${n}`,
  ruleId: `rule-${n % 3}`,
  place: `127.0.0.1:${6000 + n}`,
  severity: SEVERITY[n % 5]!,
});

const scanArbitrary = fc.record({
  day: fc.integer({ min: 0, max: 40 }),
  hour: fc.constantFrom(0, 0, 6),
  scope: fc.constantFrom('a', 'a', 'b'),
  partial: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  findings: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 8 }),
});

interface ScanSpec {
  readonly day: number;
  readonly hour: number;
  readonly scope: 'a' | 'b';
  readonly partial: boolean;
  readonly findings: readonly number[];
}

function history(specs: readonly ScanSpec[]): TrendScan[] {
  return specs.map((spec, index) => {
    const targets = spec.scope === 'a' ? ['127.0.0.1'] : ['127.0.0.1', '127.0.0.2'];
    return {
      id: `scan-${String(index).padStart(3, '0')}`,
      startedAt: new Date(Date.UTC(2026, 0, 1 + spec.day, spec.hour)).toISOString(),
      partial: spec.partial,
      targets,
      targetsKey: targetsKey(targets),
      sightings: spec.findings.map(sighting),
    };
  });
}

describe('computeTrend', () => {
  it('agrees with computeHistory on every scan of random histories', () => {
    fc.assert(
      fc.property(fc.array(scanArbitrary, { maxLength: 25 }), (specs) => {
        const scans = history(specs);
        const points = new Map<string, TrendPoint>();
        for (const group of computeTrend(scans)) for (const point of group.points) points.set(point.scanId, point);
        expect(points.size).toBe(scans.length);
        for (const scan of scans) {
          const expected = computeHistory(scan, scans);
          const point = points.get(scan.id)!;
          const statuses = [...expected.status.values()];
          expect(point.new).toBe(statuses.filter((status) => status === 'new').length);
          expect(point.reopened).toBe(statuses.filter((status) => status === 'reopened').length);
          expect(point.fixed).toBe(expected.fixed.length);
          expect(point.openTotal).toBe(scan.sightings.length);
          const ages = [...expected.firstSeen.values()].map((first) => daysOpen(first, scan.startedAt));
          expect(point.longestDaysOpen).toBe(ages.length > 0 ? Math.max(...ages) : undefined);
          if (ages.length > 0) expect(point.meanDaysOpen).toBeCloseTo(ages.reduce((a, b) => a + b, 0) / ages.length, 9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('groups scans by their target list, the most recently scanned first, each oldest first', () => {
    const scans = history([
      { day: 1, hour: 0, scope: 'a', partial: false, findings: [1] },
      { day: 2, hour: 0, scope: 'b', partial: false, findings: [] },
      { day: 3, hour: 0, scope: 'a', partial: false, findings: [1, 2] },
      { day: 4, hour: 0, scope: 'b', partial: false, findings: [3] },
    ]).reverse();
    const groups = computeTrend(scans);
    expect(groups.map((group) => group.targets)).toEqual([['127.0.0.1', '127.0.0.2'], ['127.0.0.1']]);
    expect(groups[1]!.points.map((point) => point.scanId)).toEqual(['scan-000', 'scan-002']);
    expect(groups[1]!.points[1]).toMatchObject({ openTotal: 2, new: 1, longestDaysOpen: 2, meanDaysOpen: 1 });
    expect(groups[1]!.points[1]!.longest).toEqual({
      ruleId: 'rule-1',
      place: '127.0.0.1:6001',
      firstSeen: '2026-01-02T00:00:00.000Z',
    });
    expect(groups[1]!.points[1]!.open).toEqual({ critical: 0, high: 1, medium: 1, low: 0, info: 0 });
    expect(computeTrend([])).toEqual([]);
  });
});

describe('trendColumns', () => {
  const points = (count: number) =>
    computeTrend(
      history(
        Array.from({ length: count }, (_, index) => ({
          day: index % 40,
          hour: Math.floor(index / 40) % 24,
          scope: 'a' as const,
          partial: index % 7 === 3,
          findings: [index % 5, (index * 3) % 11],
        })),
      ),
    )[0]!.points;

  it('one column per scan up to the limit', () => {
    const few = points(12);
    const columns = trendColumns(few, 60);
    expect(columns).toHaveLength(12);
    expect(columns.map((column) => column.shown)).toEqual(few);
  });

  it('past the limit: at most that many columns of near-equal runs, every count kept, the state of the last complete scan', () => {
    const many = points(1000);
    const columns = trendColumns(many, 60);
    expect(columns).toHaveLength(60);
    const sizes = columns.map((column) => column.scans);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000);
    const total = (of: (point: { new: number; reopened: number; fixed: number }) => number) =>
      [many, columns].map((list) =>
        (list as { new: number; reopened: number; fixed: number }[]).reduce((sum, item) => sum + of(item), 0),
      );
    for (const key of ['new', 'reopened', 'fixed'] as const) {
      const [fromPoints, fromColumns] = total((item) => item[key]);
      expect(fromColumns).toBe(fromPoints);
    }
    let start = 0;
    for (const column of columns) {
      const run = many.slice(start, start + column.scans);
      start += column.scans;
      expect(column.from).toBe(run[0]!.startedAt);
      expect(column.to).toBe(run.at(-1)!.startedAt);
      expect(column.shown).toBe(run.filter((point) => !point.partial).at(-1) ?? run.at(-1));
    }
  });
});
