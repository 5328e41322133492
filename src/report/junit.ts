// JUnit XML for CI systems that show test results. One <testsuite> per rule that ran, one
// <testcase> per place a rule found something (a <failure>), and one passing "no finding"
// testcase for a rule that found nothing, so every rule shows. A selected rule that had nothing to
// judge (a cloud rule in a scan that read no cloud) is a <skipped> "not run" testcase instead. Cloud reads that could not be
// made, and an interrupted scan, are <error> testcases in the "coverage" suite: a check that
// could not run is never a pass. Everything a server sent goes through xmlText/xmlAttr.
import { SEVERITIES, type Severity } from '../engine/types.js';
import type { Finding } from '../findings/finding.js';
import { placeOf } from '../findings/place.js';
import type { CoverageGap } from '../cloud/inventory.js';
import { dropControl } from './escape.js';
import { isTargetGap, type Report } from './report.js';

/** Characters XML 1.0 forbids anywhere (even as references), and unpaired surrogates. */
const ILLEGAL_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Element content: illegal characters, C1 and bidi controls dropped, markup escaped; CR kept as a reference so parsers do not fold it. */
export function xmlText(text: string): string {
  return dropControl(text)
    .replace(ILLEGAL_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/** Attribute value (always written in double quotes): as text, with whitespace that attribute normalisation would eat kept as references. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

interface Case {
  readonly classname: string;
  readonly name: string;
  readonly outcome?: {
    readonly kind: 'failure' | 'error';
    readonly message: string;
    readonly type: string;
    readonly body: string;
  };
  /** A rule that did not run (nothing to judge): a skipped test case, never a pass. */
  readonly skipped?: string;
}

interface Suite {
  readonly name: string;
  readonly cases: readonly Case[];
}

export function renderJunit(report: Report): string {
  const suites: Suite[] = [];
  const ruleIds = [...new Set([...report.scan.rules, ...report.findings.map((finding) => finding.ruleId)])];
  const skipped = new Map((report.scan.skippedRules ?? []).map((entry) => [entry.rule, entry.reason]));
  for (const ruleId of ruleIds) {
    const byPlace = new Map<string, Finding[]>();
    for (const finding of report.findings) {
      if (finding.ruleId !== ruleId) continue;
      const place = placeOf(finding) || '(no place)';
      byPlace.set(place, [...(byPlace.get(place) ?? []), finding]);
    }
    const cases: Case[] =
      byPlace.size === 0
        ? [
            skipped.has(ruleId)
              ? { classname: ruleId, name: 'not run', skipped: skipped.get(ruleId)! }
              : { classname: ruleId, name: 'no finding' },
          ]
        : [...byPlace].map(([place, findings]) => ({
            classname: ruleId,
            name: place,
            outcome: failure(place, findings),
          }));
    suites.push({ name: ruleId, cases });
  }

  const coverage: Case[] = report.coverage.filter(isTargetGap).map((gap) => ({
    classname: 'coverage',
    name: `target ${gap.target}`,
    outcome: {
      kind: 'error',
      message: `Not reached: ${oneLine(gap.message)}`,
      type: 'unreached',
      body: [
        `No endpoint of this target could be connected to; what it exposes is unknown, not safe.`,
        `target: ${gap.target}`,
        `endpoints: ${gap.endpoints}`,
        `message: ${gap.message}`,
      ].join('\n'),
    },
  }));
  coverage.push(
    ...report.coverage
      .filter((gap): gap is CoverageGap => !isTargetGap(gap))
      .map((gap): Case => ({
        classname: 'coverage',
        name: `${gap.provider}/${gap.account}/${gap.region} ${gap.call}${gap.resource ? ` (${gap.resource})` : ''}`,
        outcome: {
          kind: 'error',
          message: `Not checked: ${gap.reason}: ${oneLine(gap.message)}`,
          type: gap.reason,
          body: [
            `This cloud read could not be made; what it would have shown is unknown, not safe.`,
            `provider: ${gap.provider}`,
            `account: ${gap.account}`,
            `region: ${gap.region}`,
            `call: ${gap.call}`,
            ...(gap.resource ? [`resource: ${gap.resource}`] : []),
            `reason: ${gap.reason}`,
            `message: ${gap.message}`,
          ].join('\n'),
        },
      })),
  );
  if (report.scan.partial) {
    coverage.push({
      classname: 'coverage',
      name: 'scan interrupted',
      outcome: {
        kind: 'error',
        message: 'The scan was interrupted; the report is partial.',
        type: 'interrupted',
        body: 'The scan was interrupted; endpoints and resources not reached are not covered.',
      },
    });
  }
  if (coverage.length > 0) suites.push({ name: 'coverage', cases: coverage });

  const count = (cases: readonly Case[], kind?: 'failure' | 'error') =>
    cases.filter((c) => (kind ? c.outcome?.kind === kind : true)).length;
  const countSkipped = (cases: readonly Case[]) => cases.filter((c) => c.skipped !== undefined).length;
  const all = suites.flatMap((suite) => suite.cases);
  const time = (report.scan.durationMs / 1000).toFixed(3);
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites name="exposcan" tests="${count(all)}" failures="${count(all, 'failure')}" errors="${count(all, 'error')}" skipped="${countSkipped(all)}" time="${time}" timestamp="${xmlAttr(report.scan.startedAt)}">`,
  );
  for (const suite of suites) {
    lines.push(
      `  <testsuite name="${xmlAttr(suite.name)}" tests="${count(suite.cases)}" failures="${count(suite.cases, 'failure')}" errors="${count(suite.cases, 'error')}" skipped="${countSkipped(suite.cases)}" time="0" timestamp="${xmlAttr(report.scan.startedAt)}">`,
    );
    for (const testcase of suite.cases) {
      const open = `    <testcase classname="${xmlAttr(testcase.classname)}" name="${xmlAttr(testcase.name)}" time="0"`;
      if (testcase.skipped !== undefined) {
        lines.push(`${open}>`, `      <skipped message="${xmlAttr(testcase.skipped)}"/>`, '    </testcase>');
        continue;
      }
      if (!testcase.outcome) {
        lines.push(`${open}/>`);
        continue;
      }
      const { kind, message, type, body } = testcase.outcome;
      lines.push(`${open}>`);
      lines.push(`      <${kind} message="${xmlAttr(message)}" type="${xmlAttr(type)}">${xmlText(body)}</${kind}>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function failure(place: string, findings: readonly Finding[]): NonNullable<Case['outcome']> {
  const worst = SEVERITIES.find((severity) => findings.some((finding) => finding.severity === severity)) as Severity;
  const titles = [...new Set(findings.map((finding) => oneLine(finding.title)))];
  const message = findings.length === 1 ? titles[0]! : `${findings.length} findings: ${titles.join('; ')}`;
  // Only undecided verdicts here (a plan leaves the deciding fields to apply time): an error, as
  // for coverage gaps, so a CI job tells "cannot tell yet" from an open door; never a pass.
  if (findings.every((finding) => finding.confidence === 'unknown')) {
    return {
      kind: 'error',
      message: `Cannot tell yet: ${message}`,
      type: 'unknown',
      body: findings.map((finding) => details(place, finding)).join('\n\n'),
    };
  }
  return {
    kind: 'failure',
    message,
    type: worst,
    body: findings.map((finding) => details(place, finding)).join('\n\n'),
  };
}

/** The failure text. Evidence values are JSON so a server's newlines cannot forge lines of their own. */
function details(place: string, finding: Finding): string {
  return [
    oneLine(finding.title),
    oneLine(finding.message),
    `severity: ${finding.severity}; score: ${finding.score.toFixed(1)} (${oneLine(finding.why)}); confidence: ${finding.confidence}`,
    ...(finding.unknownFields ? [`undecided fields: ${finding.unknownFields.map(oneLine).join(', ')}`] : []),
    `product: ${oneLine(finding.product)}${finding.version ? ` ${oneLine(finding.version)}` : ''}`,
    `place: ${place}`,
    ...(finding.target?.url ? [`url: ${oneLine(finding.target.url)}`] : []),
    `finding id: ${finding.id}`,
    'evidence:',
    ...Object.entries(finding.evidence).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`),
    `remediation: ${oneLine(finding.remediation)}`,
    ...(finding.references.length > 0
      ? ['references:', ...finding.references.map((reference) => `  ${oneLine(reference)}`)]
      : []),
    ...(finding.cwe.length > 0 ? [`cwe: ${finding.cwe.join(', ')}`] : []),
  ].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
