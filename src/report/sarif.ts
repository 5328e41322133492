// SARIF 2.1.0 for code scanning. Written even with zero findings. Endpoint findings have no
// source file, so each result points at the endpoint as its artifact (its URL) and names it as
// a logical location; `partialFingerprints` carries the stable finding id for deduplication.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Rule } from '../engine/rule.js';
import type { Severity } from '../engine/types.js';
import type { Finding } from '../findings/finding.js';
import { placeOf, placeUri, sourceOf } from '../findings/place.js';
import { fixCommandLines, fixTerraformLines } from './fix-text.js';
import { isTargetGap, type Report } from './report.js';

const LEVEL: Readonly<Record<Severity, Result.level>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
/** GitHub maps >= 9.0 to critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.5',
};

export function renderSarif(report: Report, rules: readonly Rule[]): string {
  const ruleIds = [...new Set([...report.scan.rules, ...report.findings.map((finding) => finding.ruleId)])];
  const descriptors = ruleIds.map((id) =>
    descriptor(
      id,
      rules.find((rule) => rule.meta.id === id),
      report.findings.find((finding) => finding.ruleId === id),
    ),
  );
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, rules: descriptors } },
        automationDetails: { id: `exposcan/${report.scan.id}` },
        invocations: [
          {
            executionSuccessful: !report.scan.partial,
            startTimeUtc: report.scan.startedAt,
            endTimeUtc: report.scan.finishedAt,
            ...(report.scan.partial || report.coverage.length > 0
              ? {
                  toolExecutionNotifications: [
                    ...(report.scan.partial
                      ? [
                          {
                            level: 'warning' as const,
                            message: { text: 'The scan was interrupted; the report is partial.' },
                          },
                        ]
                      : []),
                    ...report.coverage.map((gap) => ({
                      level: 'warning' as const,
                      message: {
                        text: isTargetGap(gap)
                          ? `Not reached: target ${gap.target}: ${gap.message}`
                          : `Not checked: ${gap.provider} ${gap.account} ${gap.region} ${gap.call} (${gap.reason}): ${gap.message}`,
                      },
                    })),
                  ],
                }
              : {}),
          },
        ],
        results: report.findings.map((finding) => result(finding, ruleIds.indexOf(finding.ruleId))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(id: string, rule: Rule | undefined, example: Finding | undefined): ReportingDescriptor {
  const severity = rule?.meta.severity ?? example?.severity ?? 'medium';
  const title = rule?.meta.title ?? example?.title ?? id;
  return {
    id,
    // SARIF wants a readable name that differs from the opaque id: redis-unauthenticated → RedisUnauthenticated.
    name: id.replace(/(^|-)([a-z0-9])/g, (_match, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text: rule?.meta.description ?? title },
    help: {
      text: rule?.meta.remediation ?? example?.remediation ?? '',
      markdown: `**Remediation:** ${rule?.meta.remediation ?? example?.remediation ?? ''}\n\n${(rule?.meta.references ?? example?.references ?? []).map((reference) => `- ${reference}`).join('\n')}`,
    },
    ...(rule?.meta.references[0] ? { helpUri: rule.meta.references[0] } : {}),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[severity],
      tags: [
        'security',
        ...(rule?.meta.tags ?? []),
        ...(rule?.meta.cwe ?? example?.cwe ?? []).map((cwe) => `external/cwe/${cwe.toLowerCase()}`),
      ],
    },
  };
}

function result(finding: Finding, ruleIndex: number): Result {
  const where = placeUri(finding);
  // A resource from a Terraform plan points at its block (relative to the repository root), so
  // code scanning shows it on the pull request; everything else points at the endpoint or resource URI.
  const source = sourceOf(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${finding.title}: ${finding.message}` },
    locations: [
      {
        physicalLocation: source
          ? { artifactLocation: { uri: source.file, uriBaseId: '%SRCROOT%' }, region: { startLine: source.line } }
          : { artifactLocation: { uri: where }, region: { startLine: 1 } },
        logicalLocations: [
          finding.resource?.terraform
            ? { name: finding.resource.terraform.address, fullyQualifiedName: placeOf(finding), kind: 'resource' }
            : { name: placeOf(finding), kind: finding.resource ? 'resource' : 'endpoint' },
        ],
      },
    ],
    partialFingerprints: { 'exposcanFindingId/v1': finding.id },
    properties: {
      score: finding.score,
      why: finding.why,
      confidence: finding.confidence,
      ...(finding.unknownFields ? { unknownFields: finding.unknownFields } : {}),
      product: finding.product,
      ...(finding.version ? { version: finding.version } : {}),
      evidence: finding.evidence,
      // SARIF's `fixes` holds file edits only (each needs artifactChanges with replacements of a
      // known region); a CLI call is none, and a plan names the block, not the attribute's bytes.
      // The exact fix goes in the result's property bag, valid SARIF, with the same data as report.json.
      ...(finding.fix
        ? {
            fix: {
              summary: finding.fix.summary,
              commands: fixCommandLines(finding.fix),
              terraform: fixTerraformLines(finding.fix),
            },
          }
        : {}),
    },
  };
}
