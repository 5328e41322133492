import { describe, expect, it } from 'vitest';
import {
  computeHistory,
  daysOpen,
  historyText,
  targetsKey,
  type PastScan,
  type Sighting,
} from '../../src/history/status.js';

const key = targetsKey(['127.0.0.1:9200']);
const sight = (id: string): Sighting => ({
  findingId: id.padEnd(24, '0'),
  ruleId: `rule-${id}`,
  place: `127.0.0.1:${id}`,
  severity: 'high',
});
const id = (short: string) => short.padEnd(24, '0');
const scan = (name: string, day: number, ids: string[], partial = false, targets = key): PastScan => ({
  id: name,
  startedAt: new Date(Date.UTC(2025, 0, day)).toISOString(),
  partial,
  targetsKey: targets,
  sightings: ids.map(sight),
});
const now = (day: number, ids: string[], partial = false, targets = key) => ({
  ...scan('now', day, ids, partial, targets),
});

describe('computeHistory', () => {
  it('a first scan: every finding is new, first seen now, nothing fixed', () => {
    const current = now(1, ['a', 'b']);
    const result = computeHistory(current, []);
    expect(result.previousScan).toBeUndefined();
    expect([...result.status.values()]).toEqual(['new', 'new']);
    expect(result.firstSeen.get(id('a'))).toBe(current.startedAt);
    expect(result.fixed).toEqual([]);
  });

  it('open, new, fixed and reopened against the previous complete scan, with first-seen dates', () => {
    const past = [scan('s1', 1, ['a', 'b', 'c']), scan('s2', 2, ['a', 'b'])];
    const result = computeHistory(now(3, ['a', 'c', 'd']), past);
    expect(result.previousScan).toBe('s2');
    expect(result.status.get(id('a'))).toBe('open');
    expect(result.status.get(id('c'))).toBe('reopened');
    expect(result.status.get(id('d'))).toBe('new');
    expect(result.firstSeen.get(id('c'))).toBe(past[0]!.startedAt);
    expect(result.firstSeen.get(id('d'))).toBe(now(3, []).startedAt);
    expect(result.fixed).toEqual([
      {
        id: id('b'),
        ruleId: 'rule-b',
        place: '127.0.0.1:b',
        severity: 'high',
        firstSeen: past[0]!.startedAt,
        lastSeen: past[1]!.startedAt,
      },
    ]);
  });

  it('a partial scan marks nothing fixed; its sightings still count as open for the next scan', () => {
    const past = [scan('s1', 1, ['a', 'b'])];
    expect(computeHistory(now(2, ['a'], true), past).fixed).toEqual([]);
    const withPartial = [...past, scan('p2', 2, ['c'], true)];
    const result = computeHistory(now(3, ['c']), withPartial);
    expect(result.previousScan).toBe('s1');
    expect(result.status.get(id('c'))).toBe('open');
    expect(result.fixed.map((entry) => entry.id).sort()).toEqual([id('a'), id('b')]);
  });

  it('a partial scan is never the reference: a finding absent from it is still open', () => {
    const past = [scan('s1', 1, ['a']), scan('p2', 2, [], true)];
    const result = computeHistory(now(3, ['a']), past);
    expect(result.previousScan).toBe('s1');
    expect(result.status.get(id('a'))).toBe('open');
  });

  it('scans of other targets are not the reference, but first-seen dates are global', () => {
    const past = [scan('s1', 1, ['a']), scan('other', 2, [], false, targetsKey(['10.0.0.1']))];
    const result = computeHistory(now(3, ['a']), past);
    expect(result.previousScan).toBe('s1');
    expect(result.status.get(id('a'))).toBe('open');
    const elsewhere = computeHistory(now(4, ['a'], false, targetsKey(['10.0.0.1'])), past);
    expect(elsewhere.status.get(id('a'))).toBe('reopened');
    expect(elsewhere.firstSeen.get(id('a'))).toBe(past[0]!.startedAt);
  });

  it('ignores scans that started at or after the current one', () => {
    const result = computeHistory(now(2, ['a']), [scan('later', 5, ['a'])]);
    expect(result.status.get(id('a'))).toBe('new');
  });

  it('targetsKey ignores order and duplicates', () => {
    expect(targetsKey(['b', 'a', 'b'])).toBe(targetsKey(['a', 'b']));
  });
});

describe('daysOpen and historyText', () => {
  it('counts whole days from the first sighting', () => {
    expect(daysOpen('2024-01-01T00:00:00.000Z', '2025-02-16T12:00:00.000Z')).toBe(412);
    expect(daysOpen('2025-01-02T00:00:00.000Z', '2025-01-01T00:00:00.000Z')).toBe(0);
    expect(historyText({ status: 'open', firstSeen: '2024-01-01T00:00:00.000Z' }, '2025-02-16T00:00:00.000Z')).toBe(
      'open for 412 days',
    );
    // Before: "open, open for 0 days".
    expect(historyText({ status: 'open', firstSeen: '2025-01-01T10:00:00.000Z' }, '2025-01-01T12:00:00.000Z')).toBe(
      'open, first seen today',
    );
    expect(historyText({ status: 'new', firstSeen: '2025-01-01T10:00:00.000Z' }, '2025-01-01T10:00:00.000Z')).toBe(
      'new, first seen today',
    );
    expect(historyText({ status: 'new', firstSeen: '2025-01-01T00:00:00.000Z' }, '2025-01-02T01:00:00.000Z')).toBe(
      'new, open for 1 day',
    );
    expect(historyText({}, '2025-01-01T00:00:00.000Z')).toBe('');
  });
});
