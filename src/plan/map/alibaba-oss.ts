// alicloud_oss_bucket with alicloud_oss_bucket_acl, alicloud_oss_bucket_policy and
// alicloud_oss_bucket_public_access_block → Bucket. The separate resources win over the bucket's
// own (deprecated) acl / policy attributes; they join the bucket through `bucket` (a reference,
// or the bucket name). A policy is public when an Allow statement names Principal "*" and no
// condition pins the source (acs:SourceIp without a /0, acs:SourceVpc, acs:SourceVpcId), the
// test OSS's own GetBucketPolicyStatus applies; a policy that is not JSON is unknown.
import { parsePolicy } from '../../cloud/aws/policy.js';
import { openWhitelistEntries } from '../../cloud/ingress.js';
import type { Bucket } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import type { PlannedResource } from '../read.js';
import { knownBoolean, knownString, type Value } from '../values.js';

const BUCKET_TYPES = ['alicloud_oss_bucket'];

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function pinsSource(condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.entries(condition as Record<string, unknown>).some(([operator, clauses]) => {
    if (/^not/i.test(operator) || typeof clauses !== 'object' || clauses === null) return false;
    return Object.entries(clauses as Record<string, unknown>).some(([key, values]) => {
      const name = key.toLowerCase();
      if (name === 'acs:sourceip')
        return (
          openWhitelistEntries(asList(values).filter((value): value is string => typeof value === 'string')).length ===
          0
        );
      return name === 'acs:sourcevpc' || name === 'acs:sourcevpcid';
    });
  });
}

/** true / false, or undefined when the text is not a JSON policy (OSS policies share AWS's shape). */
function ossPolicyPublic(text: string): boolean | undefined {
  const statements = parsePolicy(text);
  if (!statements) return undefined;
  return statements.some(({ Effect, Principal, Condition }) => {
    const everyone =
      asList(Principal).includes('*') ||
      (typeof Principal === 'object' &&
        Principal !== null &&
        asList((Principal as Record<string, unknown>).RAM).includes('*'));
    return Effect === 'Allow' && everyone && !pinsSource(Condition);
  });
}

function policyVerdict(value: Value): boolean | 'unknown' | undefined {
  if (value.state === 'unknown') return 'unknown';
  const text = knownString(value);
  if (text === undefined || text.trim() === '') return undefined;
  return ossPolicyPublic(text) ?? 'unknown';
}

export function mapAlibabaBuckets(ctx: PlanContext): Bucket[] {
  const children = (type: string) =>
    new Map(
      ctx.ofType(type).map((child) => [ctx.parentOf(child, 'bucket', BUCKET_TYPES, ['bucket', 'id']), child] as const),
    );
  const acls = children('alicloud_oss_bucket_acl');
  const policies = children('alicloud_oss_bucket_policy');
  const blocks = children('alicloud_oss_bucket_public_access_block');
  return ctx.ofType(...BUCKET_TYPES).map((bucket: PlannedResource): Bucket => {
    const unknown: string[] = [];
    const aclResource = acls.get(bucket);
    const aclValue = aclResource ? ctx.attr(aclResource, 'acl') : ctx.attr(bucket, 'acl');
    const acl = knownString(aclValue);
    if (aclValue.state === 'unknown') unknown.push('acl');
    const policyResource = policies.get(bucket);
    const policy = policyVerdict(policyResource ? ctx.attr(policyResource, 'policy') : ctx.attr(bucket, 'policy'));
    if (policy === 'unknown') unknown.push('policyPublic');
    const blockResource = blocks.get(bucket);
    const blockValue = blockResource ? ctx.attr(blockResource, 'block_public_access') : undefined;
    if (blockValue?.state === 'unknown') unknown.push('blockPublicAccess');
    const block = blockValue ? knownBoolean(blockValue) : false;
    return {
      kind: 'bucket',
      ref: ctx.ref(bucket, 'alibaba', 'oss:bucket', unknown, knownString(ctx.attr(bucket, 'bucket'))),
      ...(acl ? { acl } : {}),
      ...(policy !== 'unknown' ? { policyPublic: policy ?? false } : {}),
      ...(block !== undefined ? { blockPublicAccess: block } : {}),
    };
  });
}
