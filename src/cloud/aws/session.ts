// One collection run against one AWS account: where each service's requests go, the clients, the
// per-call timeout, and the coverage gaps gathered on the way. Nothing here judges exposure.
//
// Endpoints: with no override every client uses the SDK's real regional endpoint. With any
// override, every service must have one: a half-overridden account is a configuration error,
// refused before the first request, so a test (or a private cloud) can never fall through to a
// real AWS host.
import { UsageError } from '../../errors.js';
import { gap, type AwsAccount, type CollectOptions } from '../accounts.js';
import type { CoverageGap } from '../inventory.js';
import { classifyAwsError } from './errors.js';

const AWS_SERVICES = [
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
] as const;
export type AwsService = (typeof AWS_SERVICES)[number];

/** Gaps and reads that concern the whole account rather than one region. */
export const GLOBAL = 'global';

/**
 * Region for account-wide calls (STS, ListBuckets, GetBucketLocation, S3 Control, DescribeRegions):
 * us-east-1, or the first region of the partition the configured regions belong to (China and
 * GovCloud credentials are unknown to us-east-1). Never a configured region itself: an opt-in
 * region the account has not enabled would reject the credentials.
 */
export function homeRegion(regions: readonly string[]): string {
  if (regions.some((region) => region.startsWith('cn-'))) return 'cn-north-1';
  if (regions.some((region) => region.startsWith('us-gov-'))) return 'us-gov-west-1';
  return 'us-east-1';
}

/** Validated endpoint overrides: every service, or none. */
export function endpointOverrides(account: AwsAccount): Readonly<Partial<Record<AwsService, URL>>> {
  const set = AWS_SERVICES.filter((service) => account.endpoints[service] !== undefined);
  if (set.length === 0) return {};
  const missing = AWS_SERVICES.filter((service) => account.endpoints[service] === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `AWS account "${account.name}": endpoint overrides are set for ${set.join(', ')} but not for ${missing.join(', ')}. ` +
        'Set one for every service or none, so that no request falls back to a real AWS endpoint.',
    );
  }
  const urls: Partial<Record<AwsService, URL>> = {};
  for (const service of AWS_SERVICES) {
    const text = account.endpoints[service] ?? '';
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new UsageError(`AWS account "${account.name}": the ${service} endpoint override "${text}" is not a URL.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UsageError(
        `AWS account "${account.name}": the ${service} endpoint override must be http(s), not ${url.protocol}`,
      );
    }
    urls[service] = url;
  }
  return urls;
}

/** Configuration every client gets; service modules add endpoint specifics. */
export interface BaseClientConfig {
  readonly region: string;
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  readonly profile?: string;
  readonly maxAttempts: number;
  readonly requestHandler: { readonly connectionTimeout: number; readonly requestTimeout: number };
}

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly gap: CoverageGap };

interface Destroyable {
  destroy(): void;
}

export class AwsSession {
  readonly gaps: CoverageGap[] = [];
  readonly endpoints: Readonly<Partial<Record<AwsService, URL>>>;
  /** From sts:GetCallerIdentity. */
  accountId: string | undefined;
  /** sts:GetCallerIdentity accepted the credentials. */
  credentialsVerified = false;
  private readonly clients = new Map<string, Destroyable>();

  constructor(
    readonly account: AwsAccount,
    readonly options: CollectOptions,
  ) {
    this.endpoints = endpointOverrides(account);
  }

  /** ResourceRef.account / CoverageGap.account: the id once known, the configured name before. */
  get accountLabel(): string {
    return this.accountId ?? this.account.name;
  }

  get homeRegion(): string {
    return homeRegion(this.account.regions);
  }

  get overridden(): boolean {
    return Object.keys(this.endpoints).length > 0;
  }

  baseConfig(region: string): BaseClientConfig {
    const { credentials } = this.options;
    return {
      region,
      ...(credentials ? { credentials } : this.account.profile ? { profile: this.account.profile } : {}),
      // The SDK's standard retry strategy: throttling and transient errors are retried with backoff.
      maxAttempts: 3,
      requestHandler: { connectionTimeout: this.options.timeoutMs, requestTimeout: this.options.timeoutMs },
    };
  }

  /** One client per service and region, destroyed by `close()`. */
  client<C extends Destroyable>(service: AwsService, region: string, create: (config: BaseClientConfig) => C): C {
    const key = `${service}:${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      client = create(this.baseConfig(region));
      this.clients.set(key, client);
    }
    return client;
  }
  /** The SDK client of `service` in `region`, pointed at the account's endpoint override for it if there is one. */
  sdkClient<C extends Destroyable>(
    service: AwsService,
    region: string,
    Client: new (config: BaseClientConfig & { endpoint?: string }) => C,
  ): C {
    const endpoint = this.endpoints[service];
    return this.client(
      service,
      region,
      (config) => new Client({ ...config, ...(endpoint ? { endpoint: endpoint.href } : {}) }),
    );
  }

  /**
   * One API call under the per-call timeout. A failure becomes a gap (and `ok: false`); the
   * caller's own abort signal is never a gap: it rejects the whole collection.
   */
  async read<T>(
    call: string,
    region: string,
    run: (abortSignal: AbortSignal) => Promise<T>,
    resource?: string,
  ): Promise<Read<T>> {
    const { signal, timeoutMs } = this.options;
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      return { ok: true, value: await run(signal ? AbortSignal.any([signal, timeout]) : timeout) };
    } catch (error) {
      signal?.throwIfAborted();
      const { reason, message } = classifyAwsError(error, {
        call,
        timedOut: timeout.aborted,
        timeoutMs,
        credentialsVerified: this.credentialsVerified,
      });
      return { ok: false, gap: this.addGap(region, call, reason, message, resource) };
    }
  }

  addGap(region: string, call: string, reason: CoverageGap['reason'], message: string, resource?: string): CoverageGap {
    const entry = gap('aws', this.accountLabel, region, call, reason, message, resource);
    this.gaps.push(entry);
    return entry;
  }

  close(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

/**
 * Every page of a paginated call, each page a call of its own (own timeout). Undefined when any
 * page fails: a partial list would silently drop resources.
 */
export async function readAll<P, I>(
  session: AwsSession,
  call: string,
  region: string,
  page: (token: string | undefined, abortSignal: AbortSignal) => Promise<P>,
  items: (page: P) => readonly I[] | undefined,
  next: (page: P) => string | undefined,
  resource?: string,
): Promise<I[] | undefined> {
  const all: I[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const current = token;
    const read = await session.read(call, region, (abortSignal) => page(current, abortSignal), resource);
    if (!read.ok) return undefined;
    all.push(...(items(read.value) ?? []));
    token = next(read.value) || undefined;
    // A service that hands back a token it already gave would loop forever.
    if (token !== undefined) {
      if (seen.has(token)) break;
      seen.add(token);
    }
  } while (token !== undefined);
  return all;
}

/** Resolve to `undefined` when the call fails with one of `codes` (an answer meaning "none"). */
export async function orNone<T>(promise: Promise<T>, ...codes: string[]): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && codes.includes(name)) return undefined;
    throw error;
  }
}
