// Cloud resources as exposcan judges them, whatever provider or API they came from. Collectors
// (src/cloud/aws, src/cloud/alibaba) and the Terraform plan reader produce these; resource rules
// read only these. A field that could not be read is absent, and the coverage section of the
// report says why: absent is "unknown", never "safe".
import type { IngressRule } from './ingress.js';

export type Provider = 'aws' | 'alibaba';

export interface ResourceRef {
  readonly provider: Provider;
  /** Account id, or the configured account name when the id is unknown. */
  readonly account: string;
  /** The account's name in its organisation (AWS Organizations, Alibaba Resource Directory). Never part of the finding id. */
  readonly accountName?: string;
  readonly region: string;
  /** Provider-style type: `ecs:security-group`, `elasticsearch:instance`, `s3:bucket`… */
  readonly type: string;
  readonly id: string;
  readonly name?: string;
  /**
   * Resources read from a Terraform plan: the address, where the block is written (when the
   * source was found) and the normalised fields the plan leaves unknown until apply. Never part
   * of the finding id.
   */
  readonly terraform?: TerraformOrigin;
}

interface TerraformOrigin {
  /** `module.search.alicloud_elasticsearch_instance.logs` */
  readonly address: string;
  /** Relative to the repository root, forward slashes. */
  readonly file?: string;
  readonly line?: number;
  /** Normalised field names (`whitelist`, `kibana.public`, `acl`…) whose value is known only after apply. */
  readonly unknownUntilApply?: readonly string[];
}

/** host:port the resource makes reachable from the internet, and what should answer there. */
export interface ImpliedEndpoint {
  readonly host: string;
  readonly port: number;
  /** Products a live probe should find there (kibana, elasticsearch, mysql…). */
  readonly products: readonly string[];
  /** Speak TLS first, with the host as SNI (an HTTPS load balancer listener). */
  readonly tls?: boolean;
}

export interface SecurityGroup {
  readonly kind: 'security-group';
  readonly ref: ResourceRef;
  readonly rules: readonly IngressRule[];
  /** Public IPs (instance public IPs, EIPs) of what the group guards. */
  readonly publicIps: readonly string[];
  /** Instances it guards, by id (for evidence). */
  readonly instances: readonly string[];
  /** Public DNS names whose records lead to one of its public IPs (src/cloud/link.ts). */
  readonly publicNames?: readonly PublicName[];
}

/** A managed Elasticsearch / OpenSearch service (Alibaba Elasticsearch, AWS OpenSearch Service). */
export interface SearchDomain {
  readonly kind: 'search-domain';
  readonly ref: ResourceRef;
  readonly engine: 'elasticsearch' | 'opensearch';
  readonly version?: string;
  /** The cluster's public endpoint, when one is enabled. */
  readonly publicEndpoint?: { readonly host: string; readonly port: number; readonly protocol: 'http' | 'https' };
  /** Alibaba: the public network whitelist. */
  readonly publicWhitelist?: readonly string[];
  /** AWS: the access policy lets anyone (Principal "*", no source condition) call the domain. */
  readonly accessPolicyOpen?: boolean;
  /** AWS: fine-grained access control (a login) is on. */
  readonly fineGrainedAccessControl?: boolean;
  /** Kibana (or OpenSearch Dashboards) on the public network: `unknown` when a plan leaves it to apply time. */
  readonly kibana?: {
    readonly public: boolean | 'unknown';
    readonly host?: string;
    readonly port?: number;
    readonly whitelist?: readonly string[];
  };
}

export type DatabaseEngine =
  | 'mysql'
  | 'mariadb'
  | 'postgresql'
  | 'sqlserver'
  | 'redis'
  | 'mongodb'
  | 'redshift'
  | 'rabbitmq'
  | 'activemq'
  | 'kafka'
  | 'clickhouse'
  | 'other';

