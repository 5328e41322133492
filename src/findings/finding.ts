// A finding as reports carry it. Built by the engine from a rule's draft; never by rules.
import type { Confidence, Evidence, Severity } from '../engine/types.js';

export interface FindingTarget {
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
  readonly product: string;
  readonly version?: string;
  readonly target: FindingTarget;
  readonly evidence: Evidence;
  readonly remediation: string;
  readonly references: readonly string[];
  readonly cwe: readonly string[];
}
