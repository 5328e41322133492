import { kibanaPublicFix } from '../../src/fix/search.js';
import { openWhitelistEntries } from '../../src/cloud/ingress.js';
import { unknownUntilApply } from '../../src/cloud/rules/unknown.js';
import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
  meta: {
    id: 'alibaba-kibana-public',
    title: 'Kibana of an Alibaba Cloud Elasticsearch cluster is on the public network for every address',
    severity: 'high',
    products: ['kibana'],
    tags: ['alibaba', 'kibana', 'elasticsearch', 'dashboard', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The 2022 failure: the cluster\u2019s Kibana has its public network on (enableKibanaPublicNetwork) and the Kibana whitelist admits every ' +
      'address. The Kibana public domain is probed in the same scan; a Kibana that answers without credentials there makes one confirmed, ' +
      'critical finding. A Terraform plan that leaves the setting to apply time is reported as unknown (tentative), never as a pass.',
    remediation:
      'Turn the Kibana public network off and use the private network or a VPN; otherwise restrict kibanaIPWhitelist to known addresses and ' +
      'make sure Kibana asks for credentials (X-Pack security on).',
    references: [
      'https://www.alibabacloud.com/help/en/es/user-guide/configure-a-public-or-private-ip-address-whitelist-for-kibana',
    ],
    defaultPorts: [],
  },
  resources: ['search-domain'],
  fix: kibanaPublicFix,
  checkResource(domain) {
    if (domain.ref.provider !== 'alibaba' || !domain.kibana || domain.kibana.public === false) return [];
    const { kibana } = domain;
    const open = openWhitelistEntries(kibana.whitelist ?? []);
    // A plan that writes the whitelist from a value known only after apply cannot tell open from closed yet.
    const whitelistUnknown = open.length === 0 && unknownUntilApply(domain, 'kibana.whitelist');
    const unknown = kibana.public === 'unknown' || whitelistUnknown;
    // Unknown whitelist (not given) with a public Kibana counts as open: the console defaults it to 0.0.0.0/0.
    if (!unknown && kibana.whitelist && open.length === 0) return [];
    const where = kibana.host ? `${kibana.host}:${kibana.port ?? 5601}` : 'its public domain';
    // A plan may leave the whitelist to apply time: not given counts as open, as above.
    const admits = open.length > 0 ? open.join(', ') : 'every address (not restricted)';
    return [
      {
        product: 'kibana',
        ...(domain.version ? { version: domain.version } : {}),
        message: whitelistUnknown
          ? `Kibana of ${domain.ref.id} ${kibana.public === true ? `is public at ${where}` : 'may be public'} and may admit every address: its whitelist is unknown until apply.`
          : unknown
            ? `Kibana of ${domain.ref.id} may be on the public network: the setting is unknown until apply.`
            : `Kibana of ${domain.ref.id} is public at ${where} and its whitelist admits ${admits}.`,
        confidence: unknown ? 'unknown' : 'firm',
        ...(unknown
          ? {
              unknownFields: [
                ...(kibana.public === 'unknown' ? ['kibana.public'] : []),
                ...(whitelistUnknown ? ['kibana.whitelist'] : []),
              ],
            }
          : {}),
        evidence: {
          kibanaPublic: kibana.public === 'unknown' ? 'unknown until apply' : true,
          kibanaEndpoint: kibana.host ? where : null,
          openEntries: open,
          whitelistGiven: kibana.whitelist !== undefined,
          reachableFromInternet: unknown ? 'unknown' : true,
        },
        impliedEndpoints: kibana.host ? [{ host: kibana.host, port: kibana.port ?? 5601, products: ['kibana'] }] : [],
      },
    ];
  },
});