/** A managed database (Alibaba RDS, ApsaraDB for Redis / MongoDB, PolarDB, AWS RDS), warehouse (AWS Redshift, ApsaraDB for ClickHouse) or broker (Amazon MQ, Amazon MSK). */
export interface DatabaseInstance {
  readonly kind: 'database';
  readonly ref: ResourceRef;
  readonly engine: DatabaseEngine;
  readonly version?: string;
  /** Alibaba: IP whitelist entries, every group merged. */
  readonly whitelist?: readonly string[];
  /** Alibaba: the same entries by named group (hidden groups left out), when read from an account: a fix edits one group. */
  readonly whitelistGroups?: readonly WhitelistGroup[];
  /** The configuration version an update must name (MSK CurrentVersion). */
  readonly revision?: string;
  /** AWS: PubliclyAccessible. */
  readonly publiclyAccessible?: boolean;
  /** Public connection strings. */
  readonly publicEndpoints: readonly { readonly host: string; readonly port: number }[];
  /** AWS: the VPC security groups attached to it, by id. */
  readonly securityGroups?: readonly string[];
  /**
   * What those groups say about the public endpoint's port, worked out from the whole inventory
   * before the rules run (src/cloud/reachability.ts); absent when nothing could be said.
   */
  readonly firewall?: FirewallPath;
}

export interface WhitelistGroup {
  readonly name: string;
  readonly entries: readonly string[];
}

/** What the firewall in front of a public endpoint says about its port (src/cloud/reachability.ts). */
export type FirewallPath =
  /** A security group admits every address on the port: reachable from the whole internet. */
  | {
      readonly state: 'open';
      readonly port: number;
      readonly group: string;
      readonly source: string;
      readonly ruleId?: string;
    }
  /** Every attached group was read and none admits the internet on the port. */
  | { readonly state: 'closed'; readonly port: number; readonly groups: readonly string[] }
  /** A group could not be read, or its rules cannot be decided (an unresolved prefix list). */
  | { readonly state: 'unknown'; readonly port: number; readonly reason: string };

/** An object storage bucket (Alibaba OSS, AWS S3). */
export interface Bucket {
  readonly kind: 'bucket';
  readonly ref: ResourceRef;
  /** Canned ACL (OSS: private | public-read | public-read-write). */
  readonly acl?: string;
  /** S3: ACL grants to everyone (AllUsers) or any AWS account (AuthenticatedUsers), as "Group:PERMISSION". */
  readonly publicGrants?: readonly string[];
  /** The provider's own verdict on the bucket policy (S3 GetBucketPolicyStatus, OSS GetBucketPolicyStatus). */
  readonly policyPublic?: boolean;
  /** Statements with Principal "*" and no restricting condition, by Sid or index. */
  readonly openPolicyStatements?: readonly string[];
  /** Public access block, bucket level: everything public is ignored/blocked. */
  readonly blockPublicAccess?: boolean;
  /** Public access block, account level. */
  readonly accountBlockPublicAccess?: boolean;
  /** Proven by an unsigned, read-only listing request (at most one key): anyone can list it. */
  readonly anonymousListing?: boolean;
}

/** Where a load balancer listener sends traffic: an ELBv2 target group, or a Classic ELB's instance port. */
export interface ListenerTarget {
  /** Target group name; for a Classic ELB, `instance port N`. */
  readonly name: string;
  readonly port: number;
  /** Healthy / registered targets; absent when the health could not be read. */
  readonly healthy?: number;
  readonly registered?: number;
}

/**
 * An access-control list on one listener (Alibaba CLB and ALB): a whitelist admits only its
 * entries, a blacklist refuses its entries. Both providers forward every request when the lists
 * hold no entry at all. `entries` absent: a list could not be read (unknown, never closed).
 */
export interface ListenerAcl {
  readonly ids: readonly string[];
  readonly type: 'white' | 'black';
  readonly entries?: readonly string[];
}

