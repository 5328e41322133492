// The front doors the AWS emulator (./aws.ts) serves, in the APIs' own field names: ELBv2 load
// balancers with listeners and target groups, Classic ELBs, EKS clusters (per region) and Route 53
// hosted zones (per account, global).
interface EmulatedTarget {
  readonly Id: string;
  readonly Port?: number;
  readonly State: 'healthy' | 'unhealthy' | 'initial' | 'unused' | 'draining' | 'unavailable';
}

export interface EmulatedTargetGroup {
  readonly TargetGroupName: string;
  readonly Protocol: string;
  readonly Port: number;
  readonly Targets: readonly EmulatedTarget[];
}

export type EmulatedAction =
  | { readonly Type: 'forward'; readonly TargetGroup: string }
  /** Weighted forward (ForwardConfig), several target groups. */
  | { readonly Type: 'forward-weighted'; readonly TargetGroups: readonly string[] }
  | { readonly Type: 'authenticate-oidc' }
  | { readonly Type: 'redirect' }
  | { readonly Type: 'fixed-response' };

interface EmulatedListener {
  readonly Port: number;
  readonly Protocol: string;
  readonly DefaultActions: readonly EmulatedAction[];
}

export interface EmulatedLoadBalancer {
  readonly LoadBalancerName: string;
  readonly Type: 'application' | 'network';
  readonly Scheme: 'internet-facing' | 'internal';
  readonly DNSName: string;
  readonly SecurityGroups?: readonly string[];
  readonly Listeners: readonly EmulatedListener[];
}

interface EmulatedClassicLoadBalancer {
  readonly LoadBalancerName: string;
  readonly Scheme: 'internet-facing' | 'internal';
  readonly DNSName: string;
  readonly SecurityGroups: readonly string[];
  readonly Listeners: readonly {
    readonly Protocol: string;
    readonly LoadBalancerPort: number;
    readonly InstanceProtocol: string;
    readonly InstancePort: number;
  }[];
  readonly Instances: readonly {
    readonly InstanceId: string;
    readonly State: 'InService' | 'OutOfService' | 'Unknown';
  }[];
}

interface EmulatedCluster {
  readonly name: string;
  readonly version: string;
  /** https://… API server URL. */
  readonly endpoint: string;
  readonly endpointPublicAccess: boolean;
  readonly endpointPrivateAccess: boolean;
  readonly publicAccessCidrs?: readonly string[];
}

export interface EmulatedRecord {
  /** With the trailing dot, as Route 53 returns it. */
  readonly Name: string;
  readonly Type: 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'MX' | 'NS' | 'SOA';
  readonly Values?: readonly string[];
  readonly AliasTarget?: { readonly DNSName: string; readonly HostedZoneId: string };
}

export interface EmulatedHostedZone {
  /** Z0123…, without the /hostedzone/ prefix. */
  readonly Id: string;
  readonly Name: string;
  readonly PrivateZone: boolean;
  readonly Records: readonly EmulatedRecord[];
}

export interface FrontDoorRegion {
  readonly loadBalancers?: readonly EmulatedLoadBalancer[];
  readonly targetGroups?: readonly EmulatedTargetGroup[];
  readonly classicLoadBalancers?: readonly EmulatedClassicLoadBalancer[];
  readonly clusters?: readonly EmulatedCluster[];
}

export interface FrontDoorAccount {
  readonly hostedZones?: readonly EmulatedHostedZone[];
}
