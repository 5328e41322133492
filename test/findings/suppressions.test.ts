import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import {
  applySuppressions,
  isExpired,
  parseSuppressions,
  type SuppressionEntry,
} from '../../src/findings/suppressions.js';
import { UsageError } from '../../src/errors.js';

function finding(overrides: Partial<Finding>): Finding {
  return {
    id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    ruleId: 'elasticsearch-unauthenticated',
    title: 't',
    message: 'm',
    severity: 'high',
    score: 8,
    why: 'w',
    confidence: 'confirmed',
    product: 'elasticsearch',
    target: { host: '127.0.0.1', port: 8080, protocol: 'http', tls: false },
    evidence: {},
    remediation: 'r',
    references: [],
    cwe: [],
    ...overrides,
  };
}

const now = new Date('2026-03-10T12:00:00Z');
const live = { reason: 'accepted', expires: '2026-12-31' };

describe('applySuppressions', () => {
  it('matches a rule and target exactly: 127.0.0.1:80 never suppresses 127.0.0.1:8080', () => {
    const f = finding({});
    const entries: SuppressionEntry[] = [
      { rule: 'elasticsearch-unauthenticated', target: '127.0.0.1:80', ...live },
      { rule: 'elasticsearch-unauthenticated', target: '127.0.0.1:808', ...live },
      { rule: 'elasticsearch', target: '127.0.0.1:8080', ...live },
    ];
    const result = applySuppressions([f], entries, now);
    expect(result.kept).toEqual([f]);
    expect(result.suppressed).toEqual([]);
    expect(result.unused.map((entry) => entry.entry)).toEqual([1, 2, 3]);
  });

  it('suppresses by id and by rule + exact target, reporting reason and expiry', () => {
    const a = finding({ id: 'a'.repeat(24) });
    const b = finding({ id: 'b'.repeat(24), target: { host: '127.0.0.1', port: 80, protocol: 'http', tls: false } });
    const c = finding({ id: 'c'.repeat(24), ruleId: 'kibana-unauthenticated' });
    const result = applySuppressions(
      [a, b, c],
      [
        { id: 'a'.repeat(24), ...live, owner: 'ops' },
        { rule: 'elasticsearch-unauthenticated', target: '127.0.0.1:80', ...live },
      ],
      now,
    );
    expect(result.kept).toEqual([c]);
    expect(result.suppressed).toEqual([
      {
        id: 'a'.repeat(24),
        ruleId: 'elasticsearch-unauthenticated',
        severity: 'high',
        place: '127.0.0.1:8080',
        entry: 1,
        reason: 'accepted',
        expires: '2026-12-31',
        owner: 'ops',
      },
      {
        id: 'b'.repeat(24),
        ruleId: 'elasticsearch-unauthenticated',
        severity: 'high',
        place: '127.0.0.1:80',
        entry: 2,
        reason: 'accepted',
        expires: '2026-12-31',
      },
    ]);
    expect(result.expired).toEqual([]);
    expect(result.unused).toEqual([]);
  });

  it('matches a cloud resource by its exact text, with or without the name', () => {
    const resource = {
      provider: 'aws',
      account: '123456789012',
      region: 'eu-west-1',
      type: 's3:bucket',
      id: 'logs',
      name: 'Logs',
    } as const;
    const f = finding({ ruleId: 'aws-s3-public', target: undefined, resource } as Partial<Finding>);
    expect(
      applySuppressions(
        [f],
        [{ rule: 'aws-s3-public', resource: 'aws/123456789012/eu-west-1 s3:bucket logs', ...live }],
        now,
      ).kept,
    ).toEqual([]);
    expect(
      applySuppressions(
        [f],
        [{ rule: 'aws-s3-public', resource: 'aws/123456789012/eu-west-1 s3:bucket logs (Logs)', ...live }],
        now,
      ).kept,
    ).toEqual([]);
    expect(
      applySuppressions(
        [f],
        [{ rule: 'aws-s3-public', resource: 'aws/123456789012/eu-west-1 s3:bucket log', ...live }],
        now,
      ).kept,
    ).toEqual([f]);
    expect(
      applySuppressions(
        [f],
        [{ rule: 'aws-s3-public', resource: 'aws/123456789012/eu-west-1 s3:bucket logs2', ...live }],
        now,
      ).kept,
    ).toEqual([f]);
  });

  it('an expired entry stops suppressing and is listed with the findings it matched', () => {
    const f = finding({});
    const result = applySuppressions([f], [{ id: f.id, reason: 'temporary', expires: '2026-03-09' }], now);
    expect(result.kept).toEqual([f]);
    expect(result.suppressed).toEqual([]);
    expect(result.expired).toEqual([
      { entry: 1, id: f.id, reason: 'temporary', expires: '2026-03-09', findings: [f.id] },
    ]);
    expect(result.unused).toEqual([]);
  });

  it('an entry suppresses through its expiry day (UTC)', () => {
    expect(isExpired({ expires: '2026-03-10' }, now)).toBe(false);
    expect(isExpired({ expires: '2026-03-10' }, new Date('2026-03-10T23:59:59Z'))).toBe(false);
    expect(isExpired({ expires: '2026-03-10' }, new Date('2026-03-11T00:00:00Z'))).toBe(true);
  });

  it('lists unused entries, expired ones marked', () => {
    const result = applySuppressions(
      [],
      [
        { id: 'f'.repeat(24), ...live },
        { id: 'e'.repeat(24), reason: 'old', expires: '2020-01-01' },
      ],
      now,
    );
    expect(result.unused).toEqual([
      { entry: 1, id: 'f'.repeat(24), ...live, expired: false },
      { entry: 2, id: 'e'.repeat(24), reason: 'old', expires: '2020-01-01', expired: true },
    ]);
  });

  it('an active entry still suppresses when an expired one matches the same finding', () => {
    const f = finding({});
    const result = applySuppressions(
      [f],
      [
        { id: f.id, reason: 'old', expires: '2020-01-01' },
        { rule: f.ruleId, target: '127.0.0.1:8080', ...live },
      ],
      now,
    );
    expect(result.kept).toEqual([]);
    expect(result.suppressed[0]!.entry).toBe(2);
    expect(result.expired.map((entry) => entry.entry)).toEqual([1]);
  });
});

