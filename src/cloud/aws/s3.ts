// S3 buckets: who the ACL grants to, what the bucket policy opens, and the public access blocks
// (bucket and account level) that can neutralise both. Each field is set only from a read that
// succeeded; a failed read leaves it absent and records a gap. Buckets that may be public are
// then proven (or not) by one unsigned listing request.
import {
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
  type Grant,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import type { Agent } from 'undici';
import type { Bucket } from '../inventory.js';
import { probeAnonymousListing } from './anonymous.js';
import { openStatements, parsePolicy } from './policy.js';
import { GLOBAL, orNone, type AwsSession } from './session.js';

const GROUPS: Readonly<Record<string, string>> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

/** GetBucketLocation's LocationConstraint: empty for us-east-1, the legacy "EU" for eu-west-1. */
export function bucketRegion(locationConstraint: string | undefined | null): string {
  if (!locationConstraint) return 'us-east-1';
  if (locationConstraint === 'EU') return 'eu-west-1';
  return locationConstraint;
}

/**
 * A public access block neutralises everything public when it both ignores public ACLs and
 * restricts public policies. BlockPublicAcls / BlockPublicPolicy only refuse *new* public
 * settings; existing ones keep working. No configuration at all blocks nothing.
 */
export function blocksPublicAccess(config: PublicAccessBlockConfiguration | undefined): boolean {
  return config?.IgnorePublicAcls === true && config.RestrictPublicBuckets === true;
}

/** ACL grants to everyone (AllUsers) or any AWS account (AuthenticatedUsers), as "Group:PERMISSION", sorted. */
export function publicGrants(grants: readonly Grant[]): string[] {
  const found = new Set<string>();
  for (const grant of grants) {
    const group = grant.Grantee?.Type === 'Group' ? GROUPS[grant.Grantee.URI ?? ''] : undefined;
    if (group && grant.Permission) found.add(`${group}:${grant.Permission}`);
  }
  return [...found].sort();
}

/** Worth an anonymous listing: something public was read, or a deciding read failed. */
export function mayBePublic(bucket: Omit<Bucket, 'anonymousListing'>): boolean {
  return (
    bucket.publicGrants === undefined ||
    bucket.publicGrants.length > 0 ||
    bucket.policyPublic !== false ||
    bucket.openPolicyStatements === undefined ||
    bucket.openPolicyStatements.length > 0
  );
}

interface ListedBucket {
  readonly name: string;
  /** ListBuckets' BucketRegion, when S3 sends it. */
  readonly region?: string;
}

function s3Client(session: AwsSession, region: string): S3Client {
  const endpoint = session.endpoints.s3;
  // On AWS, a bucket answered from the wrong region is retried where S3 says it lives. An override
  // gets no such help: the emulator checks that every bucket call is signed for the bucket's region.
  return session.client(
    's3',
    region,
    (config) =>
      new S3Client({
        ...config,
        ...(endpoint ? { endpoint: endpoint.href, forcePathStyle: true } : { followRegionRedirects: true }),
      }),
  );
}

async function listBuckets(session: AwsSession): Promise<ListedBucket[] | undefined> {
  const client = s3Client(session, session.homeRegion);
  const buckets: ListedBucket[] = [];
  let token: string | undefined;
  do {
    const page = await session.read('s3:ListBuckets', GLOBAL, (abortSignal) =>
      client.send(new ListBucketsCommand(token ? { ContinuationToken: token } : {}), { abortSignal }),
    );
    if (!page.ok) return undefined;
    for (const bucket of page.value.Buckets ?? []) {
      if (bucket.Name)
        buckets.push({ name: bucket.Name, ...(bucket.BucketRegion ? { region: bucket.BucketRegion } : {}) });
    }
    token = page.value.ContinuationToken;
  } while (token);
  return buckets;
}

/** Account-level block, from S3 Control (which needs the account id). */
async function readAccountBlock(session: AwsSession): Promise<boolean | undefined> {
  const accountId = session.accountId;
  if (!accountId) {
    session.addGap(
      GLOBAL,
      's3control:GetPublicAccessBlock',
      'error',
      'skipped: the account id from sts:GetCallerIdentity is unknown',
    );
    return undefined;
  }
  const endpoint = session.endpoints.s3control;
  // S3 Control puts the account id in front of the host ({id}.s3-control.{region}.amazonaws.com);
  // an override must replace the whole endpoint resolution, not only the base URL.
  const client = session.client(
    's3control',
    session.homeRegion,
    (config) =>
      new S3ControlClient({
        ...config,
        ...(endpoint ? { endpointProvider: () => ({ url: new URL(endpoint.href) }) } : {}),
      }),
  );
  const read = await session.read('s3control:GetPublicAccessBlock', GLOBAL, async (abortSignal) => {
    const answer = await orNone(
      client.send(new GetAccountPublicAccessBlockCommand({ AccountId: accountId }), { abortSignal }),
      'NoSuchPublicAccessBlockConfiguration',
    );
    return blocksPublicAccess(answer?.PublicAccessBlockConfiguration);
  });
  return read.ok ? read.value : undefined;
}

async function readBucket(
  session: AwsSession,
  listed: ListedBucket,
  accountBlock: boolean | undefined,
  dispatcher: Agent,
): Promise<Bucket | undefined> {
  const { name } = listed;
  const location = await session.read(
    's3:GetBucketLocation',
    GLOBAL,
    (abortSignal) =>
      s3Client(session, session.homeRegion).send(new GetBucketLocationCommand({ Bucket: name }), { abortSignal }),
    name,
  );
  const region = location.ok ? bucketRegion(location.value.LocationConstraint) : listed.region;
  // Without its region the bucket's other reads cannot be addressed: leave it out (the gap says why).
  if (!region) return undefined;
  const client = s3Client(session, region);

  const [block, status, acl, policy] = await Promise.all([
    session.read(
      's3:GetPublicAccessBlock',
      region,
      async (abortSignal) => {
        const answer = await orNone(
          client.send(new GetPublicAccessBlockCommand({ Bucket: name }), { abortSignal }),
          'NoSuchPublicAccessBlockConfiguration',
        );
        return blocksPublicAccess(answer?.PublicAccessBlockConfiguration);
      },
      name,
    ),
    session.read(
      's3:GetBucketPolicyStatus',
      region,
      async (abortSignal) => {
        const answer = await orNone(
          client.send(new GetBucketPolicyStatusCommand({ Bucket: name }), { abortSignal }),
          'NoSuchBucketPolicy',
        );
        return answer?.PolicyStatus?.IsPublic === true;
      },
      name,
    ),
    session.read(
      's3:GetBucketAcl',
      region,
      async (abortSignal) =>
        publicGrants((await client.send(new GetBucketAclCommand({ Bucket: name }), { abortSignal })).Grants ?? []),
      name,
    ),
    session.read(
      's3:GetBucketPolicy',
      region,
      async (abortSignal) =>
        (await orNone(client.send(new GetBucketPolicyCommand({ Bucket: name }), { abortSignal }), 'NoSuchBucketPolicy'))
          ?.Policy,
      name,
    ),
  ]);

  let open: string[] | undefined;
  if (policy.ok) {
    const statements = policy.value === undefined ? [] : parsePolicy(policy.value);
    if (statements) open = openStatements(statements);
    else session.addGap(region, 's3:GetBucketPolicy', 'error', 'the bucket policy is not a JSON policy document', name);
  }

  const bucket: Bucket = {
    kind: 'bucket',
    ref: { provider: 'aws', account: session.accountLabel, region, type: 's3:bucket', id: name },
    ...(acl.ok ? { publicGrants: acl.value } : {}),
    ...(status.ok ? { policyPublic: status.value } : {}),
    ...(open ? { openPolicyStatements: open } : {}),
    ...(block.ok ? { blockPublicAccess: block.value } : {}),
    ...(accountBlock !== undefined ? { accountBlockPublicAccess: accountBlock } : {}),
  };
  if (!mayBePublic(bucket)) return bucket;

  const listing = await probeAnonymousListing(
    { bucket: name, region, ...(session.endpoints.s3 ? { endpoint: session.endpoints.s3 } : {}) },
    {
      timeoutMs: session.options.timeoutMs,
      dispatcher,
      ...(session.options.signal ? { signal: session.options.signal } : {}),
    },
  );
  if (listing.state === 'error') {
    session.addGap(
      region,
      's3:ListObjectsV2 (unsigned)',
      'error',
      `anonymous listing probe failed: ${listing.message}`,
      name,
    );
    return bucket;
  }
  return { ...bucket, anonymousListing: listing.state === 'listable' };
}

/**
 * Every bucket of the account. `limit` bounds how many buckets are read at once; `dispatcher`
 * carries the unsigned listing probes.
 */
export async function collectBuckets(
  session: AwsSession,
  limit: <T>(task: () => Promise<T>) => Promise<T>,
  dispatcher: Agent,
): Promise<Bucket[]> {
  const [listed, accountBlock] = await Promise.all([listBuckets(session), readAccountBlock(session)]);
  if (!listed) return [];
  const buckets = await Promise.all(
    listed.map((bucket) => limit(() => readBucket(session, bucket, accountBlock, dispatcher))),
  );
  return buckets.filter((bucket): bucket is Bucket => bucket !== undefined);
}
