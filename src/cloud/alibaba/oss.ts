// OSS buckets: ListBuckets (GET / on the service, marker/max-keys, ListAllMyBucketsResult with
// Buckets.Bucket[]: Name, Location, Region, ExtranetEndpoint), then per bucket GetBucketAcl
// (GET /?acl → AccessControlList.Grant: private | public-read | public-read-write),
// GetBucketPolicyStatus (GET /?policyStatus → PolicyStatus.IsPublic, Alibaba's own verdict on the
// bucket policy) and GetBucketPublicAccessBlock (GET /?publicAccessBlock →
// PublicAccessBlockConfiguration.BlockPublicAccess). A bucket with no policy or no Block Public
// Access setting may answer 404 NoSuch…: that is read as "not public" / "not blocking". Any other
// failure leaves the bucket out, with a gap. When the account lists its regions, buckets elsewhere
// are not read.
import type { Bucket, ResourceRef } from '../inventory.js';
import { endpointFor, isOverridden } from './endpoints.js';
import { CallFailure } from './errors.js';
import { ossGet, type OssRequest } from './oss-client.js';
import { GLOBAL, type Session } from './session.js';
import { xmlBlocks, xmlText } from './xml.js';

const LIST_PAGE = 1000;

export interface ListedBucket {
  readonly name: string;
  /** cn-hangzhou */
  readonly region: string;
  /** oss-cn-hangzhou.aliyuncs.com */
  readonly extranetEndpoint: string;
}

export function parseBucketList(xml: string): { buckets: ListedBucket[]; nextMarker?: string } {
  const buckets = xmlBlocks(xml, 'Bucket').flatMap((block) => {
    const name = xmlText(block, 'Name');
    const location = xmlText(block, 'Location');
    const region = xmlText(block, 'Region') ?? location?.replace(/^oss-/, '');
    if (!name || !region) return [];
    return [
      {
        name,
        region,
        extranetEndpoint: xmlText(block, 'ExtranetEndpoint') ?? `${location ?? `oss-${region}`}.aliyuncs.com`,
      },
    ];
  });
  const nextMarker = xmlText(xml, 'IsTruncated') === 'true' ? xmlText(xml, 'NextMarker') : undefined;
  return { buckets, ...(nextMarker ? { nextMarker } : {}) };
}

function xmlBoolean(xml: string, tag: string): boolean {
  const value = xmlText(xml, tag)?.toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new CallFailure('error', `the answer has no <${tag}>true|false</${tag}>`, 'UnexpectedAnswer');
}

function normalizeBucket(ref: ResourceRef, acl: string, policyPublic: boolean, blockPublicAccess: boolean): Bucket {
  return { kind: 'bucket', ref, acl, policyPublic, blockPublicAccess };
}

/** A read whose "not configured" answer (404 NoSuch…, not NoSuchBucket) stands for `absent`. */
async function orAbsent<T>(read: () => Promise<T>, absent: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof CallFailure && error.code && /^NoSuch/.test(error.code) && error.code !== 'NoSuchBucket')
      return absent;
    throw error;
  }
}

export async function collectBuckets(session: Session, regions: readonly string[] | undefined): Promise<Bucket[]> {
  const call = (action: string) => session.call('oss', action);
  const listed = await session.attempt(GLOBAL, call('ListBuckets'), async () => {
    const base = endpointFor(session.account, 'oss', regions?.[0]);
    const all: ListedBucket[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const xml = await ossGet(session.client, {
        base,
        query: { 'max-keys': String(LIST_PAGE), ...(marker ? { marker } : {}) },
      });
      const { buckets, nextMarker } = parseBucketList(xml);
      all.push(...buckets);
      if (!nextMarker || nextMarker === marker) break;
      marker = nextMarker;
    }
    return all;
  });
  const wanted = (listed ?? []).filter((bucket) => !regions || regions.includes(bucket.region));
  const overridden = isOverridden(session.account, 'oss');
  const found = await session.mapLimit(wanted, async (bucket) => {
    const request = (subresource: string): OssRequest => ({
      base: overridden
        ? endpointFor(session.account, 'oss', bucket.region)
        : `https://${bucket.name}.${bucket.extranetEndpoint}`,
      ...(overridden ? { host: `${bucket.name}.${bucket.extranetEndpoint}` } : {}),
      bucket: bucket.name,
      subresource,
    });
    const read = <T>(action: string, work: () => Promise<T>) =>
      session.attempt(bucket.region, call(action), work, bucket.name, 'bucket left out');
    const acl = await read('GetBucketAcl', async () => {
      const grant = xmlText(await ossGet(session.client, request('acl')), 'Grant');
      if (!grant) throw new CallFailure('error', 'the answer has no <Grant>', 'UnexpectedAnswer');
      return grant;
    });
    if (acl === undefined) return undefined;
    const policyPublic = await read('GetBucketPolicyStatus', () =>
      orAbsent(async () => xmlBoolean(await ossGet(session.client, request('policyStatus')), 'IsPublic'), false),
    );
    if (policyPublic === undefined) return undefined;
    const blockPublicAccess = await read('GetBucketPublicAccessBlock', () =>
      orAbsent(
        async () => xmlBoolean(await ossGet(session.client, request('publicAccessBlock')), 'BlockPublicAccess'),
        false,
      ),
    );
    if (blockPublicAccess === undefined) return undefined;
    return normalizeBucket(session.ref(bucket.region, 'oss:bucket', bucket.name), acl, policyPublic, blockPublicAccess);
  });
  return found.filter((bucket): bucket is Bucket => bucket !== undefined);
}
