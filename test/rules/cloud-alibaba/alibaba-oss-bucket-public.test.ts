import rule from '../../../rules/cloud-alibaba/alibaba-oss-bucket-public.js';
import { bucket } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

testResourceRule(rule, {
  invalid: [
    {
      name: 'ACL public-read',
      resource: bucket('alibaba', { acl: 'public-read' }),
      findings: [{ product: 'oss', evidence: { acl: 'public-read' } }],
    },
    {
      name: 'ACL public-read-write is critical',
      resource: bucket('alibaba', { acl: 'public-read-write' }),
      findings: [{ severity: 'critical' }],
    },
    {
      name: 'private ACL but a public bucket policy',
      resource: bucket('alibaba', { acl: 'private', policyPublic: true }),
      findings: [{ evidence: { policyPublic: true } }],
    },
  ],
  valid: [
    {
      name: 'private ACL, no public policy',
      nearMiss: true,
      resource: bucket('alibaba', { acl: 'private', policyPublic: false }),
    },
    {
      name: 'public-read neutralised by Block Public Access',
      nearMiss: true,
      resource: bucket('alibaba', { acl: 'public-read', blockPublicAccess: true }),
    },
    { name: 'an S3 bucket is another rule\u2019s', resource: bucket('aws', { acl: 'public-read' }) },
  ],
});