export interface Listener {
  /** The provider's id for the listener (ELBv2 ListenerArn, ALB ListenerId): what a fix names. */
  readonly id?: string;
  readonly port: number;
  /** Lowercase: http, https, tcp, tls, udp, tcp_udp, ssl. */
  readonly protocol: string;
  /** A login the load balancer itself asks for before forwarding (ALB authenticate-oidc / -cognito). */
  readonly authenticated?: boolean;
  /** Alibaba: the listener's own access control, when it is on. */
  readonly acl?: ListenerAcl;
  readonly targets: readonly ListenerTarget[];
}

/**
 * A DNS name in a public zone of the same inventory whose records lead to the resource
 * (directly, through CNAMEs or aliases). `probe`: the account allows probing names (probeNames).
 */
export interface PublicName {
  readonly name: string;
  readonly zone: string;
  readonly probe: boolean;
}

/**
 * The firewall in front of a resource, resolved from its security groups: `none` when it has
 * none (an NLB without groups admits every address); absent when a group could not be read.
 */
export type FrontFirewall = { readonly groups: readonly string[]; readonly rules: readonly IngressRule[] } | 'none';

/**
 * An AWS ELBv2 (application / network) or Classic load balancer, or an Alibaba Cloud CLB (SLB,
 * flavour `classic`, whose `dnsName` is its IP address) or ALB (`application`).
 */
export interface LoadBalancer {
  readonly kind: 'load-balancer';
  readonly ref: ResourceRef;
  readonly flavour: 'application' | 'network' | 'gateway' | 'classic';
  readonly internetFacing: boolean;
  readonly dnsName?: string;
  /** Security group ids it lists (firewall resolves them). */
  readonly securityGroups: readonly string[];
  readonly firewall?: FrontFirewall;
  readonly listeners: readonly Listener[];
  readonly publicNames?: readonly PublicName[];
}

export interface DnsRecord {
  /** Lowercase, no trailing dot. */
  readonly name: string;
  /** ALIAS: a Route 53 alias (values are the target's DNS name). */
  readonly type: 'A' | 'AAAA' | 'CNAME' | 'ALIAS';
  readonly values: readonly string[];
}

/** A DNS zone (Route 53 hosted zone, Alibaba Cloud DNS domain) with its address records. */
export interface DnsZone {
  readonly kind: 'dns-zone';
  readonly ref: ResourceRef;
  readonly public: boolean;
  /** The account allows names of this zone to be probed (cloud.*.probeNames). */
  readonly probeNames: boolean;
  readonly records: readonly DnsRecord[];
}

/** A managed Kubernetes control plane (EKS, ACK). */
export interface KubernetesCluster {
  readonly kind: 'kubernetes-cluster';
  readonly ref: ResourceRef;
  readonly version?: string;
  /** The API server's public endpoint, when public access is on. */
  readonly publicEndpoint?: { readonly host: string; readonly port: number };
  /** Who may reach the public endpoint (EKS publicAccessCidrs; 0.0.0.0/0 when unrestricted). */
  readonly publicAccessCidrs?: readonly string[];
}

export type CloudResource =
  SecurityGroup | SearchDomain | DatabaseInstance | Bucket | LoadBalancer | DnsZone | KubernetesCluster;
export type ResourceKind = CloudResource['kind'];

/** A read the collector could not make. Never a pass: the report lists it. */
export interface CoverageGap {
  readonly provider: Provider;
  readonly account: string;
  /** The account's name in its organisation, when it was read as a member of one. */
  readonly accountName?: string;
  readonly region: string;
  /** The API call, e.g. `ecs:DescribeSecurityGroupAttribute`. */
  readonly call: string;
  readonly reason: 'denied' | 'throttled' | 'unavailable' | 'credentials' | 'error';
  readonly message: string;
  /** The resource the call was about, when there was one. */
  readonly resource?: string;
}

export interface Inventory {
  readonly resources: readonly CloudResource[];
  readonly gaps: readonly CoverageGap[];
}
