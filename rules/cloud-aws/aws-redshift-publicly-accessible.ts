import { redshiftFix } from '../../src/fix/aws-database.js';
import { publicDatabaseRule } from '../../src/cloud/rules/public-database-rule.js';

export default publicDatabaseRule(
  {
    id: 'aws-redshift-publicly-accessible',
    title: 'Redshift cluster is publicly accessible',
    severity: 'medium',
    products: ['redshift'],
    tags: ['aws', 'redshift', 'database', 'warehouse', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The provisioned cluster has PubliclyAccessible set, so its endpoint resolves to a public address. Its VPC security groups, read in the ' +
      'same inventory, decide who can connect: one that admits every address on the cluster port (5439 by default) makes the warehouse ' +
      'reachable from the whole internet (high); groups that keep the internet out leave a latent exposure (low); groups that could not be ' +
      'read leave it medium. The endpoint is probed in the same scan with the PostgreSQL wire protocol Redshift speaks.',
    remediation:
      'Set PubliclyAccessible to false (modify-cluster --no-publicly-accessible) and reach the warehouse from inside the VPC, through a bastion, a VPN or the Redshift Data API.',
    references: [
      'https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html',
      'https://docs.aws.amazon.com/redshift/latest/APIReference/API_Cluster.html',
    ],
    defaultPorts: [],
  },
  {
    type: 'redshift:cluster',
    label: 'Redshift',
    product: () => 'redshift',
    probed: () => ['postgresql'],
    fix: redshiftFix,
  },
);
