import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'kubelet-unauthenticated',
    title: 'Kubelet API answers anonymous requests',
    severity: 'critical',
    products: ['kubelet'],
    tags: ['kubernetes', 'kubelet', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'The kubelet answered `GET /pods` with the node\u2019s PodList to a client that sent no credentials: anonymous authentication is on ' +
      'with AlwaysAllow authorization, or this is the unauthenticated read-only port. The list holds every pod spec on the node, ' +
      'environment variables and their secrets included; on port 10250 the same access runs commands in any container (`/run`, `/exec`). ' +
      'exposcan keeps only the pod count.',
    remediation:
      'Set `authentication.anonymous.enabled: false` and `authorization.mode: Webhook` in the kubelet configuration, set `readOnlyPort: 0`, ' +
      'and firewall ports 10250 and 10255 to the control plane.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
      'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
    ],
    defaultPorts: [10250, 10255],
  },
  protocols: ['http'],
  product: 'kubelet',
  // Two signals: the node-local PodList and the kubelet's shape at `/`.
  when: 'open',
  message: (service) =>
    typeof service.details?.pods === 'number'
      ? `The kubelet listed ${service.details.pods} pods, specs included, to an anonymous client.`
      : 'The kubelet served its pod list, specs included, to an anonymous client.',
  evidence: (service) => ({
    path: '/pods',
    ...(typeof service.details?.pods === 'number' ? { pods: service.details.pods } : { podsTruncated: true }),
  }),
});
