// S3 and S3 Control for the AWS emulator (restXml, path-style). Bucket reads are answered only to
// the owning account; the unsigned ListObjectsV2 is answered as S3 decides it: a READ grant to
// AllUsers or an unconditioned public policy allowing s3:ListBucket, unless a public access block
// (bucket or account) ignores public ACLs / restricts public policies.
import type http from 'node:http';
import type { EmulatedAccount, EmulatedBucket, PublicAccessBlock } from './aws-model.js';
import { S3_NAMESPACE, ServiceError, xmlReply, type Caller, type Operation } from './aws-wire.js';
import { el, escapeXml, leaf, type Xml } from './aws-xml.js';

const GROUP_URI = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
} as const;

const everyone = (principal: unknown): boolean =>
  principal === '*' ||
  (typeof principal === 'object' && principal !== null && [(principal as { AWS?: unknown }).AWS].flat().includes('*'));

/** S3's own verdict, simplified: an Allow to everyone without any condition makes the policy public. */
function policyIsPublic(bucket: EmulatedBucket): boolean {
  return (bucket.policy?.Statement ?? []).some(
    (statement) =>
      statement['Effect'] === 'Allow' && everyone(statement['Principal']) && statement['Condition'] === undefined,
  );
}

function policyAllowsAnonymous(bucket: EmulatedBucket, action: string): boolean {
  return (bucket.policy?.Statement ?? []).some((statement) => {
    if (statement['Effect'] !== 'Allow' || !everyone(statement['Principal']) || statement['Condition'] !== undefined)
      return false;
    return [statement['Action']].flat().some((granted) => granted === '*' || granted === 's3:*' || granted === action);
  });
}

/** Anonymous ListObjectsV2 as S3 decides it: a READ grant to AllUsers or a public policy, unless a block (bucket or account) neutralises it. */
function anonymousMayList(bucket: EmulatedBucket, owner: EmulatedAccount): boolean {
  const ignoreAcls =
    bucket.publicAccessBlock?.IgnorePublicAcls === true || owner.publicAccessBlock?.IgnorePublicAcls === true;
  const restrictPolicy =
    bucket.publicAccessBlock?.RestrictPublicBuckets === true || owner.publicAccessBlock?.RestrictPublicBuckets === true;
  const byAcl =
    !ignoreAcls &&
    bucket.grants.some(
      (grant) => grant.grantee === 'AllUsers' && (grant.permission === 'READ' || grant.permission === 'FULL_CONTROL'),
    );
  const byPolicy = !restrictPolicy && policyAllowsAnonymous(bucket, 's3:ListBucket');
  return byAcl || byPolicy;
}

function pabXml(root: string, block: PublicAccessBlock): Xml {
  return el(
    root,
    leaf('BlockPublicAcls', block.BlockPublicAcls),
    leaf('IgnorePublicAcls', block.IgnorePublicAcls),
    leaf('BlockPublicPolicy', block.BlockPublicPolicy),
    leaf('RestrictPublicBuckets', block.RestrictPublicBuckets),
  );
}

