// mergeReports as a pure function over hand-built shard reports: no server. (The end-to-end merge
// of real shard scans is in shard-merge.test.ts.)
import { describe, expect, it } from 'vitest';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/findings/finding.js';
import { mergeReports } from '../../src/report/merge.js';
import { buildReport, type Report, type ReportSuppressions } from '../../src/report/report.js';

function finding(id: string, confidence: Finding['confidence'], extra: Partial<Finding> = {}): Finding {
  return {
    id,
    ruleId: 'alibaba-kibana-public',
    title: 't',
    message: 'm',
    severity: 'high',
    score: confidence === 'confirmed' ? 9 : 7,
    why: 'w',
    confidence,
    product: 'kibana',
    evidence: {},
    remediation: 'r',
    references: [],
    cwe: [],
    ...extra,
  };
}

function shard(
  index: number,
  count: number,
  findings: Finding[],
  options: {
    suppressions?: ReportSuppressions;
    concurrency?: number;
    partial?: boolean;
    unreached?: ScanOutcome['unreached'];
    reached?: number[];
    targets?: string[];
  } = {},
): { file: string; report: Report } {
  const outcome: ScanOutcome = {
    startedAt: new Date(Date.UTC(2026, 10, 25, 10, index)),
    finishedAt: new Date(Date.UTC(2026, 10, 25, 11, index)),
    partial: options.partial ?? false,
    stats: {
      endpoints: 10 * index,
      open: index,
      identified: 1,
      failures: { refused: 10 * index - index },
      findings: findings.length,
    },
    services: [{ host: `192.0.2.${index}`, port: 9200, protocol: 'http', tls: false }],
    findings,
    coverage: [
      {
        provider: 'alibaba',
        account: 'production',
        region: 'cn-shanghai',
        call: 'rds:DescribeDBInstanceNetInfo',
        reason: 'denied',
        message: 'Forbidden',
      },
    ],
    unreached: options.unreached ?? [],
    ...(options.reached ? { reached: options.reached } : {}),
  };
  const report = buildReport({
    id: `scan-${index}`,
    tool: { name: 'exposcan', version: '0.1.0' },
    targets: options.targets ?? ['192.0.2.0/28'],
    rules: ['alibaba-kibana-public', 'kibana-unauthenticated'],
    settings: { concurrency: options.concurrency ?? 64, perHost: 4, rate: 1000, timeoutMs: 5000, ports: [9200, 5601] },
    outcome,
    shard: { index, count },
    ...(options.suppressions ? { suppressions: options.suppressions } : {}),
  });
  return { file: `shard-${index}.json`, report };
}

