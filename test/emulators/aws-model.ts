// The accounts the AWS emulator (./aws.ts) serves, in the API's own field names, and its options.
import type { FrontDoorAccount, FrontDoorRegion } from './aws-front-doors-model.js';

export type EmulatedService =
  | 'sts'
  | 's3'
  | 's3control'
  | 'ec2'
  | 'rds'
  | 'opensearch'
  | 'elbv2'
  | 'elb'
  | 'route53'
  | 'eks'
  | 'redshift'
  | 'mq'
  | 'kafka'
  | 'organizations';
export const EMULATED_SERVICES: readonly EmulatedService[] = [
  'sts',
  's3',
  's3control',
  'ec2',
  'rds',
  'opensearch',
  'elbv2',
  'elb',
  'route53',
  'eks',
  'redshift',
  'mq',
  'kafka',
  'organizations',
];

export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

export interface EmulatedBucket {
  readonly name: string;
  readonly region: string;
  /** Grants besides the owner's FULL_CONTROL. */
  readonly grants: readonly {
    readonly grantee: 'AllUsers' | 'AuthenticatedUsers';
    readonly permission: 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL';
  }[];
  readonly policy?: { readonly Version?: string; readonly Statement: readonly Record<string, unknown>[] };
  readonly publicAccessBlock?: PublicAccessBlock;
  readonly keys: readonly string[];
}

export interface EmulatedIpPermission {
  readonly IpProtocol: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly IpRanges?: readonly { readonly CidrIp: string }[];
  readonly Ipv6Ranges?: readonly { readonly CidrIpv6: string }[];
  readonly PrefixListIds?: readonly { readonly PrefixListId: string }[];
  readonly UserIdGroupPairs?: readonly { readonly GroupId: string; readonly UserId?: string }[];
}

export interface EmulatedSecurityGroup {
  readonly GroupId: string;
  readonly GroupName: string;
  readonly Description: string;
  readonly VpcId: string;
  readonly IpPermissions: readonly EmulatedIpPermission[];
}

export interface EmulatedEni {
  readonly NetworkInterfaceId: string;
  readonly Groups: readonly string[];
  /** Auto-assigned public IPv4 or Elastic IP of the primary private address. */
  readonly PublicIp?: string;
  /** Elastic IPs on secondary private addresses. */
  readonly SecondaryPublicIps?: readonly string[];
  readonly Ipv6Addresses?: readonly string[];
  readonly Description?: string;
  readonly InterfaceType?: string;
}

export interface EmulatedInstance {
  readonly InstanceId: string;
  readonly State: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  readonly NetworkInterfaces: readonly EmulatedEni[];
}

export interface EmulatedDomain {
  readonly DomainName: string;
  readonly EngineVersion: string;
  /** Public endpoint host. */
  readonly Endpoint?: string;
  /** VPC endpoint host, with VPCId. */
  readonly VpcEndpoint?: string;
  readonly VPCId?: string;
  readonly AccessPolicies?: Record<string, unknown> | string;
  readonly FineGrainedAccessControl?: boolean;
  readonly AnonymousAuthEnabled?: boolean;
}

interface EmulatedDbInstance {
  readonly DBInstanceIdentifier: string;
  readonly Engine: string;
  readonly EngineVersion: string;
  readonly PubliclyAccessible: boolean;
  readonly Endpoint?: { readonly Address: string; readonly Port: number };
  /** VPC security group ids attached to the instance. */
  readonly VpcSecurityGroups?: readonly string[];
}

/** A Redshift provisioned cluster (DescribeClusters Cluster, the fields exposcan reads and a few beside). */
interface EmulatedRedshiftCluster {
  readonly ClusterIdentifier: string;
  readonly ClusterVersion: string;
  readonly PubliclyAccessible: boolean;
  readonly Endpoint?: { readonly Address: string; readonly Port: number };
  readonly VpcSecurityGroups?: readonly string[];
}

/** An Amazon MQ broker (DescribeBroker, the fields exposcan reads and a few beside). */
export interface EmulatedBroker {
  readonly BrokerId: string;
  readonly BrokerName: string;
  readonly EngineType: 'RABBITMQ' | 'ACTIVEMQ';
  readonly EngineVersion: string;
  readonly PubliclyAccessible: boolean;
  readonly SecurityGroups?: readonly string[];
}

