import { loadBalancerRule } from '../../src/cloud/rules/load-balancer-rule.js';

export default loadBalancerRule(
  {
    id: 'aws-load-balancer-public-service-port',
    title: 'Internet-facing load balancer forwards a public listener to a database or console port',
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
    tags: ['aws', 'elb', 'network', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'An internet-facing application, network or Classic load balancer has a listener that forwards to a target group (or instance port) where a ' +
      'database or management console listens, and its security groups admit the listener port from 0.0.0.0/0 or ::/0 (a network load balancer ' +
      'without security groups admits everyone). The listener is probed on the load balancer\u2019s DNS name, or on the public DNS names that lead to it ' +
      'when probeNames is on, with TLS and SNI for HTTPS listeners.',
    remediation:
      'Make the load balancer internal, or restrict its security group to the addresses that need the service, or put a login in front ' +
      '(ALB authenticate-oidc / authenticate-cognito); never forward a public listener to a database port.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html',
    ],
    defaultPorts: [],
  },
  'aws',
);