describe('mergeReports', () => {
  it('keeps the confirmed form of a cloud finding every shard judged, sums the stats and lists each coverage gap once', () => {
    const cloud = 'a'.repeat(24);
    const live = 'b'.repeat(24);
    for (const order of [
      [1, 2],
      [2, 1],
    ]) {
      const parts = {
        1: shard(1, 2, [finding(cloud, 'firm')]),
        2: shard(2, 2, [finding(cloud, 'confirmed'), finding(live, 'firm', { ruleId: 'kibana-unauthenticated' })], {
          concurrency: 8,
        }),
      };
      const merged = mergeReports(order.map((index) => parts[index as 1 | 2]));
      expect(merged.outcome.findings.map((item) => [item.id, item.confidence])).toEqual([
        [cloud, 'confirmed'],
        [live, 'firm'],
      ]);
      expect(merged.outcome.stats).toEqual({
        endpoints: 30,
        open: 3,
        identified: 2,
        failures: { refused: 27 },
        findings: 2,
      });
      expect(merged.outcome.services.map((service) => service.host)).toEqual(['192.0.2.1', '192.0.2.2']);
      expect(merged.outcome.coverage).toHaveLength(1);
      expect(merged.outcome.startedAt.toISOString()).toBe('2026-11-25T10:01:00.000Z');
      expect(merged.outcome.finishedAt.toISOString()).toBe('2026-11-25T11:02:00.000Z');
      expect(merged.merged).toEqual({
        count: 2,
        shards: [
          { index: 1, scan: 'scan-1' },
          { index: 2, scan: 'scan-2' },
        ],
        missing: [],
      });
      expect(merged.outcome.partial).toBe(false);
    }
  });

  it('lists a target as unreached only when no shard reached it; the shards that had none of its endpoints say nothing', () => {
    const targets = ['192.0.2.0/28', 'db.example.com', 'nosuchhost.invalid'];
    const timeout = (target: number, endpoints: number) => ({ target, endpoints, failures: { timeout: endpoints } });
    const dns = (endpoints: number) => ({ target: 2, endpoints, failures: { dns: endpoints } });
    // The /28: shard 1's endpoints all timed out, shard 2 reached one of its own. db.example.com:
    // all in shard 1, none reached. The name that does not resolve: every shard, none reached.
    const merged = mergeReports([
      shard(1, 3, [], { targets, unreached: [timeout(0, 5), timeout(1, 2), dns(3)], reached: [] }),
      shard(2, 3, [], { targets, unreached: [dns(2)], reached: [0] }),
      shard(3, 3, [], { targets, unreached: [dns(1)], reached: [] }),
    ]);
    expect(merged.outcome.unreached).toEqual([
      { target: 1, endpoints: 2, failures: { timeout: 2 } },
      { target: 2, endpoints: 6, failures: { dns: 6 } },
    ]);
    // Every shard report says which targets it reached, so the merge can tell.
    expect(shard(2, 3, [], { targets, reached: [0] }).report.scan.shard).toEqual({
      index: 2,
      count: 3,
      reachedTargets: [0],
    });
  });

  it('is partial when a shard is missing or a shard was partial', () => {
    expect(mergeReports([shard(1, 3, []), shard(3, 3, [])])).toMatchObject({
      outcome: { partial: true },
      merged: { missing: [2] },
    });
    expect(mergeReports([shard(1, 2, []), shard(2, 2, [], { partial: true })]).outcome.partial).toBe(true);
  });

  it('joins suppressions: suppressed anywhere stays suppressed, an entry is unused only if no shard used it', () => {
    const base = { reason: 'accepted', expires: '2026-01-01' };
    const one: ReportSuppressions = {
      file: 'suppressions.yaml',
      suppressed: [
        {
          id: 'c'.repeat(24),
          ruleId: 'kibana-unauthenticated',
          severity: 'high',
          place: '192.0.2.1:5601',
          entry: 1,
          ...base,
        },
      ],
      expired: [],
      unused: [
        { entry: 2, ...base, rule: 'x', target: '192.0.2.9:1', expired: false },
        { entry: 3, ...base, rule: 'y', target: '192.0.2.9:2', expired: true },
      ],
    };
    const two: ReportSuppressions = {
      file: 'suppressions.yaml',
      suppressed: [],
      expired: [{ entry: 3, ...base, rule: 'y', target: '192.0.2.9:2', findings: ['d'.repeat(24)] }],
      unused: [
        { entry: 1, ...base, id: 'c'.repeat(24), expired: false },
        { entry: 2, ...base, rule: 'x', target: '192.0.2.9:1', expired: false },
      ],
    };
    const joined = mergeReports([
      shard(1, 2, [], { suppressions: one }),
      shard(2, 2, [], { suppressions: two }),
    ]).suppressions!;
    expect(joined.suppressed.map((entry) => entry.entry)).toEqual([1]);
    expect(joined.expired.map((entry) => entry.entry)).toEqual([3]);
    expect(joined.unused.map((entry) => entry.entry)).toEqual([2]);
  });

  it('refuses an empty list, a report without a shard, and one filtered by another suppressions file', () => {
    expect(() => mergeReports([])).toThrow(/^merge: give the shard reports to join$/);
    const unsharded = shard(1, 2, []);
    const { shard: _dropped, ...scan } = unsharded.report.scan;
    expect(() => mergeReports([{ file: 'whole.json', report: { ...unsharded.report, scan } }])).toThrow(
      /^merge: 'whole.json' is not a shard report/,
    );
    const other: ReportSuppressions = { file: 'other.yaml', suppressed: [], expired: [], unused: [] };
    expect(() => mergeReports([shard(1, 2, []), shard(2, 2, [], { suppressions: other })])).toThrow(
      /^merge: 'shard-2.json' was filtered by another --suppressions file than 'shard-1.json'/,
    );
  });
});
