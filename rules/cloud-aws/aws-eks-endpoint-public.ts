import { eksEndpointFix } from '../../src/fix/kubernetes.js';
import { openWhitelistEntries } from '../../src/cloud/ingress.js';
import { unknownUntilApply } from '../../src/cloud/rules/unknown.js';
import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
  meta: {
    id: 'aws-eks-endpoint-public',
    title: 'EKS cluster API server is reachable from every address',
    severity: 'high',
    products: ['kubernetes'],
    tags: ['aws', 'eks', 'kubernetes', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The cluster\u2019s Kubernetes API server endpoint has public access on and publicAccessCidrs admits 0.0.0.0/0 (or ::/0). Authentication ' +
      'still applies, but every credential leak, anonymous-auth misbinding and API server CVE is then one request away. The endpoint is probed ' +
      'in the same scan: kubernetes-api-anonymous confirms anonymous access.',
    remediation:
      'Turn endpoint public access off (private access only), or limit publicAccessCidrs to the addresses that administer the cluster.',
    references: ['https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html'],
    defaultPorts: [],
  },
  resources: ['kubernetes-cluster'],
  fix: eksEndpointFix,
  checkResource(cluster) {
    if (cluster.ref.provider !== 'aws') return [];
    if (!cluster.publicEndpoint) {
      return unknownUntilApply(cluster, 'publicAccess')
        ? [
            {
              product: 'kubernetes',
              message: `EKS ${cluster.ref.id} may have a public API server: endpoint public access is unknown until apply.`,
              confidence: 'unknown',
              unknownFields: ['publicAccess'],
              evidence: { publicAccess: 'unknown until apply' },
            },
          ]
        : [];
    }
    if (!cluster.publicAccessCidrs && unknownUntilApply(cluster, 'publicAccessCidrs')) {
      return [
        {
          product: 'kubernetes',
          message: `EKS ${cluster.ref.id} has a public API server whose allowed CIDRs are unknown until apply.`,
          confidence: 'unknown',
          unknownFields: ['publicAccessCidrs'],
          evidence: { publicAccessCidrs: 'unknown until apply' },
        },
      ];
    }
    const open = openWhitelistEntries(cluster.publicAccessCidrs ?? []);
    if (open.length === 0) return [];
    const { host, port } = cluster.publicEndpoint;
    return [
      {
        product: 'kubernetes',
        ...(cluster.version ? { version: cluster.version } : {}),
        message: `EKS ${cluster.ref.id}${cluster.version ? ` (Kubernetes ${cluster.version})` : ''} serves its API${host ? ` at ${host}` : ''} to ${open.join(', ')}.`,
        confidence: 'firm',
        evidence: { endpoint: host || null, publicAccessCidrs: cluster.publicAccessCidrs ?? [] },
        impliedEndpoints: host ? [{ host, port, products: ['kubernetes'], tls: true }] : [],
      },
    ];
  },
});
