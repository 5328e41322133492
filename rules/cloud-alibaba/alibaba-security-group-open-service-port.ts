import { firewallRule } from '../../src/cloud/rules/firewall-rule.js';
import { SERVICE_PRODUCTS } from '../../src/cloud/service-ports.js';

export default firewallRule(
  {
    id: 'alibaba-security-group-open-service-port',
    title: 'ECS security group opens a database or console port to the whole internet',
    severity: 'high',
    products: SERVICE_PRODUCTS,
    tags: ['alibaba', 'ecs', 'network', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'An Alibaba Cloud ECS security group lets 0.0.0.0/0 or ::/0 reach a port where a database or management console listens, after the ' +
      'group is evaluated the way ECS evaluates it: by priority (1 first), a Drop beating an Accept of equal priority, IPv4 and IPv6 ' +
      'sources, port ranges and prefix lists. A rule that cannot be decided (an unresolved prefix list) is reported as tentative, never passed.',
    remediation:
      'Replace the 0.0.0.0/0 and ::/0 sources with the addresses that need the service, or remove the rule; reach consoles through a VPN or ' +
      'bastion. A Drop rule at a higher priority also closes it.',
    references: [
      'https://www.alibabacloud.com/help/en/ecs/user-guide/security-groups/',
      'https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesecuritygroupattribute',
    ],
    defaultPorts: [],
  },
  'alibaba',
);
