import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'kibana-unauthenticated',
    title: 'Kibana serves its API without credentials',
    severity: 'critical',
    products: ['kibana'],
    tags: ['kibana', 'elastic', 'dashboard', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Kibana answered `GET /api/status` with its full status document (version, build, overall state) to a client that sent no credentials. ' +
      'A secured Kibana answers 401 there; a full answer means security is off or anonymous access is on, so every dashboard, saved search and ' +
      'the Dev Tools console (a proxy to Elasticsearch) is open to whoever reaches the address.',
    remediation:
      'Enable Elastic security (xpack.security.enabled with TLS and real users), remove anonymous access, and keep Kibana off public ' +
      'addresses: reach it through a VPN, bastion or an authenticating proxy.',
    references: [
      'https://www.elastic.co/guide/en/kibana/current/using-kibana-with-security.html',
      'https://www.elastic.co/guide/en/kibana/current/access.html',
    ],
    defaultPorts: [5601],
  },
  protocols: ['http'],
  product: 'kibana',
  // Two signals: the full status document (access) and Kibana's own identity (headers, redirects).
  when: 'open',
  message: '{service} answered /api/status without credentials.',
  evidence: (kibana) => ({ path: '/api/status', overallStatus: kibana.details?.overallStatus ?? '' }),
});
