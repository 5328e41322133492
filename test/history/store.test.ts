import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { defaultHistoryFile, HistoryStore } from '../../src/history/store.js';
import type { Report } from '../../src/report/report.js';

const finding = (id: string, port: number) => ({
  id: id.padEnd(24, '0'),
  ruleId: 'redis-unauthenticated',
  severity: 'critical',
  target: { host: '127.0.0.1', port, protocol: 'redis', tls: false },
});
const report = (id: string, day: number, findings: ReturnType<typeof finding>[], partial = false) =>
  ({
    scan: {
      id,
      startedAt: new Date(Date.UTC(2025, 0, day)).toISOString(),
      finishedAt: new Date(Date.UTC(2025, 0, day, 1)).toISOString(),
      partial,
      targets: ['127.0.0.1'],
    },
    findings,
  }) as unknown as Report;

describe('HistoryStore', () => {
  it('records scans in a WAL SQLite file and computes statuses across reopenings of the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'exposcan-store-')), 'deep', 'history.sqlite');
    let store = new HistoryStore(file);
    expect(store.record(report('s1', 1, [finding('a', 6379), finding('b', 6380)])).fixed).toEqual([]);
    store.close();
    store = new HistoryStore(file);
    const partial = store.record(report('p2', 2, [], true));
    expect(partial.fixed).toEqual([]);
    const second = store.record(report('s3', 3, [finding('a', 6379)]));
    expect(second.previousScan).toBe('s1');
    expect(second.status.get('a'.padEnd(24, '0'))).toBe('open');
    expect(second.fixed).toEqual([
      {
        id: 'b'.padEnd(24, '0'),
        ruleId: 'redis-unauthenticated',
        place: '127.0.0.1:6380',
        severity: 'critical',
        firstSeen: '2025-01-01T00:00:00.000Z',
        lastSeen: '2025-01-01T00:00:00.000Z',
      },
    ]);
    const third = store.record(report('s4', 4, [finding('a', 6379), finding('b', 6380)]));
    expect(third.status.get('b'.padEnd(24, '0'))).toBe('reopened');
    expect(third.firstSeen.get('b'.padEnd(24, '0'))).toBe('2025-01-01T00:00:00.000Z');
    expect(store.list().map((row) => [row.id, row.partial, row.findings])).toEqual([
      ['s4', false, 2],
      ['s3', false, 1],
      ['p2', true, 0],
      ['s1', false, 2],
    ]);
    expect(store.show('s3')!.sightings.map((sighting) => sighting.place)).toEqual(['127.0.0.1:6379']);
    expect(store.show('missing')).toBeUndefined();
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('a suppressed finding was still seen: never listed as fixed, and open (not reopened) once the suppression ends', () => {
    const store = new HistoryStore(join(mkdtempSync(join(tmpdir(), 'exposcan-store-')), 'history.sqlite'));
    const a = finding('a', 6379);
    store.record(report('s1', 1, [a]));
    const suppressed = {
      ...report('s2', 2, []),
      suppressions: {
        file: 's.yaml',
        suppressed: [
          {
            id: a.id,
            ruleId: a.ruleId,
            severity: 'critical',
            place: '127.0.0.1:6379',
            entry: 1,
            reason: 'accepted',
            expires: '2025-02-01',
          },
        ],
        expired: [],
        unused: [],
      },
    } as unknown as Report;
    expect(store.record(suppressed).fixed).toEqual([]);
    const after = store.record(report('s3', 3, [a]));
    expect(after.status.get(a.id)).toBe('open');
    expect(after.firstSeen.get(a.id)).toBe('2025-01-01T00:00:00.000Z');
    expect(store.list().find((row) => row.id === 's2')!.findings).toBe(0);
    store.close();
  });

  it('the default file is under XDG_DATA_HOME, else ~/.local/share', () => {
    expect(defaultHistoryFile({ XDG_DATA_HOME: '/data' })).toBe('/data/exposcan/history.sqlite');
    expect(defaultHistoryFile({})).toMatch(/\/\.local\/share\/exposcan\/history\.sqlite$/);
  });
});