export function s3Operation(
  method: string,
  path: string,
  query: URLSearchParams,
  buckets: ReadonlyMap<string, { bucket: EmulatedBucket; owner: EmulatedAccount }>,
): Operation | undefined {
  if (method !== 'GET') return undefined;
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
  if (segments.length === 0) {
    return {
      action: 's3:ListAllMyBuckets',
      run: (caller) => {
        const owned = [...buckets.values()]
          .filter(({ owner }) => owner === caller!.account)
          .map(({ bucket }) => bucket);
        return xmlReply(
          200,
          el(
            `ListAllMyBucketsResult xmlns="${S3_NAMESPACE}"`,
            el('Owner', leaf('ID', `canonical-${caller!.account.accountId}`)),
            el(
              'Buckets',
              ...owned.map((bucket) =>
                el(
                  'Bucket',
                  leaf('Name', bucket.name),
                  leaf('CreationDate', '2021-03-04T05:06:07.000Z'),
                  leaf('BucketRegion', bucket.region),
                ),
              ),
            ),
          ),
        );
      },
    };
  }
  if (segments.length !== 1) return undefined;
  const name = segments[0]!;
  const entry = buckets.get(name);
  const resource = `arn:aws:s3:::${name}`;
  const sub = ['location', 'publicAccessBlock', 'policyStatus', 'acl', 'policy'].find((key) => query.has(key));
  const list = query.get('list-type') === '2';
  if (!sub && !list) return undefined;
  const action =
    {
      location: 's3:GetBucketLocation',
      publicAccessBlock: 's3:GetBucketPublicAccessBlock',
      policyStatus: 's3:GetBucketPolicyStatus',
      acl: 's3:GetBucketAcl',
      policy: 's3:GetBucketPolicy',
    }[sub ?? ''] ?? 's3:ListBucket';
  const mustOwn = (caller: Caller | undefined): { bucket: EmulatedBucket; owner: EmulatedAccount } => {
    if (!entry)
      throw new ServiceError(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
    if (!caller || caller.account !== entry.owner) throw new ServiceError(403, 'AccessDenied', 'Access Denied');
    return entry;
  };
  return {
    action,
    resource,
    ...(entry && sub !== 'location' ? { requiredRegion: entry.bucket.region } : {}),
    anonymous: list,
    run: (caller) => {
      if (list) {
        if (!entry)
          throw new ServiceError(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
        if (!(caller && caller.account === entry.owner) && !anonymousMayList(entry.bucket, entry.owner))
          throw new ServiceError(403, 'AccessDenied', 'Access Denied');
        const maxKeys = Math.min(Number(query.get('max-keys') ?? 1000), 1000);
        const keys = entry.bucket.keys.slice(0, maxKeys);
        return xmlReply(
          200,
          el(
            `ListBucketResult xmlns="${S3_NAMESPACE}"`,
            leaf('Name', name),
            el('Prefix'),
            leaf('KeyCount', keys.length),
            leaf('MaxKeys', maxKeys),
            leaf('IsTruncated', keys.length < entry.bucket.keys.length),
            ...keys.map((key) =>
              el(
                'Contents',
                leaf('Key', key),
                leaf('LastModified', '2024-01-02T03:04:05.000Z'),
                leaf('ETag', '"0123456789abcdef0123456789abcdef"'),
                leaf('Size', 1024),
                leaf('StorageClass', 'STANDARD'),
              ),
            ),
          ),
        );
      }
      const { bucket, owner } = mustOwn(caller);
      switch (sub) {
        case 'location':
          return xmlReply(
            200,
            bucket.region === 'us-east-1'
              ? `<LocationConstraint xmlns="${S3_NAMESPACE}"/>`
              : `<LocationConstraint xmlns="${S3_NAMESPACE}">${escapeXml(bucket.region)}</LocationConstraint>`,
          );
        case 'publicAccessBlock':
          if (!bucket.publicAccessBlock)
            throw new ServiceError(
              404,
              'NoSuchPublicAccessBlockConfiguration',
              'The public access block configuration was not found',
              { BucketName: name },
            );
          return xmlReply(
            200,
            pabXml(`PublicAccessBlockConfiguration xmlns="${S3_NAMESPACE}"`, bucket.publicAccessBlock),
          );
        case 'policyStatus':
          if (!bucket.policy)
            throw new ServiceError(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', { BucketName: name });
          return xmlReply(200, el(`PolicyStatus xmlns="${S3_NAMESPACE}"`, leaf('IsPublic', policyIsPublic(bucket))));
        case 'policy':
          if (!bucket.policy)
            throw new ServiceError(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', { BucketName: name });
          return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(bucket.policy) };
        default: {
          const ownerId = `canonical-${owner.accountId}`;
          const xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
          return xmlReply(
            200,
            el(
              `AccessControlPolicy xmlns="${S3_NAMESPACE}"`,
              el('Owner', leaf('ID', ownerId)),
              el(
                'AccessControlList',
                el(
                  'Grant',
                  el(`Grantee ${xsi} xsi:type="CanonicalUser"`, leaf('ID', ownerId)),
                  leaf('Permission', 'FULL_CONTROL'),
                ),
                ...bucket.grants.map((grant) =>
                  el(
                    'Grant',
                    el(`Grantee ${xsi} xsi:type="Group"`, leaf('URI', GROUP_URI[grant.grantee])),
                    leaf('Permission', grant.permission),
                  ),
                ),
              ),
            ),
          );
        }
      }
    },
  };
}

export function s3ControlOperation(
  method: string,
  path: string,
  headers: http.IncomingHttpHeaders,
): Operation | undefined {
  if (method !== 'GET' || path !== '/v20180820/configuration/publicAccessBlock') return undefined;
  const accountId = String(headers['x-amz-account-id'] ?? '');
  return {
    action: 's3:GetAccountPublicAccessBlock',
    resource: accountId,
    run: (caller) => {
      if (caller!.account.accountId !== accountId) throw new ServiceError(403, 'AccessDenied', 'Access Denied');
      const block = caller!.account.publicAccessBlock;
      if (!block)
        throw new ServiceError(
          404,
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
          { AccountId: accountId },
        );
      return xmlReply(200, pabXml('PublicAccessBlockConfiguration', block));
    },
  };
}
