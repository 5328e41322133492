import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'solr-admin-unauthenticated',
    title: 'Apache Solr admin API answers without credentials',
    severity: 'high',
    products: ['solr'],
    tags: ['solr', 'search', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Apache Solr answered its admin handlers, `admin/info/system` and `admin/cores?action=STATUS`, to a client that sent no credentials: ' +
      'no authentication plugin is configured (Solr\u2019s default). The same access queries and changes every core, reloads configuration ' +
      'and reaches the admin handlers through which Solr\u2019s remote-code-execution flaws (Velocity templates, DataImportHandler, ' +
      'config API) were exploited.',
    remediation:
      'Enable authentication and authorization (security.json with BasicAuthPlugin or JWT and `blockUnknown: true`, plus ' +
      'RuleBasedAuthorizationPlugin), keep Solr on a supported release, and keep port 8983 off public addresses.',
    references: [
      'https://solr.apache.org/guide/solr/latest/deployment-guide/authentication-and-authorization-plugins.html',
      'https://solr.apache.org/guide/solr/latest/deployment-guide/securing-solr.html',
    ],
    defaultPorts: [8983],
  },
  protocols: ['http'],
  product: 'solr',
  // Two signals: the system info or core status answered, and a second Solr answer (the other
  // handler, or `/` redirecting to the admin UI).
  when: 'open',
  message: (service) =>
    `${service.version ? `Solr ${service.version}` : 'Solr'} answered its admin API without credentials${typeof service.details?.cores === 'number' ? ` (${service.details.cores} cores)` : ''}.`,
  evidence: (service) => ({
    path: '/solr/admin/info/system',
    ...(typeof service.details?.cores === 'number'
      ? {
          cores: service.details.cores,
          coreNames: (service.details.coreNames as readonly string[] | undefined) ?? [],
          documents: Number(service.details.documents ?? 0),
        }
      : {}),
  }),
  exposure: (service) =>
    typeof service.details?.cores === 'number'
      ? { documents: Number(service.details.documents ?? 0), bytes: Number(service.details.bytes ?? 0) }
      : undefined,
});
