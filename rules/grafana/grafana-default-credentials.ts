import { defineRule } from '../../src/engine/rule.js';
import { productServices } from '../../src/fingerprints/service.js';

export default defineRule({
  meta: {
    id: 'grafana-default-credentials',
    title: 'Grafana accepts the default admin/admin account',
    severity: 'critical',
    products: ['grafana'],
    tags: ['grafana', 'dashboard', 'monitoring', 'default-credentials', 'credential-check'],
    cwe: ['CWE-1392'],
    description:
      'With --credential-checks, exposcan sent one read-only `GET /api/user` with Basic authentication for the documented default ' +
      'account admin/admin, and Grafana answered 200 naming the user admin. That account is the server administrator: whoever reaches ' +
      'the address can read every dashboard and data source (with its stored credentials usable for queries), add users, and install ' +
      'plugins. Grafana asks for a new password at the first login in the browser, but Basic authentication on the API keeps accepting ' +
      'admin/admin until someone changes it.',
    remediation:
      'Change the admin password now (`grafana cli admin reset-admin-password`), set `admin_password` in the configuration for new ' +
      'installs, consider `[auth.basic] enabled = false` when the API is used with service-account tokens only, and keep Grafana off ' +
      'public addresses.',
    references: [
      'https://grafana.com/docs/grafana/latest/setup-grafana/sign-in-to-grafana/',
      'https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#admin_password',
    ],
    defaultPorts: [3000],
    triesDefaultCredentials: true,
  },
  protocols: ['http'],
  check(evidence) {
    return productServices(evidence.services, 'grafana')
      .filter((service) => service.details?.defaultCredentials)
      .map((service) => ({
        product: 'grafana',
        ...(service.version ? { version: service.version } : {}),
        message: `${service.version ? `Grafana ${service.version}` : 'Grafana'} accepted the default admin account on its API (/api/user answered 200 as admin).`,
        confidence: 'confirmed' as const,
        evidence: { path: '/api/user', user: 'admin', signals: service.signals },
      }));
  },
});
