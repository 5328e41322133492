// Public buckets. S3: Block Public Access on for the bucket (all four settings), which makes S3
// ignore public ACLs and refuse public policies. OSS: the bucket ACL set to private.
import type { Bucket } from '../cloud/inventory.js';
import { awsCommand, ossutilApi } from './command.js';
import { liveId, planChange, resourceTypeOf } from './terraform.js';
import type { FixGenerator } from '../engine/rule.js';
import type { Fix, TerraformChange } from './types.js';

const BLOCK_SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** The bucket's aws_s3_bucket_public_access_block beside it (same module and name), every setting true. */
function s3BlockChanges(bucket: Bucket): TerraformChange[] {
  const address = bucket.ref.terraform?.address;
  const type = address ? resourceTypeOf(address) : undefined;
  if (!address || !type) return [];
  const block = address.replace(type, 'aws_s3_bucket_public_access_block');
  return BLOCK_SETTINGS.map((attribute) => ({ address: block, attribute, to: true }));
}

export const s3BucketFix: FixGenerator<'bucket'> = (bucket): Fix => {
  const name = liveId(bucket.ref);
  return {
    summary: `Turn on every Block Public Access setting of S3 bucket ${bucket.ref.name ?? bucket.ref.id}: public ACL grants are ignored and public policies refused.`,
    commands: name
      ? [
          awsCommand(
            's3api',
            'put-public-access-block',
            {
              '--bucket': name,
              '--public-access-block-configuration':
                'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
            },
            bucket.ref.region,
          ),
        ]
      : [],
    terraform: s3BlockChanges(bucket),
  };
};

export const ossBucketFix: FixGenerator<'bucket'> = (bucket): Fix => {
  const name = liveId(bucket.ref);
  return {
    summary:
      `Set the ACL of OSS bucket ${bucket.ref.name ?? bucket.ref.id} to private` +
      (bucket.policyPublic ? ', and remove the bucket policy statements that grant access to everyone.' : '.'),
    commands: name ? [ossutilApi('put-bucket-acl', { '--bucket': name, '--acl': 'private' }, bucket.ref.region)] : [],
    terraform: planChange(bucket.ref, 'acl', 'private', bucket.acl),
  };
};