/** An Amazon MSK cluster (ListClustersV2's ClusterInfo, the fields exposcan reads and a few beside). */
export interface EmulatedKafkaCluster {
  readonly ClusterName: string;
  /** The last part of the ARN (`<uuid>-<n>`). */
  readonly ClusterUuid: string;
  readonly ClusterType?: 'PROVISIONED' | 'SERVERLESS';
  readonly KafkaVersion: string;
  readonly PublicAccess: 'DISABLED' | 'SERVICE_PROVIDED_EIPS';
  readonly SecurityGroups: readonly string[];
  /** Client authentications on (each has its public port: TLS 9194, SASL/SCRAM 9196, IAM 9198). */
  readonly Authentication: readonly ('tls' | 'scram' | 'iam')[];
  readonly Brokers: number;
}

export interface EmulatedRegion extends FrontDoorRegion {
  /** An opt-in region the account has not enabled: its endpoints do not know the account's keys. */
  readonly enabled?: boolean;
  readonly securityGroups?: readonly EmulatedSecurityGroup[];
  readonly instances?: readonly EmulatedInstance[];
  /** ENIs not attached to an instance (load balancers, RDS, NAT…). */
  readonly networkInterfaces?: readonly EmulatedEni[];
  readonly prefixLists?: Readonly<Record<string, readonly string[]>>;
  readonly domains?: readonly EmulatedDomain[];
  readonly dbInstances?: readonly EmulatedDbInstance[];
  readonly redshiftClusters?: readonly EmulatedRedshiftCluster[];
  readonly brokers?: readonly EmulatedBroker[];
  readonly kafkaClusters?: readonly EmulatedKafkaCluster[];
}

/** An IAM role a member account holds, and whom its trust policy lets assume it. */
interface EmulatedRole {
  readonly name: string;
  /** The account whose principals may assume it (the management account, normally). */
  readonly trustedAccount: string;
  /** The trust policy's sts:ExternalId condition, when it has one. */
  readonly externalId?: string;
}

export interface EmulatedAccount extends FrontDoorAccount {
  readonly accountId: string;
  /** The account's name in the organisation. */
  readonly name?: string;
  /** ListAccounts State; ACTIVE by default. */
  readonly state?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';
  readonly roles?: readonly EmulatedRole[];
  /** The caller GetCallerIdentity reports. */
  readonly userName: string;
  /** Long-term keys; members of an organisation may have none (they are read through a role). */
  readonly keys: readonly {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  }[];
  readonly publicAccessBlock?: PublicAccessBlock;
  readonly regions: Readonly<Record<string, EmulatedRegion>>;
  readonly buckets: readonly EmulatedBucket[];
}

/** An IAM action (s3:GetBucketAcl, ec2:DescribeInstances, es:ListDomainNames…), optionally narrowed. */
export interface ActionMatch {
  readonly action: string;
  readonly region?: string;
  readonly resource?: string;
}

export interface AwsEmulatorOptions {
  readonly accounts: readonly EmulatedAccount[];
  /** Answered AccessDenied / UnauthorizedOperation / AccessDeniedException. */
  readonly deny?: readonly ActionMatch[];
  /** Answered with the service's throttling error, every attempt. */
  readonly throttle?: readonly ActionMatch[];
  /** Held this long before answering. */
  readonly delay?: readonly (ActionMatch & { readonly ms: number })[];
  /** Items per page for paginated calls (default 2, so pagination is always exercised). */
  readonly pageSize?: number;
  /** An AWS Organization: its management account id; every other account in `accounts` is a member. */
  readonly organization?: { readonly managementAccountId: string };
}

/** Temporary credentials sts:AssumeRole issued. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly accountId: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly externalId?: string;
}

export interface EmulatorRequest {
  readonly service: EmulatedService;
  /** IAM action, or `unknown METHOD target`. */
  readonly action: string;
  readonly region?: string;
  readonly resource?: string;
  readonly anonymous: boolean;
  readonly status: number;
  readonly code?: string;
}

export interface AwsEmulator {
  /** Base URL per service, for AwsAccount.endpoints. */
  readonly endpoints: Readonly<Record<EmulatedService, string>>;
  readonly requests: EmulatorRequest[];
  /** Temporary credentials AssumeRole issued, in order (tests check none leaks into a report). */
  readonly issued: readonly IssuedCredentials[];
  close(): Promise<void>;
}
