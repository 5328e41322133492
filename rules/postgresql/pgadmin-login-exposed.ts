import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'pgadmin-login-exposed',
    title: 'pgAdmin login page is reachable',
    severity: 'medium',
    products: ['pgadmin'],
    tags: ['pgadmin', 'postgresql', 'management-ui', 'login-page'],
    cwe: ['CWE-668'],
    description:
      'pgAdmin 4 in server mode answered a client that sent no credentials with its login page (`GET /login`), and named itself by its ' +
      'session cookie or redirects. Credentials are still required, but whoever reaches the address can try passwords against the pgAdmin ' +
      'users, whose saved server connections often include stored PostgreSQL passwords, and every pgAdmin flaw reachable before or right ' +
      'after login (several were remote code execution) is reachable by everyone.',
    remediation:
      'Keep pgAdmin off public addresses: reach it through a VPN, a bastion or an authenticating proxy; enforce strong passwords and MFA ' +
      '(pgAdmin 6.5+ supports it), and keep pgAdmin on a current release.',
    references: [
      'https://www.pgadmin.org/docs/pgadmin4/latest/server_deployment.html',
      'https://www.pgadmin.org/docs/pgadmin4/latest/mfa.html',
    ],
    defaultPorts: [5050],
  },
  protocols: ['http'],
  product: 'pgadmin',
  // Two signals: the login page itself and pgAdmin's own session cookie or redirects.
  when: 'login-page',
  message: '{service} shows its login page to anyone who reaches it.',
  evidence: (pgadmin) => ({ path: '/login', serverMode: pgadmin.details?.serverMode === true }),
});
