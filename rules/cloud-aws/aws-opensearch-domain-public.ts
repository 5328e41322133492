import { opensearchPublicFix } from '../../src/fix/search.js';
import { unknownUntilApply } from '../../src/cloud/rules/unknown.js';
import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
  meta: {
    id: 'aws-opensearch-domain-public',
    title: 'OpenSearch Service domain is public and its access policy admits anyone',
    severity: 'high',
    products: ['opensearch', 'elasticsearch'],
    tags: ['aws', 'opensearch', 'elasticsearch', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The domain has a public endpoint (not in a VPC), its access policy lets Principal "*" call it without an IP or VPC condition, and ' +
      'fine-grained access control is off, so its REST API and Dashboards answer anyone. The endpoint is probed in the same scan.',
    remediation:
      'Move the domain into a VPC, or restrict the access policy to named principals or source IPs, and enable fine-grained access control.',
    references: [
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html',
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html',
    ],
    defaultPorts: [],
  },
  resources: ['search-domain'],
  fix: opensearchPublicFix,
  checkResource(domain) {
    if (domain.ref.provider !== 'aws' || !domain.publicEndpoint) return [];
    // A Terraform plan may leave the access policy to apply time: judged, not passed.
    const policyUnknown = domain.accessPolicyOpen === undefined && unknownUntilApply(domain, 'accessPolicyOpen');
    if (domain.accessPolicyOpen !== true && !policyUnknown) return [];
    const { host, port } = domain.publicEndpoint;
    if (policyUnknown) {
      return [
        {
          product: domain.engine,
          ...(domain.version ? { version: domain.version } : {}),
          message: `${domain.ref.id} (${domain.engine}${domain.version ? ` ${domain.version}` : ''}) is outside a VPC and its access policy is unknown until apply.`,
          confidence: 'unknown',
          unknownFields: ['accessPolicyOpen'],
          evidence: {
            endpoint: host || null,
            accessPolicyOpen: 'unknown until apply',
            fineGrainedAccessControl: domain.fineGrainedAccessControl ?? null,
          },
          ...(domain.fineGrainedAccessControl ? { severity: 'medium' as const } : {}),
        },
      ];
    }
    return [
      {
        product: domain.engine,
        ...(domain.version ? { version: domain.version } : {}),
        message: `${domain.ref.id} (${domain.engine}${domain.version ? ` ${domain.version}` : ''}) is public at ${host} with an access policy open to anyone${domain.fineGrainedAccessControl ? ', behind fine-grained access control' : ''}.`,
        confidence: 'firm',
        evidence: {
          endpoint: host,
          accessPolicyOpen: true,
          fineGrainedAccessControl: domain.fineGrainedAccessControl ?? null,
        },
        impliedEndpoints: [{ host, port, products: ['elasticsearch', 'opensearch'] }],
        // A login in front still leaves the service exposed, but no longer open.
        ...(domain.fineGrainedAccessControl ? { severity: 'medium' as const } : {}),
      },
    ];
  },
});
