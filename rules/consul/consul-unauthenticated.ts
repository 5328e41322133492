import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'consul-unauthenticated',
    title: 'Consul HTTP API answers without an ACL token',
    severity: 'high',
    products: ['consul'],
    tags: ['consul', 'hashicorp', 'service-discovery', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Consul answered `GET /v1/agent/self` (ACL `agent:read`) to a client that sent no token: ACLs are off, or the anonymous token may ' +
      'read the agent. The same API usually lets that client read the catalog and the key/value store, which often holds configuration ' +
      'and secrets, and, unless script checks are off, register a check that runs commands on the node.',
    remediation:
      'Enable ACLs with `default_policy = "deny"` and bootstrap them (`consul acl bootstrap`); give the anonymous token no agent, node, ' +
      'service or key permissions; set `enable_script_checks = false`; bind the HTTP API to loopback or a private address ' +
      '(`client_addr`) and block 8500 from the internet.',
    references: [
      'https://developer.hashicorp.com/consul/docs/security/acl',
      'https://developer.hashicorp.com/consul/api-docs/agent#read-configuration',
    ],
    defaultPorts: [8500],
  },
  protocols: ['http'],
  product: 'consul',
  // Two signals: Consul's own (the ACL policy header or the UI redirect) and the agent document.
  when: 'open',
  message: (service) =>
    `${service.version ? `Consul ${service.version}` : 'Consul'} answered /v1/agent/self without an ACL token` +
    (service.details?.datacenter !== undefined ? ` (datacenter ${service.details.datacenter}).` : '.'),
  evidence: (service) => ({
    path: '/v1/agent/self',
    datacenter: service.details?.datacenter ?? null,
    server: service.details?.server ?? null,
    aclDefaultPolicy: service.details?.aclDefaultPolicy ?? null,
  }),
});
