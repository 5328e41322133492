import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'elasticsearch-head-exposed',
    title: 'elasticsearch-head admin UI is reachable',
    severity: 'medium',
    products: ['elasticsearch-head'],
    tags: ['elasticsearch', 'elasticsearch-head', 'management-ui'],
    cwe: ['CWE-668'],
    description:
      'The elasticsearch-head UI answered `GET /` with its application page to a client that sent no credentials. It has no login: anyone ' +
      'who opens it gets a console that browses, queries and deletes indices on whichever Elasticsearch cluster it is pointed at (its ' +
      '`base_uri` parameter), with credentials passed in the URL. The page itself holds no data; the risk is the open console next to a ' +
      'cluster and the address it advertises.',
    remediation:
      'Run elasticsearch-head (or its browser extension) locally instead of as a shared server, or put it behind an authenticating proxy; ' +
      'make sure the clusters it talks to require credentials.',
    references: [
      'https://github.com/mobz/elasticsearch-head',
      'https://www.elastic.co/guide/en/elasticsearch/reference/current/secure-cluster.html',
    ],
    defaultPorts: [9100],
  },
  protocols: ['http'],
  product: 'elasticsearch-head',
  // Two signals: the page title and the application bootstrap (_site/app.js, new app.App).
  when: 'open',
  message: 'elasticsearch-head is reachable with no login.',
  evidence: () => ({ path: '/' }),
});
