import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'grafana-login-exposed',
    title: 'Grafana login page is reachable',
    severity: 'medium',
    products: ['grafana'],
    tags: ['grafana', 'dashboard', 'monitoring', 'management-ui', 'login-page'],
    cwe: ['CWE-668'],
    description:
      'Grafana redirected a client without a session to its login form (`/login`, with the `redirect_to` cookie) and its API refused ' +
      'that client (`GET /api/search` answered 401). Credentials are still required, but anyone who reaches the address can try ' +
      'passwords (the built-in admin account is `admin` on every install), and Grafana flaws reachable before login, such as the ' +
      'plugin path traversal CVE-2021-43798, are reachable by everyone.',
    remediation:
      'Keep Grafana off public addresses: reach it through a VPN or an authenticating proxy, or use SSO (OAuth, SAML, LDAP) with the ' +
      'login form disabled (`disable_login_form`); rename or protect the admin account with a strong password; keep Grafana on a ' +
      'supported release.',
    references: [
      'https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/',
      'https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/grafana/',
    ],
    defaultPorts: [3000],
  },
  protocols: ['http'],
  product: 'grafana',
  // Two signals: the login redirect with Grafana's redirect_to cookie (and /api/health), and /api/search refusing.
  when: 'login-page',
  message: (service) =>
    `${service.version ? `Grafana ${service.version}` : 'Grafana'} is reachable and asks for credentials at /login.`,
  evidence: () => ({ path: '/', loginPath: '/login', apiPath: '/api/search' }),
});
