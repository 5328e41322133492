import { firewallRule } from '../../src/cloud/rules/firewall-rule.js';
import { SERVICE_PRODUCTS } from '../../src/cloud/service-ports.js';

export default firewallRule(
  {
    id: 'aws-security-group-open-service-port',
    title: 'EC2 security group opens a database or console port to the whole internet',
    severity: 'high',
    products: SERVICE_PRODUCTS,
    tags: ['aws', 'ec2', 'network', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'An EC2 security group allows 0.0.0.0/0 or ::/0 to a port where a database or management console listens (IPv4 and IPv6 ranges, port ' +
      'ranges, protocol -1, managed prefix lists resolved). A rule whose prefix list could not be resolved is reported as tentative, never passed.',
    remediation:
      'Restrict the rule to the addresses that need the service (or a security group reference), or remove it; reach consoles through a VPN, ' +
      'Session Manager or a bastion.',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html',
    ],
    defaultPorts: [],
  },
  'aws',
);
