// Normalised cloud resources as the collectors produce them (their own tests prove the
// normalisation from recorded API shapes); addresses are documentation ranges.
import type { IngressRule } from '../../src/cloud/ingress.js';
import type {
  Bucket,
  DatabaseInstance,
  KubernetesCluster,
  LoadBalancer,
  Provider,
  ResourceRef,
  SearchDomain,
  SecurityGroup,
} from '../../src/cloud/inventory.js';

export function ref(provider: Provider, type: string, id: string): ResourceRef {
  return {
    provider,
    account: provider === 'aws' ? '123456789012' : '1234567890123456',
    region: provider === 'aws' ? 'us-east-1' : 'cn-hangzhou',
    type,
    id,
  };
}

export function ingress(overrides: Partial<IngressRule> = {}): IngressRule {
  return {
    protocol: 'tcp',
    fromPort: 9200,
    toPort: 9200,
    sources: ['0.0.0.0/0'],
    policy: 'accept',
    priority: 1,
    ...overrides,
  };
}

export function securityGroup(
  provider: Provider,
  rules: readonly IngressRule[],
  publicIps: readonly string[] = ['198.51.100.10'],
): SecurityGroup {
  return {
    kind: 'security-group',
    ref: ref(provider, provider === 'aws' ? 'ec2:security-group' : 'ecs:security-group', 'sg-1'),
    rules,
    publicIps,
    instances: publicIps.length ? ['i-1'] : [],
  };
}

export function database(provider: Provider, overrides: Partial<DatabaseInstance> = {}): DatabaseInstance {
  return {
    kind: 'database',
    ref: ref(provider, provider === 'aws' ? 'rds:db-instance' : 'rds:instance', 'db-1'),
    engine: 'mysql',
    version: '8.0.36',
    publicEndpoints: [],
    ...overrides,
  };
}

export function searchDomain(provider: Provider, overrides: Partial<SearchDomain> = {}): SearchDomain {
  return {
    kind: 'search-domain',
    ref: ref(provider, provider === 'aws' ? 'opensearch:domain' : 'elasticsearch:instance', 'es-1'),
    engine: 'elasticsearch',
    version: '6.3.2',
    ...overrides,
  };
}

export function bucket(provider: Provider, overrides: Partial<Bucket> = {}): Bucket {
  return {
    kind: 'bucket',
    ref: ref(provider, provider === 'aws' ? 's3:bucket' : 'oss:bucket', 'reports-bucket'),
    ...overrides,
  };
}

export function loadBalancer(overrides: Partial<LoadBalancer> = {}): LoadBalancer {
  return {
    kind: 'load-balancer',
    ref: ref('aws', 'elbv2:load-balancer', 'kibana-public'),
    flavour: 'application',
    internetFacing: true,
    dnsName: 'kibana-public-1234567890.us-east-1.elb.amazonaws.com',
    securityGroups: ['sg-lb'],
    firewall: { groups: ['sg-lb'], rules: [ingress({ fromPort: 443, toPort: 443 })] },
    listeners: [
      { port: 443, protocol: 'https', targets: [{ name: 'kibana-tg', port: 5601, healthy: 1, registered: 1 }] },
    ],
    ...overrides,
  };
}

export function kubernetesCluster(overrides: Partial<KubernetesCluster> = {}): KubernetesCluster {
  return {
    kind: 'kubernetes-cluster',
    ref: ref('aws', 'eks:cluster', 'prod'),
    version: '1.29',
    publicEndpoint: { host: '0123456789abcdef.gr7.us-east-1.eks.amazonaws.com', port: 443 },
    publicAccessCidrs: ['0.0.0.0/0'],
    ...overrides,
  };
}
