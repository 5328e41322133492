import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'opensearch-dashboards-unauthenticated',
    title: 'OpenSearch Dashboards opens without credentials',
    severity: 'critical',
    products: ['opensearch-dashboards'],
    tags: ['opensearch-dashboards', 'opensearch', 'dashboard', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'OpenSearch Dashboards sent a client without credentials straight into the app (`GET /` redirected to `/app/home`, not to the ' +
      'Security plugin login at `/app/login`), and `GET /api/status` returned its full status document. No login stands in front: every ' +
      'dashboard, saved search and visualisation, and the Dev Tools console (a proxy to OpenSearch), are open to whoever reaches the address.',
    remediation:
      'Install and enable the Security plugin for OpenSearch Dashboards (with the Security plugin on the cluster), keep anonymous ' +
      'authentication off, and keep Dashboards off public addresses: reach it through a VPN, a bastion or an authenticating proxy.',
    references: [
      'https://opensearch.org/docs/latest/security/configuration/multi-auth/',
      'https://opensearch.org/docs/latest/install-and-configure/install-dashboards/tls/',
    ],
    defaultPorts: [5601],
  },
  protocols: ['http'],
  product: 'opensearch-dashboards',
  // Two signals: the status document naming OpenSearch Dashboards' core services, and a root that goes into the app without a login.
  when: 'open',
  message: (service) =>
    `${service.version ? `OpenSearch Dashboards ${service.version}` : 'OpenSearch Dashboards'} opens without credentials (no login redirect; /api/status readable).`,
  evidence: (service) => ({ path: '/api/status', overallStatus: service.details?.overallStatus ?? '' }),
});
