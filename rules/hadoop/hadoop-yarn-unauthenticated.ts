import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'hadoop-yarn-unauthenticated',
    title: 'Hadoop YARN ResourceManager API answers without credentials',
    severity: 'critical',
    products: ['hadoop-yarn'],
    tags: ['hadoop', 'yarn', 'rce', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'The YARN ResourceManager answered `GET /ws/v1/cluster/info` to a client that sent no credentials: its web endpoints use "simple" ' +
      'authentication with anonymous access allowed (Hadoop\u2019s default). The same REST API accepts new applications ' +
      '(`POST /ws/v1/cluster/apps/new-application`, then `POST /ws/v1/cluster/apps`), so anyone who reaches it can run commands on the ' +
      'cluster\u2019s nodes; cryptomining botnets have exploited exactly this for years. exposcan only reads the cluster information.',
    remediation:
      'Enable Kerberos for Hadoop and SPNEGO for the web endpoints (hadoop.http.authentication.type=kerberos), or at least set ' +
      'hadoop.http.authentication.simple.anonymous.allowed=false with yarn.acl.enable=true; keep port 8088 off public addresses.',
    references: [
      'https://hadoop.apache.org/docs/stable/hadoop-project-dist/hadoop-common/HttpAuthentication.html',
      'https://hadoop.apache.org/docs/stable/hadoop-yarn/hadoop-yarn-site/ResourceManagerRest.html',
    ],
    defaultPorts: [8088],
  },
  protocols: ['http'],
  product: 'hadoop-yarn',
  // Two signals: the cluster information document and the ResourceManager's UI redirect or page.
  when: 'open',
  message:
    '{service} ResourceManager answered its REST API without credentials; the same API accepts new applications.',
  evidence: (service) => ({
    path: '/ws/v1/cluster/info',
    ...(typeof service.details?.state === 'string' ? { state: service.details.state } : {}),
    ...(typeof service.details?.haState === 'string' ? { haState: service.details.haState } : {}),
  }),
});
