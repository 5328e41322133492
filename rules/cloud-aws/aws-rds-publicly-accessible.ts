import { unknownUntilApply } from '../../src/cloud/rules/unknown.js';
import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
  meta: {
    id: 'aws-rds-publicly-accessible',
    title: 'RDS instance is publicly accessible',
    severity: 'medium',
    products: ['mysql', 'mariadb', 'postgresql', 'sqlserver'],
    tags: ['aws', 'rds', 'database', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The instance has PubliclyAccessible set, so its endpoint resolves to a public address; whether anyone can connect then depends on its ' +
      'security groups (see aws-security-group-open-service-port). The endpoint is probed in the same scan to show what answers.',
    remediation: 'Set PubliclyAccessible to false and reach the database from inside the VPC (or through a bastion or VPN).',
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html'],
    defaultPorts: [],
  },
  resources: ['database'],
  checkResource(database) {
    if (database.ref.provider !== 'aws') return [];
    // A Terraform plan may leave publicly_accessible to apply time: judged, not passed.
    if (database.publiclyAccessible === undefined && unknownUntilApply(database, 'publiclyAccessible')) {
      return [
        {
          product: database.engine,
          ...(database.version ? { version: database.version } : {}),
          message: `RDS ${database.ref.id} (${database.engine}) may be publicly accessible: the setting is unknown until apply.`,
          confidence: 'tentative',
          evidence: { publiclyAccessible: 'unknown until apply' },
        },
      ];
    }
    if (database.publiclyAccessible !== true) return [];
    return [
      {
        product: database.engine,
        ...(database.version ? { version: database.version } : {}),
        message: `RDS ${database.ref.id} (${database.engine}${database.version ? ` ${database.version}` : ''}) is publicly accessible${
          database.publicEndpoints[0] ? ` at ${database.publicEndpoints[0].host}:${database.publicEndpoints[0].port}` : ''
        }.`,
        confidence: 'firm',
        evidence: { endpoints: database.publicEndpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`) },
        impliedEndpoints: database.publicEndpoints.map((endpoint) => ({ ...endpoint, products: [database.engine] })),
      },
    ];
  },
});
