import { rdsFix } from '../../src/fix/aws-database.js';
import { publicDatabaseRule } from '../../src/cloud/rules/public-database-rule.js';

export default publicDatabaseRule(
  {
    id: 'aws-rds-publicly-accessible',
    title: 'RDS instance is publicly accessible',
    severity: 'medium',
    products: ['mysql', 'mariadb', 'postgresql', 'sqlserver'],
    tags: ['aws', 'rds', 'database', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The instance has PubliclyAccessible set, so its endpoint resolves to a public address. Its VPC security groups, read in the same ' +
      'inventory, decide who can connect: one that admits every address on the database port makes the instance reachable from the whole ' +
      'internet (high); groups that keep the internet out leave a latent exposure (low); groups that could not be read leave it medium. ' +
      'The endpoint is probed in the same scan: a database that then answers without credentials makes one confirmed, critical finding.',
    remediation:
      'Set PubliclyAccessible to false and reach the database from inside the VPC (or through a bastion or VPN).',
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html'],
    defaultPorts: [],
  },
  { type: 'rds:db-instance', label: 'RDS', fix: rdsFix },
);
