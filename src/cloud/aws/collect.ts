// Reads one AWS account with read-only calls and returns what it makes reachable, normalised
// (src/cloud/inventory.ts), plus a coverage gap for every read that failed.
//
// Order: sts:GetCallerIdentity first (the account id for refs and S3 Control; if AWS rejects the
// credentials there, nothing else is tried: every call would fail the same way). Then S3 (global)
// and the regions (configured, or DescribeRegions) at `options.concurrency` at a time; within a
// region EC2, OpenSearch, RDS, Redshift, Amazon MQ, Amazon MSK and the front doors are read side by side. Every call has `options.timeoutMs`;
// `options.signal` aborts the whole collection (it rejects).
import pLimit from 'p-limit';
import { Agent } from 'undici';
import type { AwsAccount, Collector } from '../accounts.js';
import type { CloudResource, CoverageGap, Inventory } from '../inventory.js';
import { collectSecurityGroups, describeRegions } from './ec2.js';
import { collectFrontDoors } from './front-doors.js';
import { collectDomains } from './opensearch.js';
import { collectBrokers } from './mq.js';
import { collectKafkaClusters } from './msk.js';
import { collectDbInstances } from './rds.js';
import { collectRedshiftClusters } from './redshift.js';
import { collectHostedZones } from './route53.js';
import { collectBuckets } from './s3.js';
import { AwsSession } from './session.js';
import { readAccountId } from './sts.js';

const KIND_ORDER: Readonly<Record<CloudResource['kind'], number>> = {
  bucket: 0,
  'security-group': 1,
  'search-domain': 2,
  database: 3,
  'load-balancer': 4,
  'kubernetes-cluster': 5,
  'dns-zone': 6,
};

/** Code-point order: the same on every machine, whatever its locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Stable output whatever order concurrent reads finished in. */
function sortResources(resources: CloudResource[]): CloudResource[] {
  return resources.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compare(a.ref.region, b.ref.region) || compare(a.ref.id, b.ref.id),
  );
}

function sortGaps(gaps: CoverageGap[]): CoverageGap[] {
  return gaps.sort(
    (a, b) => compare(a.region, b.region) || compare(a.call, b.call) || compare(a.resource ?? '', b.resource ?? ''),
  );
}

async function collectRegion(session: AwsSession, region: string): Promise<CloudResource[]> {
  const [groups, domains, databases, frontDoors, warehouses, brokers, streams] = await Promise.all([
    collectSecurityGroups(session, region),
    collectDomains(session, region),
    collectDbInstances(session, region),
    collectFrontDoors(session, region),
    collectRedshiftClusters(session, region),
    collectBrokers(session, region),
    collectKafkaClusters(session, region),
  ]);
  return [...groups, ...domains, ...databases, ...warehouses, ...brokers, ...streams, ...frontDoors];
}

export const collectAws: Collector<AwsAccount> = async (account, options) => {
  // The SDK warns on every Node 20 process that future versions will need Node 22: noise for a scan.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  options.signal?.throwIfAborted();
  // Refuses a half-overridden account before any request.
  const session = new AwsSession(account, options);
  const dispatcher = new Agent({
    connect: { timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  try {
    const identity = await readAccountId(session);
    if (!identity.ok && identity.gap.reason === 'credentials')
      return { resources: [], gaps: [...session.gaps] } satisfies Inventory;

    const regionLimit = pLimit(Math.max(1, options.concurrency));
    const bucketLimit = pLimit(Math.max(1, options.concurrency));
    const regionsRead = account.regions.length > 0 ? [...new Set(account.regions)] : await describeRegions(session);
    const [buckets, zones, regional] = await Promise.all([
      collectBuckets(session, bucketLimit, dispatcher),
      collectHostedZones(session),
      Promise.all((regionsRead ?? []).map((region) => regionLimit(() => collectRegion(session, region)))),
    ]);
    return {
      resources: sortResources([...buckets, ...zones, ...regional.flat()]),
      gaps: sortGaps([...session.gaps]),
    } satisfies Inventory;
  } finally {
    session.close();
    await dispatcher.destroy();
  }
};
