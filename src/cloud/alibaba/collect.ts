// Reads an Alibaba Cloud account, read-only, into the normalised inventory: security groups with
// the public IPs they guard, RDS / Redis / MongoDB instances and PolarDB and ClickHouse clusters with their whitelists and public
// connection strings, ApsaraMQ for RabbitMQ instances with their public endpoints, Elasticsearch instances with their public and Kibana endpoints, and OSS
// buckets with their ACL, policy verdict and Block Public Access; the front doors: CLB and ALB
// load balancers with their listeners and ACLs, ACK API servers, and the Alibaba Cloud DNS
// domains whose records name them. Regions are read
// `options.concurrency` at a time. Every call that fails is a coverage gap; a resource is in the
// inventory only when every read it needs succeeded.
import pLimit from 'p-limit';
import { gap, type AlibabaAccount, type Collector } from '../accounts.js';
import type { CloudResource, CoverageGap } from '../inventory.js';
import { collectAckClusters } from './ack.js';
import { collectAmqp } from './amqp.js';
import { collectAlb } from './alb.js';
import { collectDomains } from './alidns.js';
import { collectClickhouse } from './clickhouse.js';
import { AlibabaClient, resolveCredentials } from './client.js';
import { collectSecurityGroups } from './ecs.js';
import { collectElasticsearch } from './elasticsearch.js';
import { isOverridden, overrideMode } from './endpoints.js';
import { CallFailure } from './errors.js';
import { list, text } from './json.js';
import { collectMongo } from './mongodb.js';
import { collectBuckets } from './oss.js';
import { collectPolardb } from './polardb.js';
import { collectRds } from './rds.js';
import { collectRedis } from './redis.js';
import { collectSlb } from './slb.js';
import { GLOBAL, Session } from './session.js';

const IDENTITY_CALL = 'sts:GetCallerIdentity';

/**
 * STS GetCallerIdentity: the account id for resource refs, and an early check of the credentials.
 * Wrong credentials stop the scan here with one gap instead of one per call. Skipped when other
 * products are overridden but STS is not (an emulator or a private cloud without STS).
 */
async function identify(session: Session): Promise<boolean> {
  if (overrideMode(session.account) && !isOverridden(session.account, 'sts')) return true;
  try {
    const body = await session.rpc('sts', undefined, 'GetCallerIdentity');
    const accountId = text(body, 'AccountId');
    if (accountId) session.accountLabel = accountId;
    return true;
  } catch (error) {
    if (!(error instanceof CallFailure)) throw error;
    session.recordGap(
      GLOBAL,
      IDENTITY_CALL,
      error,
      undefined,
      error.reason === 'credentials' ? 'nothing else was read' : undefined,
    );
    return error.reason !== 'credentials';
  }
}

/** Every region ECS DescribeRegions lists, remembering each RegionEndpoint. */
async function discoverRegions(session: Session): Promise<string[]> {
  const body = await session.attempt(
    GLOBAL,
    session.call('ecs', 'DescribeRegions'),
    () => session.rpc('ecs', undefined, 'DescribeRegions'),
    undefined,
    'no region was read',
  );
  const regions: string[] = [];
  for (const region of list(body, 'Regions', 'Region')) {
    const id = text(region, 'RegionId');
    if (!id) continue;
    regions.push(id);
    const endpoint = text(region, 'RegionEndpoint');
    if (endpoint) session.ecsRegionEndpoints.set(id, endpoint);
  }
  return regions;
}

async function collectRegion(session: Session, region: string): Promise<CloudResource[]> {
  return [
    ...(await collectSecurityGroups(session, region)),
    ...(await collectRds(session, region)),
    ...(await collectRedis(session, region)),
    ...(await collectMongo(session, region)),
    ...(await collectPolardb(session, region)),
    ...(await collectClickhouse(session, region)),
    ...(await collectAmqp(session, region)),
    ...(await collectElasticsearch(session, region)),
    ...(await collectSlb(session, region)),
    ...(await collectAlb(session, region)),
    ...(await collectAckClusters(session, region)),
  ];
}

function byKey(gapA: CoverageGap, gapB: CoverageGap): number {
  const key = (entry: CoverageGap) => `${entry.region}\u0000${entry.call}\u0000${entry.resource ?? ''}`;
  return key(gapA) < key(gapB) ? -1 : key(gapA) > key(gapB) ? 1 : 0;
}

export const collectAlibaba: Collector<AlibabaAccount> = async (account, options) => {
  const credentials = resolveCredentials(options.credentials);
  if (!credentials) {
    return {
      resources: [],
      gaps: [
        gap(
          'alibaba',
          account.name,
          GLOBAL,
          IDENTITY_CALL,
          'credentials',
          'no Alibaba Cloud credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        ),
      ],
    };
  }
  const client = new AlibabaClient(credentials, {
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const session = new Session(account, client);
  try {
    if (!(await identify(session))) return { resources: [], gaps: session.gaps };
    const regions = account.regions.length > 0 ? [...account.regions] : await discoverRegions(session);
    const limit = pLimit(Math.max(1, options.concurrency));
    const perRegion = await Promise.all(regions.map((region) => limit(() => collectRegion(session, region))));
    const buckets = await collectBuckets(session, account.regions.length > 0 ? account.regions : undefined);
    const zones = await collectDomains(session);
    return { resources: [...perRegion.flat(), ...buckets, ...zones], gaps: [...session.gaps].sort(byKey) };
  } finally {
    client.close();
  }
};
