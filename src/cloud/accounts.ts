// Which cloud accounts a scan reads. Credentials never come from here: each SDK's default chain
// and the standard environment variables provide them (ALIBABA_CLOUD_ACCESS_KEY_ID /
// ALIBABA_CLOUD_ACCESS_KEY_SECRET [/ ALIBABA_CLOUD_SECURITY_TOKEN]; AWS_* or the shared profile).
import type { CoverageGap, Inventory } from './inventory.js';

/**
 * Which member accounts of an organisation to read: every active member, narrowed by `include`
 * (only these) and `exclude` (not these), each an account id or an account's exact name.
 */
export interface MemberSelection {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

/** Read every member of the AWS Organization the credentials manage, through a role in each. */
export interface AwsOrganization extends MemberSelection {
  /** The role assumed in each member (e.g. OrganizationAccountAccessRole, or a read-only audit role). */
  readonly roleName: string;
  /** Sent with every AssumeRole when the members' trust policies require one. */
  readonly externalId?: string;
}

/** Read every member of the Alibaba Cloud Resource Directory the credentials manage, through a RAM role in each. */
export interface AlibabaResourceDirectory extends MemberSelection {
  readonly roleName: string;
}

export interface AlibabaAccount {
  /** A label for the report when the account id is not known yet. */
  readonly name: string;
  /** Regions to read; empty means every region DescribeRegions lists. */
  readonly regions: readonly string[];
  /**
   * Endpoint overrides by product (tests, private clouds): ecs, rds, r-kvstore, dds,
   * elasticsearch, oss, sts, resourcemanager, slb, alb, alidns, cs, polardb, clickhouse, amqp-open. A value is a base URL such as
   * http://127.0.0.1:8080.
   */
  readonly endpoints: Readonly<
    Partial<
      Record<
        | 'ecs'
        | 'rds'
        | 'r-kvstore'
        | 'dds'
        | 'elasticsearch'
        | 'oss'
        | 'sts'
        | 'resourcemanager'
        | 'slb'
        | 'alb'
        | 'alidns'
        | 'cs'
        | 'polardb'
        | 'clickhouse'
        | 'amqp-open',
        string
      >
    >
  >;
  /** Probe the Alibaba Cloud DNS names that lead to the account's resources (off: findings name them, probes use the resources' own addresses). */
  readonly probeNames?: boolean;
  /** With it, these credentials are the directory's management account and every member is read. */
  readonly resourceDirectory?: AlibabaResourceDirectory;
}

export interface AwsAccount {
  readonly name: string;
  readonly regions: readonly string[];
  /** Endpoint overrides by service: s3, s3control, ec2, rds, opensearch, sts, elbv2, elb, route53, eks, redshift, mq, kafka (and organizations, read only with `organization`). */
  readonly endpoints: Readonly<
    Partial<
      Record<
        | 's3'
        | 's3control'
        | 'ec2'
        | 'rds'
        | 'opensearch'
        | 'sts'
        | 'elbv2'
        | 'elb'
        | 'route53'
        | 'eks'
        | 'redshift'
        | 'mq'
        | 'kafka'
        | 'organizations',
        string
      >
    >
  >;
  /** Probe the names of the account's public DNS zones that lead to its resources (off: findings name them, probes use the resources' own names). */
  readonly probeNames?: boolean;
  /** Named profile from the shared config files; otherwise the default chain. */
  readonly profile?: string;
  /** With it, these credentials are the organisation's management (or delegated) account and every member is read. */
  readonly organization?: AwsOrganization;
}

export interface CollectOptions {
  /** Per API call. */
  readonly timeoutMs: number;
  /** Regions read at once within one account. */
  readonly concurrency: number;
  /** Member accounts of an organisation read at once (default 4). */
  readonly accountConcurrency?: number;
  readonly signal?: AbortSignal;
  /** Credentials, injected by tests; otherwise read from the environment / default chain. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

export type Collector<A> = (account: A, options: CollectOptions) => Promise<Inventory>;

/** Helper for collectors: a failed read becomes a gap, never a silent pass. */
export function gap(
  provider: CoverageGap['provider'],
  account: string,
  region: string,
  call: string,
  reason: CoverageGap['reason'],
  message: string,
  resource?: string,
): CoverageGap {
  return { provider, account, region, call, reason, message: message.slice(0, 300), ...(resource ? { resource } : {}) };
}

/** Every configured account; kept apart from the collectors so asking costs no SDK load. */
export interface CloudAccounts {
  readonly alibaba: readonly AlibabaAccount[];
  readonly aws: readonly AwsAccount[];
}

export function hasAccounts(accounts: CloudAccounts): boolean {
  return accounts.alibaba.length + accounts.aws.length > 0;
}
