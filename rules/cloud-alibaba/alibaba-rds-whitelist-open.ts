import { whitelistFix } from '../../src/fix/whitelist.js';
import { whitelistRule } from '../../src/cloud/rules/whitelist-rule.js';

export default whitelistRule(
  {
    id: 'alibaba-rds-whitelist-open',
    title: 'Alibaba Cloud RDS instance whitelist admits every address',
    severity: 'high',
    products: ['mysql', 'mariadb', 'postgresql', 'sqlserver'],
    tags: ['alibaba', 'database', 'whitelist', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The RDS instance IP whitelist contains an entry that admits every address (0.0.0.0, 0.0.0.0/0 or ::/0). Entries are parsed as CIDR blocks, ' +
      'never matched as text, so 10.0.0.0/8 is not open. With a public connection string anyone on the internet can reach the database ' +
      'and try its accounts; the public endpoint is then probed in the same scan to prove it.',
    remediation:
      'Replace the open entry with the addresses of the clients that need the database, and release the public connection string if nothing outside the VPC needs it.',
    references: [
      'https://www.alibabacloud.com/help/en/rds/apsaradb-rds-for-mysql/user-guide/configure-an-ip-address-whitelist',
    ],
    defaultPorts: [],
  },
  ['mysql', 'mariadb', 'postgresql', 'sqlserver'],
  whitelistFix('rds'),
  ['rds:instance'],
);
