import { loadBalancerRule } from '../../src/cloud/rules/load-balancer-rule.js';

export default loadBalancerRule(
  {
    id: 'alibaba-load-balancer-public-service-port',
    title: 'Internet-facing Alibaba Cloud load balancer forwards a public listener to a database or console port',
    severity: 'high',
    products: [
      'elasticsearch',
      'opensearch',
      'kibana',
      'opensearch-dashboards',
      'redis',
      'mongodb',
      'mysql',
      'mariadb',
      'postgresql',
      'memcached',
      'etcd',
      'clickhouse',
      'couchdb',
      'rabbitmq',
      'prometheus',
      'grafana',
      'docker',
      'jenkins',
      'consul',
      'jupyter',
      'cassandra',
      'zookeeper',
      'mqtt',
      'hadoop-yarn',
    ],
    tags: ['alibaba', 'slb', 'alb', 'network', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'An internet-facing Classic Load Balancer (SLB/CLB) or Application Load Balancer (ALB) has a listener that forwards to a backend port ' +
      '(or a server group whose servers listen on one) where a database or management console listens, and the listener\u2019s access control ' +
      'admits 0.0.0.0/0 or ::/0: access control off, a whitelist holding an all-addresses entry, a blacklist, or an access-control list with no ' +
      'entry at all (Alibaba forwards every request then). The listener is probed on the load balancer\u2019s address (CLB) or DNS name (ALB), or ' +
      'on the Alibaba Cloud DNS names that lead to it when probeNames is on, with TLS and SNI for HTTPS listeners.',
    remediation:
      'Make the load balancer intranet-only, or turn on the listener\u2019s access control with a whitelist of the addresses that need the ' +
      'service; never forward a public listener to a database port.',
    references: [
      'https://www.alibabacloud.com/help/en/slb/classic-load-balancer/user-guide/access-control',
      'https://www.alibabacloud.com/help/en/slb/application-load-balancer/user-guide/access-control',
    ],
    defaultPorts: [],
  },
  'alibaba',
);
