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
      'The instance has PubliclyAccessible set, so its endpoint resolves to a public address. Its VPC security groups, read in the same ' +
      'inventory, decide who can connect: one that admits every address on the database port makes the instance reachable from the whole ' +
      'internet (high); groups that keep the internet out leave a latent exposure (low); groups that could not be read leave it medium. ' +
      'The endpoint is probed in the same scan: a database that then answers without credentials makes one confirmed, critical finding.',
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
    const endpoint = database.publicEndpoints[0];
    const where = endpoint ? ` at ${endpoint.host}:${endpoint.port}` : '';
    const what = `RDS ${database.ref.id} (${database.engine}${database.version ? ` ${database.version}` : ''})`;
    const firewall = database.firewall;
    const base = {
      product: database.engine,
      ...(database.version ? { version: database.version } : {}),
      confidence: 'firm' as const,
      impliedEndpoints: database.publicEndpoints.map((publicEndpoint) => ({ ...publicEndpoint, products: [database.engine] })),
    };
    const endpoints = database.publicEndpoints.map((publicEndpoint) => `${publicEndpoint.host}:${publicEndpoint.port}`);
    // Both halves of the path in one inventory: the public flag and a security group open to everyone.
    if (firewall?.state === 'open') {
      return [
        {
          ...base,
          message: `${what} is reachable from the internet${where}: it is publicly accessible and security group ${firewall.group} admits ${firewall.source} on port ${firewall.port}.`,
          evidence: { endpoints, publiclyAccessible: true, reachableFromInternet: true, securityGroup: firewall.group, source: firewall.source, port: firewall.port, ruleId: firewall.ruleId ?? null },
          severity: 'high',
        },
      ];
    }
    // The flag is set but every attached group keeps the internet out: a latent exposure, ranked lower.
    if (firewall?.state === 'closed') {
      return [
        {
          ...base,
          message: `${what} is publicly accessible${where}, but its security groups (${firewall.groups.join(', ')}) admit no address from the whole internet on port ${firewall.port}.`,
          evidence: { endpoints, publiclyAccessible: true, reachableFromInternet: false, securityGroups: firewall.groups, port: firewall.port },
          severity: 'low',
        },
      ];
    }
    return [
      {
        ...base,
        message: `${what} is publicly accessible${where}${firewall ? `; whether its security groups admit the internet is unknown (${firewall.reason})` : ''}.`,
        evidence: { endpoints, publiclyAccessible: true, reachableFromInternet: 'unknown', ...(firewall ? { firewallUnknownBecause: firewall.reason } : {}) },
      },
    ];
  },
});