describe('parseSuppressions', () => {
  const ok = `suppressions:\n  - id: ${'a'.repeat(24)}\n    reason: lab box\n    expires: 2026-12-31\n  - rule: redis-unauthenticated\n    target: "[::1]:6379"\n    reason: dev\n    expires: "2026-01-01"\n    owner: ops\n`;

  it('reads valid entries', () => {
    expect(parseSuppressions(ok, 's.yaml')).toEqual([
      { id: 'a'.repeat(24), reason: 'lab box', expires: '2026-12-31' },
      { rule: 'redis-unauthenticated', target: '[::1]:6379', reason: 'dev', expires: '2026-01-01', owner: 'ops' },
    ]);
    expect(parseSuppressions('suppressions: []\n', 's.yaml')).toEqual([]);
  });

  function error(text: string): string {
    try {
      parseSuppressions(text, 's.yaml');
    } catch (caught) {
      expect(caught).toBeInstanceOf(UsageError);
      const message = (caught as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      return message;
    }
    throw new Error('expected an error');
  }

  it.each([
    ['suppressions: [\n', /^suppressions file 's.yaml' is not valid YAML/],
    ['- a\n', /must be a mapping with a 'suppressions' list/],
    ['suppresions: []\n', /^suppressions file 's.yaml': 'suppressions': required$/],
    ['suppressions: []\nextra: 1\n', /unknown key 'extra'/],
    [
      `suppressions:\n  - id: ${'a'.repeat(24)}\n    expires: 2026-12-31\n`,
      /^suppressions file 's.yaml': entry 1 \(suppressions\[0\]\) field 'reason': required$/,
    ],
    [
      `suppressions:\n  - id: ${'a'.repeat(24)}\n    reason: x\n`,
      /entry 1 \(suppressions\[0\]\) field 'expires': required$/,
    ],
    [
      `suppressions:\n  - id: ${'a'.repeat(24)}\n    reason: x\n    expires: 2026-02-30\n`,
      /entry 1 .* field 'expires': expected a real calendar date/,
    ],
    [
      `suppressions:\n  - id: ${'a'.repeat(24)}\n    reason: x\n    expires: next year\n`,
      /field 'expires': expected a date YYYY-MM-DD/,
    ],
    [
      `suppressions:\n  - id: ${'a'.repeat(24)}\n    reason: x\n    expires: 2026-12-31\n  - rule: x-y\n    reason: x\n    expires: 2026-12-31\n`,
      /entry 2 \(suppressions\[1\]\) field 'target': required with 'rule'/,
    ],
    [
      `suppressions:\n  - rule: x-y\n    target: "*:80"\n    reason: x\n    expires: 2026-12-31\n`,
      /entry 1 .* field 'target': expected 'host:port'.*no wildcards/,
    ],
    [
      `suppressions:\n  - rule: x-y\n    target: 127.0.0.1\n    reason: x\n    expires: 2026-12-31\n`,
      /entry 1 .* field 'target': expected 'host:port'/,
    ],
    [
      `suppressions:\n  - id: abc\n    reason: x\n    expires: 2026-12-31\n`,
      /entry 1 .* field 'id': expected a finding id/,
    ],
    [
      `suppressions:\n  - id: ${'a'.repeat(24)}\n    rule: x-y\n    reason: x\n    expires: 2026-12-31\n`,
      /field 'rule': not allowed with 'id'/,
    ],
    [`suppressions:\n  - reason: x\n    expires: 2026-12-31\n`, /field 'id': required: give 'id', or 'rule'/],
    [
      `suppressions:\n  - id: ${'a'.repeat(24)}\n    reason: x\n    expires: 2026-12-31\n    pattern: ".*"\n`,
      /entry 1 .*: unknown field 'pattern'/,
    ],
    [
      `suppressions:\n  - id: ${'a'.repeat(24)}\n    reason: ""\n    expires: 2026-12-31\n`,
      /field 'reason': must not be empty/,
    ],
  ])('%j is one line naming the entry and field', (text, message) => {
    expect(error(text)).toMatch(message);
  });
});
