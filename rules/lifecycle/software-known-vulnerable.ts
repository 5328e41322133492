import { defineRule } from '../../src/engine/rule.js';
import { KNOWN_VULNERABILITIES_AS_OF, VULNERABLE_PRODUCTS, vulnerabilitiesOf } from './known-vulnerabilities.js';

export default defineRule({
  meta: {
    id: 'software-known-vulnerable',
    title: 'Reachable software runs a version with a published vulnerability',
    severity: 'high',
    products: VULNERABLE_PRODUCTS,
    tags: ['cve', 'outdated', 'lifecycle'],
    cwe: ['CWE-1395'],
    description:
      'The version the service reported lies inside the affected range of a published CVE, from a dated table of ranges read from NVD ' +
      'and the vendors\u2019 advisories (kept beside this rule). One finding per CVE, with the CVE\u2019s own severity. exposcan compares ' +
      'versions only and never tries an exploit, so a distribution build with a back-ported fix is reported too: its findings carry confidence \u2018version\u2019, a lower score, and count against --fail-on only with --fail-on-version-matches.',
    remediation:
      'Upgrade to a fixed release of the product (the evidence lists them), and keep the service off public addresses until then.',
    references: ['https://nvd.nist.gov/vuln/search', 'https://www.cve.org/'],
    defaultPorts: [],
    lifecycle: 'known-vulnerable',
  },
  protocols: 'any',
  check(evidence) {
    return evidence.services.flatMap((service) => {
      if (!service.version) return [];
      return vulnerabilitiesOf(service.product, service.version, service.details).map((vulnerability) => ({
        product: service.product,
        version: service.version,
        severity: vulnerability.severity,
        resource: `${service.product}:${vulnerability.id}`,
        message: `${vulnerability.id}: ${service.product} ${service.version} lies in the affected range ${vulnerability.affected} (CVSS ${vulnerability.cvss}), judged from the version number only: a distribution build may carry the fix. ${vulnerability.summary}`,
        confidence: 'version' as const,
        references: advisoriesOf(vulnerability.id, vulnerability.references),
        evidence: {
          cve: vulnerability.id,
          cvss: vulnerability.cvss,
          affected: vulnerability.affected,
          fixedIn: vulnerability.fixed,
          requiresAuthentication: vulnerability.requiresAuthentication,
          // What the CVE needs besides the version, when that could not be seen: the finding is version-only there.
          unverifiedPrecondition:
            vulnerability.precondition && service.details?.[vulnerability.precondition.detail] === undefined
              ? vulnerability.precondition.text
              : null,
          advisories: vulnerability.references,
          tableAsOf: KNOWN_VULNERABILITIES_AS_OF,
        },
      }));
    });
  },
});

/** The CVE's NVD page first, then the vendor's advisories the table cites: the pages that say whether a build is fixed. */
function advisoriesOf(id: string, cited: readonly string[]): `https://${string}`[] {
  const nvd = `https://nvd.nist.gov/vuln/detail/${id}` as const;
  return [nvd, ...cited.filter((url): url is `https://${string}` => url.startsWith('https://') && url !== nvd)];
}
