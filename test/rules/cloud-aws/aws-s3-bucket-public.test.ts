import rule from '../../../rules/cloud-aws/aws-s3-bucket-public.js';
import { bucket } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

testResourceRule(rule, {
  invalid: [
    {
      name: 'ACL grants AllUsers READ',
      resource: bucket('aws', { publicGrants: ['AllUsers:READ'] }),
      findings: [{ product: 's3', confidence: 'firm', evidence: { publicGrants: ['AllUsers:READ'] } }],
    },
    {
      name: 'ACL grants AuthenticatedUsers WRITE is critical',
      resource: bucket('aws', { publicGrants: ['AuthenticatedUsers:WRITE'] }),
      findings: [{ severity: 'critical' }],
    },
    {
      name: 'S3 says the policy is public',
      resource: bucket('aws', { policyPublic: true, openPolicyStatements: ['PublicRead'] }),
      findings: [{ evidence: { openPolicyStatements: ['PublicRead'] } }],
    },
    {
      name: 'an unsigned listing succeeded: confirmed',
      resource: bucket('aws', { anonymousListing: true }),
      findings: [{ confidence: 'confirmed' }],
    },
  ],
  valid: [
    {
      name: 'public ACL neutralised by account-level Block Public Access',
      nearMiss: true,
      resource: bucket('aws', { publicGrants: ['AllUsers:READ'], accountBlockPublicAccess: true }),
    },
    {
      name: 'public policy neutralised by bucket-level Block Public Access',
      nearMiss: true,
      resource: bucket('aws', { policyPublic: true, blockPublicAccess: true }),
    },
    { name: 'private', resource: bucket('aws', { publicGrants: [], policyPublic: false }) },
  ],
});
