import { productName, serviceRule } from '../../src/engine/service-rule.js';
import type { Service } from '../../src/fingerprints/service.js';

export default serviceRule({
  meta: {
    id: 'prometheus-unauthenticated',
    title: 'Prometheus serves its API and configuration without credentials',
    severity: 'high',
    products: ['prometheus'],
    tags: ['prometheus', 'monitoring', 'dashboard', 'unauth'],
    cwe: ['CWE-306', 'CWE-200'],
    description:
      'Prometheus answered `GET /api/v1/status/buildinfo` and `GET /api/v1/status/config` to a client that sent no credentials. ' +
      'The configuration names every scrape job and target (an internal network map), and the same API runs PromQL over every ' +
      'metric, lists targets with their labels, and serves flags and alerting rules. A Prometheus with basic authentication ' +
      '(`--web.config.file` with `basic_auth_users`) answers 401 on every path.',
    remediation:
      'Require authentication: `--web.config.file` with `basic_auth_users` (bcrypt hashes) and TLS, or an authenticating reverse proxy; ' +
      'listen on a private address only (`--web.listen-address`) and block port 9090 from the internet. Keep `--web.enable-admin-api` ' +
      'and `--web.enable-lifecycle` off unless needed.',
    references: [
      'https://prometheus.io/docs/prometheus/latest/configuration/https/',
      'https://prometheus.io/docs/operating/security/',
      'https://prometheus.io/docs/prometheus/latest/querying/api/#config',
    ],
    defaultPorts: [9090],
  },
  protocols: ['http'],
  product: 'prometheus',
  // Two signals: the build document (or the UI redirect, before 2.14) and the configuration document.
  when: 'open',
  message: (service) =>
    `${productName(service)} serves its configuration without credentials: ${count(service, 'jobs')} scrape jobs, ${count(service, 'staticTargets')} static targets.`,
  evidence: (service) => ({
    path: '/api/v1/status/config',
    jobs: count(service, 'jobs'),
    staticTargets: count(service, 'staticTargets'),
    discovery: service.details?.discovery ?? [],
  }),
});

function count(service: Service<'prometheus'>, key: 'jobs' | 'staticTargets'): number {
  return service.details?.[key] ?? 0;
}
