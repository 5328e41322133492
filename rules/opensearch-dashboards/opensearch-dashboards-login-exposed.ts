import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'opensearch-dashboards-login-exposed',
    title: 'OpenSearch Dashboards login page is reachable',
    severity: 'medium',
    products: ['opensearch-dashboards'],
    tags: ['opensearch-dashboards', 'opensearch', 'dashboard', 'management-ui', 'login-page'],
    cwe: ['CWE-668'],
    description:
      'OpenSearch Dashboards sent a client without credentials to the Security plugin login page (`/app/login?nextUrl=…`). Credentials ' +
      'are still required, but anyone who reaches the address can try passwords against the OpenSearch internal users (the demo ' +
      'configuration ships `admin`/`admin` before 2.12), and flaws reachable before login are reachable by everyone. Before 2.0 the ' +
      'Security plugin also left `/api/status` readable anonymously, which gives out the version and the host operating system.',
    remediation:
      'Keep Dashboards off public addresses: reach it through a VPN, a bastion or an SSO proxy; change the demo users and passwords; ' +
      'remove `/api/status` from `opensearch_security.auth.unauthenticated_routes`; keep the release supported.',
    references: [
      'https://opensearch.org/docs/latest/security/configuration/multi-auth/',
      'https://github.com/opensearch-project/security-dashboards-plugin/issues/945',
    ],
    defaultPorts: [5601],
  },
  protocols: ['http'],
  product: 'opensearch-dashboards',
  // Two signals: the redirect to the Security plugin login page, and /api/status (refused, or naming OpenSearch Dashboards).
  when: 'login-page',
  message: (service) =>
    `${service.version ? `OpenSearch Dashboards ${service.version}` : 'OpenSearch Dashboards'} is reachable and asks for credentials at /app/login` +
    (service.details?.statusReadable ? ' (its /api/status is readable without them).' : '.'),
  evidence: (service) => ({
    path: '/',
    loginPath: '/app/login',
    statusReadable: service.details?.statusReadable ?? false,
  }),
});
