import { mskFix } from '../../src/fix/aws-database.js';
import { publicDatabaseRule } from '../../src/cloud/rules/public-database-rule.js';

export default publicDatabaseRule(
  {
    id: 'aws-msk-cluster-public',
    title: 'Amazon MSK cluster has public access',
    severity: 'medium',
    products: ['kafka'],
    tags: ['aws', 'msk', 'kafka', 'broker', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The provisioned MSK cluster has public access turned on (ConnectivityInfo.PublicAccess.Type SERVICE_PROVIDED_EIPS): each broker ' +
      'has an Elastic IP and a public bootstrap name, on port 9194 (TLS), 9196 (SASL/SCRAM) or 9198 (IAM). The broker security groups, ' +
      'read in the same inventory, decide who can connect: one that admits every address on a public port makes the brokers reachable ' +
      'from the whole internet, with only Kafka client authentication left in the way (high); groups that keep the internet out leave a ' +
      'latent exposure (low); groups that could not be read leave it medium. The public brokers are connected to in TLS in the same scan.',
    remediation:
      'Turn public access off (update-connectivity with PublicAccess Type DISABLED) and reach the brokers from inside the VPC, through ' +
      'multi-VPC private connectivity or a VPN; if it must stay on, admit only the client ranges in the broker security groups.',
    references: [
      'https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html',
      'https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html',
    ],
    defaultPorts: [],
  },
  {
    type: 'kafka:cluster',
    label: 'MSK cluster',
    product: () => 'kafka',
    probed: () => ['kafka'],
    tls: true,
    fix: mskFix,
  },
);
