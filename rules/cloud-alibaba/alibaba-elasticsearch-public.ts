import { elasticsearchPublicFix } from '../../src/fix/search.js';
import { openWhitelistEntries } from '../../src/cloud/ingress.js';
import { unknownUntilApply } from '../../src/cloud/rules/unknown.js';
import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
  meta: {
    id: 'alibaba-elasticsearch-public',
    title: 'Alibaba Cloud Elasticsearch cluster is on the public network and its whitelist admits every address',
    severity: 'high',
    products: ['elasticsearch'],
    tags: ['alibaba', 'elasticsearch', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The cluster has its public endpoint enabled (enablePublic) and the public whitelist (publicIpWhitelist) admits every address ' +
      '(0.0.0.0/0, 0.0.0.0 or ::/0, parsed as CIDRs). Anyone can reach the REST API; the public endpoint is probed in the same scan, and if ' +
      'the cluster answers without credentials the two become one confirmed finding.',
    remediation:
      'Turn the public network off (UpdatePublicNetwork) or replace the open whitelist entry with the addresses that need the cluster; keep X-Pack security on.',
    references: [
      'https://www.alibabacloud.com/help/en/es/user-guide/configure-a-public-or-private-ip-address-whitelist-for-an-elasticsearch-cluster',
    ],
    defaultPorts: [],
  },
  resources: ['search-domain'],
  fix: elasticsearchPublicFix,
  checkResource(domain) {
    if (domain.ref.provider !== 'alibaba') return [];
    // A Terraform plan may leave the public network or its whitelist to apply time: judged, not passed.
    const publicUnknown = !domain.publicEndpoint && unknownUntilApply(domain, 'publicEndpoint');
    const whitelistUnknown = !domain.publicWhitelist && unknownUntilApply(domain, 'publicWhitelist');
    if (!domain.publicEndpoint && !publicUnknown) return [];
    const open = openWhitelistEntries(domain.publicWhitelist ?? []);
    if (open.length === 0 && !whitelistUnknown) return [];
    const host = domain.publicEndpoint?.host || undefined;
    const port = domain.publicEndpoint?.port ?? 9200;
    const where = host ? `${host}:${port}` : 'its public domain (known after apply)';
    const unknowns = [
      ...(publicUnknown ? ['whether the public network is on'] : []),
      ...(whitelistUnknown ? ['the public whitelist'] : []),
    ];
    return [
      {
        product: domain.engine,
        ...(domain.version ? { version: domain.version } : {}),
        message:
          unknowns.length > 0
            ? `Elasticsearch ${domain.ref.id}${domain.version ? ` (${domain.version})` : ''} may be public for every address: ${unknowns.join(' and ')} ${unknowns.length > 1 ? 'are' : 'is'} unknown until apply.`
            : `Elasticsearch ${domain.ref.id}${domain.version ? ` (${domain.version})` : ''} is public at ${where} and its whitelist admits ${open.join(', ')}.`,
        confidence: unknowns.length > 0 ? 'unknown' : 'firm',
        ...(unknowns.length > 0
          ? {
              unknownFields: [
                ...(publicUnknown ? ['publicEndpoint'] : []),
                ...(whitelistUnknown ? ['publicWhitelist'] : []),
              ],
            }
          : {}),
        // The public endpoint and the whitelist are the two halves of the path: both known means reachable.
        evidence: {
          publicEndpoint: host ? where : null,
          openEntries: open,
          reachableFromInternet: unknowns.length > 0 ? 'unknown' : true,
          version: domain.version ?? null,
          ...(unknowns.length > 0 ? { unknownUntilApply: unknowns } : {}),
        },
        impliedEndpoints: host ? [{ host, port, products: ['elasticsearch', 'opensearch'] }] : [],
      },
    ];
  },
});
