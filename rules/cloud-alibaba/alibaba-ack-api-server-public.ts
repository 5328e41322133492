import { ackApiServerFix } from '../../src/fix/kubernetes.js';
import { unknownUntilApply } from '../../src/cloud/rules/unknown.js';
import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
  meta: {
    id: 'alibaba-ack-api-server-public',
    title: 'ACK cluster API server has a public endpoint',
    severity: 'high',
    products: ['kubernetes'],
    tags: ['alibaba', 'ack', 'kubernetes', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The Container Service for Kubernetes (ACK) cluster exposes its Kubernetes API server on an elastic IP address (master_url ' +
      'api_server_endpoint). Authentication still applies, but every credential leak, anonymous-auth misbinding and API server CVE is then one ' +
      'request away. exposcan does not read the access-control list ACK can put on the API server\u2019s CLB, so the finding is tentative until ' +
      'the endpoint is probed in the same scan: kubernetes-api-anonymous confirms anonymous access.',
    remediation:
      'Unbind the elastic IP from the API server (reach it from the VPC, a bastion or a VPN), or restrict the API server CLB\u2019s listener with ' +
      'a whitelist access-control list of the addresses that administer the cluster.',
    references: [
      'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/control-public-access-to-the-api-server-of-a-cluster',
    ],
    defaultPorts: [],
  },
  resources: ['kubernetes-cluster'],
  fix: ackApiServerFix,
  checkResource(cluster) {
    if (cluster.ref.provider !== 'alibaba') return [];
    if (!cluster.publicEndpoint) {
      return unknownUntilApply(cluster, 'publicAccess')
        ? [
            {
              product: 'kubernetes',
              message: `ACK ${cluster.ref.id} may have a public API server: its public endpoint is unknown until apply.`,
              confidence: 'unknown',
              unknownFields: ['publicAccess'],
              evidence: { publicAccess: 'unknown until apply' },
            },
          ]
        : [];
    }
    const { host, port } = cluster.publicEndpoint;
    return [
      {
        product: 'kubernetes',
        ...(cluster.version ? { version: cluster.version } : {}),
        message: `ACK ${cluster.ref.id}${cluster.version ? ` (Kubernetes ${cluster.version})` : ''} serves its API server on the internet${host ? ` at ${host}:${port}` : ''}; the API server CLB\u2019s access-control list is not read.`,
        // The public endpoint is certain, who may reach it is not (the CLB's ACL is not read): a probe decides.
        confidence: 'tentative',
        evidence: { endpoint: host || null, port, accessControl: 'not read' },
        impliedEndpoints: host ? [{ host, port, products: ['kubernetes'], tls: true }] : [],
      },
    ];
  },
});
