import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'grafana-anonymous-access',
    title: 'Grafana lets anonymous visitors in',
    severity: 'high',
    products: ['grafana'],
    tags: ['grafana', 'dashboard', 'monitoring', 'unauth', 'anonymous'],
    cwe: ['CWE-306'],
    description:
      'Grafana answered `GET /api/search` to a client with no session: anonymous access (`[auth.anonymous] enabled = true`) is on, so ' +
      'anyone who reaches the address gets the anonymous organisation role (Viewer by default) and sees every dashboard that role may ' +
      'see, with the queries behind them running against the configured data sources. With a role above Viewer they can also change ' +
      'dashboards and data sources.',
    remediation:
      'Set `[auth.anonymous] enabled = false` unless the instance is meant to be public; to share single dashboards use public (shared) ' +
      'dashboards or snapshots instead; if anonymous access must stay, give its organisation the Viewer role only and no data source with ' +
      'sensitive data, and keep Grafana off public addresses otherwise.',
    references: [
      'https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/grafana/#anonymous-authentication',
      'https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/',
    ],
    defaultPorts: [3000],
  },
  protocols: ['http'],
  product: 'grafana',
  // Two signals: Grafana's page or login redirect (with /api/health), and /api/search answering without a session.
  when: 'open',
  message: (service) => {
    const count = service.details?.dashboards ?? 0;
    const listed = `${service.details?.dashboardsAtLeast ? 'at least ' : ''}${count} dashboard${count === 1 ? '' : 's'}`;
    return `${service.version ? `Grafana ${service.version}` : 'Grafana'} lets anonymous visitors in: /api/search listed ${listed} without a session.`;
  },
  evidence: (service) => ({
    path: '/api/search',
    dashboards: service.details?.dashboards ?? null,
    dashboardsAtLeast: service.details?.dashboardsAtLeast ?? false,
  }),
});
