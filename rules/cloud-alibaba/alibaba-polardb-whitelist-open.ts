import { whitelistFix } from '../../src/fix/whitelist.js';
import { whitelistRule } from '../../src/cloud/rules/whitelist-rule.js';

export default whitelistRule(
  {
    id: 'alibaba-polardb-whitelist-open',
    title: 'Alibaba Cloud PolarDB cluster whitelist admits every address',
    severity: 'high',
    products: ['mysql', 'postgresql'],
    tags: ['alibaba', 'polardb', 'database', 'whitelist', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The PolarDB cluster IP whitelist admits every address: an entry 0.0.0.0, 0.0.0.0/0 or ::/0, or entries that together leave no ' +
      'public address out. Entries are parsed as CIDR blocks, never matched as text, so 10.0.0.0/8 is not open. With a public endpoint ' +
      '(primary, cluster or custom) anyone on the internet can reach the database and try its accounts (high); the public endpoint is ' +
      'probed in the same scan with the wire protocol the cluster speaks (MySQL, or PostgreSQL for PolarDB for PostgreSQL and its Oracle-compatible edition). ' +
      'Without a public endpoint only hosts inside the cloud network can use the hole (medium).',
    remediation:
      'Replace the open entry with the addresses of the clients that need the cluster (ModifyDBClusterAccessWhitelist), and release the public endpoint address if nothing outside the VPC needs it (DeleteDBEndpointAddress).',
    references: [
      'https://www.alibabacloud.com/help/en/polardb/polardb-for-postgresql/configure-a-whitelist-for-a-cluster',
      'https://www.alibabacloud.com/help/en/polardb/api-polardb-2017-08-01-describedbclusteraccesswhitelist',
      'https://www.alibabacloud.com/help/en/polardb/api-polardb-2017-08-01-describedbclusterendpoints',
    ],
    defaultPorts: [],
  },
  ['mysql', 'postgresql'],
  whitelistFix('polardb'),
  ['polardb:cluster'],
);
