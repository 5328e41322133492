import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'kubernetes-api-anonymous',
    title: 'Kubernetes API server lets anonymous users read the cluster',
    severity: 'critical',
    products: ['kubernetes'],
    tags: ['kubernetes', 'kube-apiserver', 'unauth'],
    cwe: ['CWE-306', 'CWE-284'],
    description:
      'The Kubernetes API server answered `GET /api/v1/namespaces` with a NamespaceList to a client that sent no credentials. By default ' +
      'anonymous requests are authenticated as `system:anonymous` and refused by RBAC (403), so a 200 means a role is bound to ' +
      '`system:anonymous` or `system:unauthenticated` (often cluster-admin, left from a tutorial or a dashboard fix) or authorization is ' +
      'AlwaysAllow: whoever reaches the address can read, and usually change, the cluster, its secrets and its workloads.',
    remediation:
      'Remove every (Cluster)RoleBinding whose subjects include `system:anonymous` or `system:unauthenticated` beyond the defaults ' +
      '(`kubectl get clusterrolebindings,rolebindings -A -o json`), use `--authorization-mode=Node,RBAC`, consider ' +
      '`--anonymous-auth=false`, and keep the API endpoint off public addresses (private endpoint or authorized networks).',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles',
    ],
    defaultPorts: [6443],
  },
  protocols: ['http'],
  product: 'kubernetes',
  // Two signals: the NamespaceList and the API server's own shape (Status objects, APF headers, /version).
  when: 'open',
  message: (service) =>
    `The Kubernetes API${service.version ? ` (${service.version})` : ''} listed ${String(service.details?.namespaces ?? 0)} namespaces to an anonymous client.`,
  evidence: (service) => ({
    path: '/api/v1/namespaces',
    namespaces: Number(service.details?.namespaces ?? 0),
    namespaceNames: (service.details?.namespaceNames as readonly string[] | undefined) ?? [],
  }),
});
