import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'kibana-login-exposed',
    title: 'Kibana login page is reachable',
    severity: 'medium',
    products: ['kibana'],
    tags: ['kibana', 'elastic', 'dashboard', 'management-ui', 'login-page'],
    cwe: ['CWE-668'],
    description:
      'Kibana answered a client that sent no credentials: its own headers or redirects name it, and `GET /api/status` answered 401, so ' +
      'security is on and the login page is public. Credentials are still required, but anyone who reaches the address can try ' +
      'passwords against the Elasticsearch users behind it (the login form has no lockout of its own), and Kibana flaws reachable before ' +
      'login are reachable by everyone.',
    remediation:
      'Keep Kibana off public addresses: reach it through a VPN, a bastion or an authenticating proxy (or SSO), use strong passwords for ' +
      'the built-in and native users, and keep Kibana and Elasticsearch on a supported release.',
    references: [
      'https://www.elastic.co/guide/en/kibana/current/using-kibana-with-security.html',
      'https://www.elastic.co/guide/en/kibana/current/kibana-authentication.html',
    ],
    defaultPorts: [5601],
  },
  protocols: ['http'],
  product: 'kibana',
  // Two signals: Kibana's identity (kbn-* headers, redirects into the app) and /api/status refusing.
  when: 'login-page',
  message: (service) =>
    `${service.version ? `Kibana ${service.version}` : 'Kibana'} is reachable and asks for credentials (/api/status refused an anonymous client).`,
  evidence: () => ({ path: '/api/status' }),
});
