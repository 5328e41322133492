import { s3BucketFix } from '../../src/fix/bucket.js';
import { unknownFields, unknownPhrase } from '../../src/cloud/rules/unknown.js';
import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
  meta: {
    id: 'aws-s3-bucket-public',
    title: 'S3 bucket is open to everyone',
    severity: 'high',
    products: ['s3'],
    tags: ['aws', 's3', 'storage', 'cloud'],
    cwe: ['CWE-732'],
    description:
      'The bucket grants access to AllUsers or AuthenticatedUsers through its ACL, or its policy is public (S3\u2019s own GetBucketPolicyStatus, ' +
      'or a statement with Principal "*" and no condition), and neither the bucket\u2019s nor the account\u2019s Block Public Access settings ' +
      'neutralise it. An unsigned listing request that succeeds proves it.',
    remediation:
      'Turn on Block Public Access for the account and the bucket, remove public ACL grants (or disable ACLs with BucketOwnerEnforced) and public policy statements.',
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicyStatus.html',
    ],
    defaultPorts: [],
  },
  resources: ['bucket'],
  fix: s3BucketFix,
  checkResource(bucket) {
    if (bucket.ref.provider !== 'aws') return [];
    // Block Public Access (either level) makes S3 ignore public ACLs and refuse public policies.
    const blocked = bucket.blockPublicAccess === true || bucket.accountBlockPublicAccess === true;
    const grants = bucket.publicGrants ?? [];
    const policy = bucket.policyPublic === true || (bucket.openPolicyStatements ?? []).length > 0;
    // A Terraform plan may leave grants, policy or the public access block to apply time: judged, not passed.
    const unknown = unknownFields(bucket, ['publicGrants', 'openPolicyStatements', 'blockPublicAccess']);
    const unknownOpening = unknown.includes('publicGrants') || unknown.includes('openPolicyStatements');
    if (!blocked && unknown.length > 0 && (unknownOpening || grants.length > 0 || policy)) {
      return [
        {
          product: 's3',
          message: `S3 bucket ${bucket.ref.id} may be public: ${unknownPhrase(unknown)}${grants.length > 0 ? `; ACL grants ${grants.join(', ')}` : ''}${policy ? '; a public bucket policy' : ''}.`,
          confidence: 'unknown',
          unknownFields: unknown,
          evidence: {
            publicGrants: grants,
            openPolicyStatements: bucket.openPolicyStatements ?? [],
            blockPublicAccess: bucket.blockPublicAccess ?? null,
            unknownUntilApply: unknown,
          },
        },
      ];
    }
    if (bucket.anonymousListing !== true && (blocked || (grants.length === 0 && !policy))) return [];
    const reasons = [
      ...(grants.length > 0 ? [`ACL grants ${grants.join(', ')}`] : []),
      ...(policy ? ['a public bucket policy'] : []),
      ...(bucket.anonymousListing ? ['an unsigned listing succeeded'] : []),
    ];
    return [
      {
        product: 's3',
        message: `S3 bucket ${bucket.ref.id} is public: ${reasons.join('; ')}.`,
        confidence: bucket.anonymousListing ? 'confirmed' : 'firm',
        evidence: {
          publicGrants: grants,
          policyPublic: bucket.policyPublic ?? null,
          openPolicyStatements: bucket.openPolicyStatements ?? [],
          blockPublicAccess: bucket.blockPublicAccess ?? null,
          accountBlockPublicAccess: bucket.accountBlockPublicAccess ?? null,
          anonymousListing: bucket.anonymousListing ?? null,
        },
        ...(grants.some((grant) => /WRITE|FULL_CONTROL/.test(grant)) ? { severity: 'critical' as const } : {}),
      },
    ];
  },
});
