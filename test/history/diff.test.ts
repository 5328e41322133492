// exposcan diff over hand-built reports: a narrower NEW scan does not call fixed what it never
// looked at (another target, another port, a rule it did not run, a cloud rule in a scan that read
// no cloud, another shard's endpoint), while a finding gone from where NEW did look is fixed.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { diffReports, renderDiff } from '../../src/history/diff.js';
import type { Report } from '../../src/report/report.js';
import { hostileFinding, reportWith } from '../report/fixtures.js';

const at = (id: string, host: string, port: number, ruleId = 'elasticsearch-unauthenticated'): Finding => ({
  ...hostileFinding,
  id,
  ruleId,
  target: { host, port, protocol: 'http', tls: false },
});
const cloud: Finding = {
  ...hostileFinding,
  id: 'cloud',
  ruleId: 'aws-s3-bucket-public',
  target: undefined,
  resource: { provider: 'aws', account: '111122223333', region: 'eu-west-1', type: 's3:bucket', id: 'b' },
};

function report(findings: readonly Finding[], scan: Partial<Report['scan']>): Report {
  const base = reportWith(findings);
  return { ...base, scan: { ...base.scan, ...scan, settings: { ...base.scan.settings, ...(scan.settings ?? {}) } } };
}

describe('diff against a narrower scan', () => {
  const old = report(
    [
      at('a', '192.0.2.10', 9200),
      at('b', '192.0.2.20', 9200),
      at('c', '192.0.2.10', 6379, 'redis-unauthenticated'),
      at('d', '198.51.100.7', 9200),
      cloud,
    ],
    {
      targets: ['192.0.2.0/24', '198.51.100.7'],
      rules: ['elasticsearch-unauthenticated', 'redis-unauthenticated', 'aws-s3-bucket-public'],
      settings: { ...reportWith([]).scan.settings, ports: [9200, 6379] },
    },
  );

  it('marks as fixed only what NEW looked for; the rest is not checked', () => {
    // NEW: one host, port 9200 only, the Elasticsearch rule and the S3 rule, no cloud read.
    const narrower = report([], {
      targets: ['192.0.2.10'],
      rules: ['elasticsearch-unauthenticated', 'aws-s3-bucket-public'],
      skippedRules: [
        { rule: 'aws-s3-bucket-public', reason: 'no cloud account was read: nothing for this rule to judge' },
      ],
      settings: { ...reportWith([]).scan.settings, ports: [9200] },
    });
    const diff = diffReports(old, narrower);
    // Before: all five were "fixed".
    expect(diff.fixed.map((entry) => entry.id)).toEqual(['a']);
    expect(diff.notChecked.map((entry) => entry.id).sort()).toEqual(['b', 'c', 'cloud', 'd']);
    const text = renderDiff(diff);
    expect(text).toMatch(/^0 new, 1 fixed, 0 still open, 4 not checked \(outside NEW's scope\)/);
    expect(text).toMatch(/^NOT CHECKED {2}d /m);
  });

  it('the same scope again: everything gone is fixed', () => {
    const same = report([], { targets: old.scan.targets, rules: old.scan.rules, settings: old.scan.settings });
    expect(diffReports(old, same)).toMatchObject({ notChecked: [] });
    expect(diffReports(old, same).fixed).toHaveLength(5);
    expect(renderDiff(diffReports(old, same))).toMatch(/^0 new, 5 fixed, 0 still open \(scan/);
  });

  it('a shard looked only at its own endpoints', () => {
    const shard1 = report([], {
      targets: old.scan.targets,
      rules: old.scan.rules,
      settings: old.scan.settings,
      shard: { index: 1, count: 2 },
    });
    const shard2 = report([], {
      targets: old.scan.targets,
      rules: old.scan.rules,
      settings: old.scan.settings,
      shard: { index: 2, count: 2 },
    });
    const live = ['a', 'b', 'c', 'd'];
    const fixedIn = (shard: Report) =>
      diffReports(old, shard)
        .fixed.map((entry) => entry.id)
        .filter((id) => live.includes(id));
    // Each live finding is fixed in exactly one of the two shards, not checked in the other.
    expect([...fixedIn(shard1), ...fixedIn(shard2)].sort()).toEqual(live);
  });
});
