import { whitelistFix } from '../../src/fix/whitelist.js';
import { whitelistRule } from '../../src/cloud/rules/whitelist-rule.js';

export default whitelistRule(
  {
    id: 'alibaba-clickhouse-whitelist-open',
    title: 'Alibaba Cloud ApsaraDB for ClickHouse cluster whitelist admits every address',
    severity: 'high',
    products: ['clickhouse'],
    tags: ['alibaba', 'clickhouse', 'database', 'analytics', 'whitelist', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The ApsaraDB for ClickHouse cluster IP whitelist admits every address. The service refuses 0.0.0.0 and 0.0.0.0/0 themselves, so ' +
      'the whitelist is judged as CIDR blocks: entries that together leave no public address out (0.0.0.0/1,128.0.0.0/1) are open, and ' +
      '10.0.0.0/8 is not. With a public endpoint anyone on the internet can reach the cluster and try its accounts (high); the public ' +
      'endpoint is probed in the same scan on its HTTP port and its TCP (native protocol) port, where a default user without a password ' +
      'proves it open. Without a public endpoint only hosts inside the cloud network can use the hole (medium).',
    remediation:
      'Replace the open entries with the addresses of the clients that need the cluster (ModifyDBClusterAccessWhiteList), and release the public endpoint if nothing outside the VPC needs it (ReleaseClusterPublicConnection).',
    references: [
      'https://www.alibabacloud.com/help/en/clickhouse/user-guide/configure-a-whitelist',
      'https://www.alibabacloud.com/help/en/clickhouse/developer-reference/api-clickhouse-2019-11-11-describedbclusteraccesswhitelist',
      'https://www.alibabacloud.com/help/en/clickhouse/developer-reference/api-clickhouse-2019-11-11-describedbclusternetinfoitems',
    ],
    defaultPorts: [],
  },
  ['clickhouse'],
  whitelistFix('clickhouse'),
  ['clickhouse:cluster'],
);
