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
  /**
   * A condition the CVE needs besides the version, checkable where the service shows it: the CVE
   * does not apply when the service's `detail` is one of `notWhen` (ZooKeeper's CVE-2023-44981
   * needs SASL quorum authentication, which a server reporting itself standalone has no quorum
   * for). Where the detail was not seen, the finding stands, saying what it was not able to check.
   */
  readonly precondition?: { readonly detail: string; readonly notWhen: readonly string[]; readonly text: string };
}

export const KNOWN_VULNERABILITIES_AS_OF: string = table.asOf;
export const KNOWN_VULNERABILITIES = table.vulnerabilities as readonly KnownVulnerability[];
const vulnerabilities = KNOWN_VULNERABILITIES;

export const VULNERABLE_PRODUCTS: readonly string[] = [
  ...new Set(vulnerabilities.map((vulnerability) => vulnerability.product)),
].sort();

export function vulnerabilitiesOf(
  product: string,
  version: string,
  details: Readonly<Record<string, unknown>> = {},
): KnownVulnerability[] {
  return vulnerabilities.filter(
    (vulnerability) =>
      vulnerability.product === product &&
      versionIn(version, vulnerability.affected) &&
      !preconditionFails(vulnerability, details),
  );
}

/** The service visibly lacks what the CVE needs. */
function preconditionFails(vulnerability: KnownVulnerability, details: Readonly<Record<string, unknown>>): boolean {
  const condition = vulnerability.precondition;
  if (!condition) return false;
  const seen = details[condition.detail];
  return typeof seen === 'string' && condition.notWhen.includes(seen);
}
