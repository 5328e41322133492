// OCSF 1.5.0 Detection Finding (class_uid 2004), one event per line (JSON lines) for SIEMs and data
// lakes. Each finding is a Create event (activity 1); a finding the history lists as fixed is a Close
// event (activity 3, status Resolved), so a SIEM can close what it opened. The shape follows the
// class as published at github.com/ocsf/ocsf-schema tag 1.5.0 and is validated in
// test/report/ocsf.test.ts against a JSON Schema compiled from it (test/fixtures/ocsf/).
// No OCSF profile is applied; what OCSF has no attribute for (score, why, CWE) goes in `unmapped`.
import type { Confidence, Severity } from '../engine/types.js';
import { cveOf, type Finding } from '../findings/finding.js';
import { placeOf, placeUri } from '../findings/place.js';
import type { FixedFinding } from '../history/status.js';
import { machineJson } from './escape.js';
import { fixText } from './fix-text.js';
import type { Report } from './report.js';

const OCSF_VERSION = '1.5.0';
const CLASS_UID = 2004;
const CATEGORY_UID = 2;
const SEVERITY_ID: Readonly<Record<Severity, number>> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Readonly<Record<Severity, string>> = {
  info: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};
/** OCSF confidence_id: 0 Unknown, 1 Low, 2 Medium, 3 High. A version match is inferred, not proven: Medium; an undecided verdict (cannot tell yet) is Unknown. */
const CONFIDENCE_ID: Readonly<Record<Confidence, number>> = {
  confirmed: 3,
  firm: 3,
  version: 2,
  tentative: 1,
  unknown: 0,
};
const CONFIDENCE_NAME = ['Unknown', 'Low', 'Medium', 'High'] as const;

type OcsfEvent = Record<string, unknown>;

export function renderOcsf(report: Report): string {
  const events = [
    ...report.findings.map((finding) => created(report, finding)),
    ...(report.history?.fixed ?? []).map((fixed) => closed(report, fixed)),
  ];
  return events.map((event) => `${machineJson(event)}\n`).join('');
}

function base(report: Report, activity: 1 | 3, severity: Severity, uid: string): OcsfEvent {
  return {
    activity_id: activity,
    activity_name: activity === 1 ? 'Create' : 'Close',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Detection Finding',
    type_uid: CLASS_UID * 100 + activity,
    type_name: `Detection Finding: ${activity === 1 ? 'Create' : 'Close'}`,
    severity_id: SEVERITY_ID[severity] ?? 0,
    severity: SEVERITY_NAME[severity] ?? 'Unknown',
    time: Date.parse(report.scan.finishedAt),
    start_time: Date.parse(report.scan.startedAt),
    end_time: Date.parse(report.scan.finishedAt),
    metadata: {
      version: OCSF_VERSION,
      // The event's own id: the same finding in another scan is another event about the same finding_info.uid.
      uid: `${report.scan.id}/${uid}`,
      product: { name: report.tool.name, vendor_name: report.tool.name, version: report.tool.version },
      log_name: report.scan.id,
    },
  };
}

function created(report: Report, finding: Finding): OcsfEvent {
  const cve = cveOf(finding);
  return {
    ...base(report, 1, finding.severity, finding.id),
    message: `${finding.title}: ${finding.message}`,
    status_id: 1,
    status: 'New',
    ...(finding.status ? { status_detail: finding.status } : {}),
    is_alert: true,
    confidence_id: CONFIDENCE_ID[finding.confidence],
    confidence: CONFIDENCE_NAME[CONFIDENCE_ID[finding.confidence]],
    finding_info: {
      uid: finding.id,
      title: finding.title,
      desc: finding.message,
      types: [finding.ruleId],
      analytic: { uid: finding.ruleId, name: finding.ruleId, type_id: 1, type: 'Rule' },
      ...(finding.firstSeen ? { first_seen_time: Date.parse(finding.firstSeen) } : {}),
      last_seen_time: Date.parse(report.scan.startedAt),
      ...(finding.references[0] ? { src_url: finding.references[0] } : {}),
    },
    resources: [resource(finding)],
    remediation: {
      // The exact fix for this resource, when it has one, after the rule's advice.
      desc: finding.fix ? `${finding.remediation}\n\n${fixText(finding.fix)}` : finding.remediation,
      ...(finding.references.length > 0 ? { references: [...finding.references] } : {}),
    },
    evidences: [{ data: finding.evidence, ...(finding.target ? { dst_endpoint: endpoint(finding) } : {}) }],
    ...(cve ? { vulnerabilities: [{ cve: { uid: cve }, title: finding.title }] } : {}),
    unmapped: {
      score: finding.score,
      why: finding.why,
      product: finding.product,
      ...(finding.version ? { version: finding.version } : {}),
      cwe: [...finding.cwe],
      place: placeOf(finding),
      ...(finding.fix ? { fix: finding.fix } : {}),
    },
  };
}

function closed(report: Report, fixed: FixedFinding): OcsfEvent {
  const severity = (fixed.severity in SEVERITY_ID ? fixed.severity : 'medium') as Severity;
  return {
    ...base(report, 3, severity, fixed.id),
    message: `Fixed: ${fixed.ruleId} at ${fixed.place}`,
    status_id: 4,
    status: 'Resolved',
    finding_info: {
      uid: fixed.id,
      title: fixed.ruleId,
      types: [fixed.ruleId],
      analytic: { uid: fixed.ruleId, name: fixed.ruleId, type_id: 1, type: 'Rule' },
      first_seen_time: Date.parse(fixed.firstSeen),
      last_seen_time: Date.parse(fixed.lastSeen),
    },
    resources: [{ uid: fixed.place, name: fixed.place }],
  };
}

function resource(finding: Finding): Record<string, unknown> {
  const ref = finding.resource;
  if (ref) {
    return {
      uid: ref.id,
      name: ref.name ?? ref.id,
      type: ref.type,
      labels: [
        `provider:${ref.provider}`,
        `account:${ref.account}`,
        `region:${ref.region}`,
        ...(ref.terraform ? [`terraform:${ref.terraform.address}`] : []),
      ],
      data: { uri: placeUri(finding), ...(ref.accountName ? { accountName: ref.accountName } : {}) },
    };
  }
  return {
    uid: placeUri(finding),
    name: placeOf(finding),
    type: 'endpoint',
    ...(finding.target ? { hostname: finding.target.host } : {}),
  };
}

function endpoint(finding: Finding): Record<string, unknown> {
  const target = finding.target!;
  const ip = target.address ?? (/^[\d.]+$|:/.test(target.host) ? target.host : undefined);
  return { port: target.port, ...(ip ? { ip } : {}), hostname: target.host, svc_name: target.protocol };
}
