import { productName, serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'logstash-api-exposed',
    title: 'Logstash monitoring API is reachable without credentials',
    severity: 'medium',
    products: ['logstash'],
    tags: ['logstash', 'elastic', 'unauth'],
    cwe: ['CWE-200'],
    description:
      'The Logstash monitoring API answered its node banner (`GET /`) and node info (`GET /_node`) to a client that sent no credentials. ' +
      'It binds to 127.0.0.1 by default, so answering here means `api.http.host` was changed. It is read-only, but it discloses the ' +
      'version, host name, pipelines and their settings, the JVM and the OS, and `/_node/hot_threads` and `/_node/stats` cost the node CPU ' +
      'on demand.',
    remediation:
      'Set `api.http.host: 127.0.0.1` (or disable the API with `api.enabled: false`), or turn on `api.auth.type: basic` with ' +
      '`api.ssl.enabled: true`; keep port 9600 off public addresses.',
    references: [
      'https://www.elastic.co/guide/en/logstash/current/monitoring-logstash.html',
      'https://www.elastic.co/guide/en/logstash/current/logstash-settings-file.html',
    ],
    defaultPorts: [9600],
  },
  protocols: ['http'],
  product: 'logstash',
  // Two signals: the node banner at / and the node info at /_node.
  when: 'open',
  message: (service) =>
    `${productName(service)} answered its monitoring API without credentials (${String(service.details?.pipelines ?? 0)} pipelines).`,
  evidence: (service) => ({
    path: '/_node',
    pipelines: service.details?.pipelines ?? 0,
    pipelineNames: service.details?.pipelineNames ?? [],
  }),
});
