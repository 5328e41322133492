import { productName, serviceRule } from '../../src/engine/service-rule.js';
import type { Service } from '../../src/fingerprints/service.js';

export default serviceRule({
  meta: {
    id: 'etcd-unauthenticated',
    title: 'etcd key-value API answers without credentials',
    severity: 'critical',
    products: ['etcd'],
    tags: ['etcd', 'kubernetes', 'database', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'etcd counted its keys for a client that sent no credentials: the v3 gateway answered a `count_only` range over every key ' +
      '(`POST /v3/kv/range`), or the v2 API listed its root directory (`GET /v2/keys`). Whoever reaches the client port can read and ' +
      'write every key; for a Kubernetes cluster that is every Secret and the control of the cluster. With auth enabled the range is ' +
      'refused (`etcdserver: user name is empty`).',
    remediation:
      'Require client certificates (`--client-cert-auth` with `--trusted-ca-file`) and serve TLS, or enable authentication (`etcdctl user add root`, ' +
      '`etcdctl auth enable`); keep the v2 API off (`--enable-v2=false`); listen on private addresses only (`--listen-client-urls`) and ' +
      'block port 2379 from the internet.',
    references: [
      'https://etcd.io/docs/v3.5/op-guide/security/',
      'https://etcd.io/docs/v3.5/op-guide/authentication/rbac/',
      'https://etcd.io/docs/v3.5/dev-guide/api_grpc_gateway/',
    ],
    defaultPorts: [2379],
  },
  protocols: ['http'],
  product: 'etcd',
  // Two signals: the /version document and a key-value API answering in etcd's own shape.
  when: 'open',
  message: (service) => {
    const v3 = count(service, 'v3Keys');
    const v2 = count(service, 'v2TopLevelNodes');
    const parts = [
      v3 !== null ? `${v3} keys over the v3 API` : '',
      v2 !== null ? `${v2} top-level v2 entries` : '',
    ].filter(Boolean);
    return `${productName(service)} answers without credentials: ${parts.join(', ')}.`;
  },
  evidence: (service) => ({
    v3Keys: count(service, 'v3Keys'),
    v2TopLevelNodes: count(service, 'v2TopLevelNodes'),
    clusterVersion: service.details?.clusterVersion ?? null,
    openApis: [
      ...(count(service, 'v3Keys') !== null ? ['v3'] : []),
      ...(count(service, 'v2TopLevelNodes') !== null ? ['v2'] : []),
    ],
  }),
  exposure: (service) => ({ keys: (count(service, 'v3Keys') ?? 0) + (count(service, 'v2TopLevelNodes') ?? 0) }),
});

function count(service: Service<'etcd'>, key: 'v3Keys' | 'v2TopLevelNodes'): number | null {
  return service.details?.[key] ?? null;
}
