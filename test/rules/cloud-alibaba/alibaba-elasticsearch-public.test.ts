import rule from '../../../rules/cloud-alibaba/alibaba-elasticsearch-public.js';
import { searchDomain } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const publicEndpoint = { host: 'es-cn-1.public.elasticsearch.example.com', port: 9200, protocol: 'http' as const };

testResourceRule(rule, {
  invalid: [
    {
      name: 'public endpoint with whitelist 0.0.0.0/0',
      resource: searchDomain('alibaba', { publicEndpoint, publicWhitelist: ['0.0.0.0/0'] }),
      findings: [
        {
          product: 'elasticsearch',
          version: '6.3.2',
          impliedEndpoints: [{ host: publicEndpoint.host, port: 9200, products: ['elasticsearch', 'opensearch'] }],
        },
      ],
    },
  ],
  valid: [
    {
      name: 'public endpoint restricted to an office range',
      nearMiss: true,
      resource: searchDomain('alibaba', { publicEndpoint, publicWhitelist: ['198.51.100.0/24'] }),
    },
    { name: 'no public endpoint', resource: searchDomain('alibaba', { publicWhitelist: ['0.0.0.0/0'] }) },
    {
      name: 'an AWS domain is another rule\u2019s',
      resource: searchDomain('aws', { publicEndpoint, publicWhitelist: ['0.0.0.0/0'] }),
    },
  ],
});
