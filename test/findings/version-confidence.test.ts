// Findings known only from a version number (issue 13, problem 2): Debian's redis-server 7.0.15
// carries the fixes for CVE-2024-46981 and CVE-2025-49844, yet both were reported high, `firm`,
// and printed as two identical console lines. Now: confidence `version`, said in the message, a
// lower score, not counted by --fail-on unless --fail-on-version-matches, the CVE id in every
// human rendering and the CVE's NVD page first among the references.
import { describe, expect, it } from 'vitest';
import vulnerable from '../../rules/lifecycle/software-known-vulnerable.js';
import redisUnauthenticated from '../../rules/redis/redis-unauthenticated.js';
import type { EndpointRule } from '../../src/engine/rule.js';
import { buildFindings } from '../../src/findings/build.js';
import type { Finding } from '../../src/findings/finding.js';
import { gateExitCode } from '../../src/gate.js';
import { observationFromInfo } from '../../src/probes/wire/redis.js';
import { renderConsole } from '../../src/report/console.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { RULES } from '../../rules/index.js';
import { evidenceOf } from '../helpers/evidence.js';
import { reportWith } from '../report/fixtures.js';

const rule: EndpointRule = vulnerable;
const redisRule: EndpointRule = redisUnauthenticated;
const NOW = { now: new Date('2026-11-25T00:00:00Z') };
const evidence = evidenceOf(observationFromInfo('redis_version:7.0.15\r\n')!);
const place = { endpoint: { host: '127.0.0.1', port: 6379 }, protocol: 'redis', tls: false };
const findings = buildFindings([
  ...rule.check(evidence, NOW).map((draft) => ({ rule, place, draft })),
  ...redisRule.check(evidence, NOW).map((draft) => ({ rule: redisRule, place, draft })),
]);
const versionOnly = findings.filter((finding) => finding.ruleId === 'software-known-vulnerable');

describe('a vulnerability known only from the version number', () => {
  it('has confidence "version", says so, and points at the CVE and the vendor advisory', () => {
    expect(versionOnly.map((finding) => finding.evidence['cve'])).toEqual(
      expect.arrayContaining(['CVE-2024-46981', 'CVE-2025-49844']),
    );
    for (const finding of versionOnly) {
      expect(finding.confidence).toBe('version');
      expect(finding.message).toContain('judged from the version number only');
      expect(finding.references[0]).toBe(`https://nvd.nist.gov/vuln/detail/${String(finding.evidence['cve'])}`);
      expect(
        finding.references.some((reference) =>
          reference.startsWith('https://github.com/redis/redis/security/advisories/'),
        ),
      ).toBe(true);
      expect(finding.references).not.toContain('https://nvd.nist.gov/');
    }
  });

  it('scores below a finding of the same severity that a probe proved', () => {
    const high = versionOnly.find((finding) => finding.severity === 'high')!;
    expect(high.score).toBe(7.5 - 0.5 - 1.5);
    expect(high.why).toContain('-1.5 known from the version number only');
  });

  it('is counted by --fail-on only with --fail-on-version-matches, and the gate line says which', () => {
    const lines: string[] = [];
    const report = reportWith(versionOnly);
    expect(gateExitCode(report, versionOnly, 'high', false, (line) => lines.push(line))).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(
        /^exposcan: \d findings? at or above high known only from a version number, not counted by --fail-on \(--fail-on-version-matches counts them\)$/,
      ),
    ]);
    lines.length = 0;
    expect(gateExitCode(report, versionOnly, 'high', false, (line) => lines.push(line), true)).toBe(1);
    const counted = versionOnly.filter((finding) => ['critical', 'high'].includes(finding.severity));
    expect(lines).toEqual([
      `exposcan: exit 1: ${counted.length} finding${counted.length === 1 ? '' : 's'} at or above high (ids ${counted.map((finding) => finding.id).join(', ')})`,
    ]);
  });

  it('a proven finding still fails the gate, the version-only ones named as not counted', () => {
    const lines: string[] = [];
    const proven: Finding = {
      ...versionOnly[0]!,
      id: 'f'.repeat(24),
      ruleId: 'redis-unauthenticated',
      confidence: 'confirmed',
      severity: 'critical',
      evidence: {},
    };
    expect(
      gateExitCode(reportWith([proven, ...versionOnly]), [proven, ...versionOnly], 'high', false, (line) =>
        lines.push(line),
      ),
    ).toBe(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^exposcan: exit 1: 1 finding at or above high \\(ids ${'f'.repeat(24)}\\); \\d more known only from a version number not counted`,
      ),
    );
  });

  it('shows its CVE id in the console rule column, in Markdown and in HTML', () => {
    const report = reportWith(versionOnly);
    const consoleLines = renderConsole(report, []).split('\n');
    for (const cve of ['CVE-2024-46981', 'CVE-2025-49844']) {
      expect(consoleLines.some((line) => new RegExp(`software-known-vulnerable ${cve}\\s`).test(line))).toBe(true);
      expect(renderMarkdown(report)).toContain(`\`software-known-vulnerable\` ${cve} |`);
      expect(renderMarkdown(report)).toContain(`- **CVE:** [${cve}](https://nvd.nist.gov/vuln/detail/${cve})`);
      expect(renderHtml(report, RULES)).toContain(`<a href="https://nvd.nist.gov/vuln/detail/${cve}"`);
    }
  });
});
