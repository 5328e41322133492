import { ossBucketFix } from '../../src/fix/bucket.js';
import { unknownFields, unknownPhrase } from '../../src/cloud/rules/unknown.js';
import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
  meta: {
    id: 'alibaba-oss-bucket-public',
    title: 'Alibaba Cloud OSS bucket is readable by anyone',
    severity: 'high',
    products: ['oss'],
    tags: ['alibaba', 'oss', 'storage', 'cloud'],
    cwe: ['CWE-732'],
    description:
      'The bucket ACL is public-read or public-read-write, or OSS itself judges the bucket policy public (GetBucketPolicyStatus IsPublic), ' +
      'and Block Public Access is not on for the bucket. Anyone can list and read its objects (and with public-read-write, write them).',
    remediation:
      'Set the bucket ACL to private, remove policy statements granting access to everyone, and turn on Block Public Access.',
    references: [
      'https://www.alibabacloud.com/help/en/oss/user-guide/bucket-acl',
      'https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketpolicystatus',
    ],
    defaultPorts: [],
  },
  resources: ['bucket'],
  fix: ossBucketFix,
  checkResource(bucket) {
    if (bucket.ref.provider !== 'alibaba' || bucket.blockPublicAccess === true) return [];
    const publicAcl = bucket.acl === 'public-read' || bucket.acl === 'public-read-write';
    // A Terraform plan may leave the ACL, the policy or Block Public Access to apply time.
    const unknown = unknownFields(bucket, ['acl', 'policyPublic', 'blockPublicAccess']);
    const mayBePublic =
      publicAcl || bucket.policyPublic === true || unknown.includes('acl') || unknown.includes('policyPublic');
    if (!mayBePublic) return [];
    if (unknown.length > 0) {
      return [
        {
          product: 'oss',
          message: `OSS bucket ${bucket.ref.id} may be public: ${unknownPhrase(unknown)}.`,
          confidence: 'unknown',
          unknownFields: unknown,
          evidence: {
            acl: bucket.acl ?? null,
            policyPublic: bucket.policyPublic ?? null,
            blockPublicAccess: bucket.blockPublicAccess ?? null,
            unknownUntilApply: unknown,
          },
        },
      ];
    }
    return [
      {
        product: 'oss',
        message: `OSS bucket ${bucket.ref.id} is public${publicAcl ? ` by its ACL (${bucket.acl})` : ''}${bucket.policyPublic ? `${publicAcl ? ' and' : ''} by its bucket policy` : ''}.`,
        confidence: 'firm',
        evidence: {
          acl: bucket.acl ?? null,
          policyPublic: bucket.policyPublic ?? null,
          blockPublicAccess: bucket.blockPublicAccess ?? null,
        },
        ...(bucket.acl === 'public-read-write' ? { severity: 'critical' as const } : {}),
      },
    ];
  },
});
