import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'mongo-express-unauthenticated',
    title: 'Mongo Express serves its MongoDB admin UI without credentials',
    severity: 'critical',
    products: ['mongo-express'],
    tags: ['mongo-express', 'mongodb', 'management-ui', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Mongo Express answered `GET /` with its home page, "Home - Mongo Express", listing the MongoDB databases, to a client that sent no ' +
      'credentials. Anyone who reaches the address can browse, export, edit and delete every collection, with the rights of the MongoDB ' +
      'user Mongo Express connects as (often an administrator).',
    remediation:
      'Turn on Mongo Express authentication (ME_CONFIG_BASICAUTH_USERNAME/PASSWORD, or its login form) with a strong password, connect it ' +
      'to MongoDB as a least-privilege user, set ME_CONFIG_OPTIONS_READONLY where editing is not needed, and keep it off public addresses.',
    references: [
      'https://github.com/mongo-express/mongo-express#usage-docker',
      'https://www.mongodb.com/docs/manual/administration/security-checklist/',
    ],
    defaultPorts: [8081],
  },
  protocols: ['http'],
  product: 'mongo-express',
  // Two signals: the page title and the database list only shown to someone let in.
  when: 'open',
  message: (service) =>
    `Mongo Express lists ${String(service.details?.databases ?? 0)} MongoDB databases to anyone who opens it.`,
  evidence: (service) => ({
    path: '/',
    databases: Number(service.details?.databases ?? 0),
    databaseNames: (service.details?.databaseNames as readonly string[] | undefined) ?? [],
    ...(typeof service.details?.mongodbVersion === 'string' ? { mongodbVersion: service.details.mongodbVersion } : {}),
    ...(typeof service.details?.readOnly === 'boolean' ? { readOnly: service.details.readOnly } : {}),
  }),
});
