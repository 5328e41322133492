// A finding as reports carry it. Built by the engine from a rule's draft; never by rules.
import type { ResourceRef } from '../cloud/inventory.js';
import type { Confidence, Evidence, Severity } from '../engine/types.js';
import type { Fix } from '../fix/types.js';
import type { FindingStatus } from '../history/status.js';

interface FindingTarget {
  readonly host: string;
  readonly port: number;
  /** The protocol the service spoke: http, redis, postgresql, mysql. */
  readonly protocol: string;
  readonly tls: boolean;
  readonly url?: string;
  /** The address connected to, when the host was a name. */
  readonly address?: string;
}

export interface Finding {
  /** Stable: the same rule, endpoint and resource give the same id in every scan. */
  readonly id: string;
  readonly ruleId: string;
  readonly title: string;
  readonly message: string;
  readonly severity: Severity;
  /** 0–10: the severity moved by context. Findings are ranked by it. */
  readonly score: number;
  /** Why the score is what it is, in a few words. */
  readonly why: string;
  readonly confidence: Confidence;
  /** With confidence `unknown`: the undecided fields the verdict hangs on (see FindingDraft). */
  readonly unknownFields?: readonly string[];
  readonly product: string;
  readonly version?: string;
  /** The endpoint: always for live findings; for a cloud finding, the endpoint that confirmed it. */
  readonly target?: FindingTarget;
  /** The cloud resource, for findings from an account or a Terraform plan. */
  readonly resource?: ResourceRef;
  readonly evidence: Evidence;
  readonly remediation: string;
  /** Cloud findings: the exact CLI calls (and Terraform change, from a plan) that close it for this resource. Generated, never run. */
  readonly fix?: Fix;
  readonly references: readonly string[];
  readonly cwe: readonly string[];
  /** With the scan history on: new, open or reopened (see src/history/status.ts). */
  readonly status?: FindingStatus;
  /** With the scan history on: startedAt of the first scan that saw it. */
  readonly firstSeen?: string;
}

/** The CVE a finding is about (a known-vulnerable finding's evidence), shown beside its rule id: two such findings on one endpoint differ only by it. */
export function cveOf(finding: Pick<Finding, 'evidence'>): string | undefined {
  const cve = finding.evidence['cve'];
  return typeof cve === 'string' && /^CVE-\d{4}-\d{4,}$/.test(cve) ? cve : undefined;
}

/** The rule column of the summaries: the rule id, and the CVE when there is one. */
export function ruleLabel(finding: Pick<Finding, 'ruleId' | 'evidence'>): string {
  const cve = cveOf(finding);
  return cve ? `${finding.ruleId} ${cve}` : finding.ruleId;
}
