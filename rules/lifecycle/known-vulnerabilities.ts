// Reads the dated table of published CVE version ranges. Version comparison only: exposcan never
// tries an exploit to confirm one.
import { versionIn } from '../../src/fingerprints/version.js';
import type { Severity } from '../../src/engine/types.js';
import table from './known-vulnerabilities.data.json' with { type: 'json' };

export interface KnownVulnerability {
  readonly id: string;
  readonly product: string;
  readonly affected: string;
  readonly fixed: readonly string[];
  readonly severity: Exclude<Severity, 'info'>;
  readonly cvss: number;
  readonly summary: string;
  readonly references: readonly string[];
  readonly requiresAuthentication: boolean;
}

export const KNOWN_VULNERABILITIES_AS_OF: string = table.asOf;
export const KNOWN_VULNERABILITIES = table.vulnerabilities as readonly KnownVulnerability[];
const vulnerabilities = KNOWN_VULNERABILITIES;

export const VULNERABLE_PRODUCTS: readonly string[] = [...new Set(vulnerabilities.map((vulnerability) => vulnerability.product))].sort();

export function vulnerabilitiesOf(product: string, version: string): KnownVulnerability[] {
  return vulnerabilities.filter((vulnerability) => vulnerability.product === product && versionIn(version, vulnerability.affected));
}
