// aws_s3_bucket with aws_s3_bucket_acl, aws_s3_bucket_policy and
// aws_s3_bucket_public_access_block → Bucket, as the live collector reads S3: public ACL grants
// ("AllUsers:READ"), open policy statements (Principal "*" without a condition pinning the
// source), and the public access block (ignore_public_acls and restrict_public_buckets both on).
// The separate resources join the bucket through `bucket` (a reference, or the bucket name); the
// bucket's own deprecated acl / policy attributes count when no separate resource is given. A
// bucket this plan creates without a public access block resource gets S3's default for new
// buckets (all four settings on, since April 2023).
import { openStatements, parsePolicy } from '../../cloud/aws/policy.js';
import type { Bucket } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import type { PlannedResource } from '../read.js';
import { knownBoolean, knownString, valueAt, type Value } from '../values.js';

const BUCKET_TYPES = ['aws_s3_bucket'];

const CANNED: Readonly<Record<string, readonly string[]>> = {
  'public-read': ['AllUsers:READ'],
  'public-read-write': ['AllUsers:READ', 'AllUsers:WRITE'],
  'authenticated-read': ['AuthenticatedUsers:READ'],
};

const GROUPS: Readonly<Record<string, string>> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

/** Grants of an aws_s3_bucket_acl access_control_policy block, or undefined when unknown. */
function policyGrants(acl: PlannedResource): string[] | undefined {
  const grants = valueAt(acl, ['access_control_policy', 0, 'grant']);
  if (grants.state === 'unknown') return undefined;
  if (grants.state !== 'known' || !Array.isArray(grants.value)) return [];
  return grants.value.flatMap((grant: unknown) => {
    const entry = grant as { grantee?: { type?: string; uri?: string }[]; permission?: string };
    const grantee = entry.grantee?.[0];
    const group = grantee?.type === 'Group' ? GROUPS[grantee.uri ?? ''] : undefined;
    return group && entry.permission ? [`${group}:${entry.permission}`] : [];
  });
}

function grantsOf(ctx: PlanContext, bucket: PlannedResource, acl: PlannedResource | undefined): string[] | undefined {
  const canned = acl ? ctx.attr(acl, 'acl') : ctx.attr(bucket, 'acl');
  if (canned.state === 'unknown') return undefined;
  const fromCanned = CANNED[knownString(canned) ?? ''] ?? [];
  const fromPolicy = acl ? policyGrants(acl) : [];
  return fromPolicy === undefined ? undefined : [...new Set([...fromCanned, ...fromPolicy])].sort();
}

function statementsOf(value: Value): string[] | undefined {
  if (value.state === 'unknown') return undefined;
  const text = knownString(value);
  if (!text || text.trim() === '') return [];
  const statements = parsePolicy(text);
  return statements ? openStatements(statements) : undefined;
}

export function mapAwsBuckets(ctx: PlanContext): Bucket[] {
  const children = (type: string) =>
    new Map(
      ctx.ofType(type).map((child) => [ctx.parentOf(child, 'bucket', BUCKET_TYPES, ['bucket', 'id']), child] as const),
    );
  const acls = children('aws_s3_bucket_acl');
  const policies = children('aws_s3_bucket_policy');
  const blocks = children('aws_s3_bucket_public_access_block');
  return ctx.ofType(...BUCKET_TYPES).map((bucket): Bucket => {
    const unknown: string[] = [];
    const grants = grantsOf(ctx, bucket, acls.get(bucket));
    if (!grants) unknown.push('publicGrants');
    const policy = policies.get(bucket);
    const open = statementsOf(policy ? ctx.attr(policy, 'policy') : ctx.attr(bucket, 'policy'));
    if (!open) unknown.push('openPolicyStatements');
    const block = blocks.get(bucket);
    let blockPublicAccess: boolean | undefined;
    if (block) {
      const ignore = ctx.attr(block, 'ignore_public_acls');
      const restrict = ctx.attr(block, 'restrict_public_buckets');
      if (ignore.state === 'unknown' || restrict.state === 'unknown') unknown.push('blockPublicAccess');
      else blockPublicAccess = knownBoolean(ignore) === true && knownBoolean(restrict) === true;
    } else if (bucket.actions.includes('create')) {
      blockPublicAccess = true;
    }
    return {
      kind: 'bucket',
      ref: ctx.ref(bucket, 'aws', 's3:bucket', unknown, knownString(ctx.attr(bucket, 'bucket'))),
      ...(grants ? { publicGrants: grants } : {}),
      ...(open ? { openPolicyStatements: open, policyPublic: open.length > 0 } : {}),
      ...(blockPublicAccess !== undefined ? { blockPublicAccess } : {}),
    };
  });
}
