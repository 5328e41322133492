import { openWhitelistEntries } from '../../src/cloud/ingress.js';
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
    remediation: 'Turn the public network off (UpdatePublicNetwork) or replace the open whitelist entry with the addresses that need the cluster; keep X-Pack security on.',
    references: ['https://www.alibabacloud.com/help/en/es/user-guide/configure-a-public-or-private-ip-address-whitelist-for-an-elasticsearch-cluster'],
    defaultPorts: [],
  },
  resources: ['search-domain'],
  checkResource(domain) {
    if (domain.ref.provider !== 'alibaba' || !domain.publicEndpoint) return [];
    const open = openWhitelistEntries(domain.publicWhitelist ?? []);
    if (open.length === 0) return [];
    const { host, port } = domain.publicEndpoint;
    return [
      {
        product: domain.engine,
        ...(domain.version ? { version: domain.version } : {}),
        message: `Elasticsearch ${domain.ref.id}${domain.version ? ` (${domain.version})` : ''} is public at ${host}:${port} and its whitelist admits ${open.join(', ')}.`,
        confidence: 'firm',
        evidence: { publicEndpoint: `${host}:${port}`, openEntries: open, version: domain.version ?? null },
        impliedEndpoints: [{ host, port, products: ['elasticsearch', 'opensearch'] }],
      },
    ];
  },
});
