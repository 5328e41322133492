import rule from '../../../rules/cloud-aws/aws-opensearch-domain-public.js';
import { searchDomain } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const publicEndpoint = { host: 'search-logs-abc.us-east-1.es.example.com', port: 443, protocol: 'https' as const };

testResourceRule(rule, {
  invalid: [
    {
      name: 'public endpoint, access policy open to *, no fine-grained access control',
      resource: searchDomain('aws', {
        version: '6.8',
        publicEndpoint,
        accessPolicyOpen: true,
        fineGrainedAccessControl: false,
      }),
      findings: [
        {
          product: 'elasticsearch',
          impliedEndpoints: [{ host: publicEndpoint.host, port: 443, products: ['elasticsearch', 'opensearch'] }],
        },
      ],
    },
    {
      name: 'open policy but a login in front: medium',
      resource: searchDomain('aws', {
        engine: 'opensearch',
        version: '2.11',
        publicEndpoint,
        accessPolicyOpen: true,
        fineGrainedAccessControl: true,
      }),
      findings: [{ product: 'opensearch', severity: 'medium' }],
    },
  ],
  valid: [
    {
      name: 'public endpoint with a policy naming principals',
      nearMiss: true,
      resource: searchDomain('aws', { publicEndpoint, accessPolicyOpen: false }),
    },
    { name: 'VPC domain with an open policy', resource: searchDomain('aws', { accessPolicyOpen: true }) },
  ],
});
