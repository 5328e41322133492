import rule from '../../../rules/cloud-alibaba/alibaba-kibana-public.js';
import { searchDomain } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const host = 'es-cn-1.kibana.elasticsearch.example.com';

testResourceRule(rule, {
  invalid: [
    {
      name: 'the 2022 case: Kibana public network on, whitelist 0.0.0.0/0',
      resource: searchDomain('alibaba', { kibana: { public: true, host, port: 5601, whitelist: ['0.0.0.0/0'] } }),
      findings: [
        { product: 'kibana', confidence: 'firm', impliedEndpoints: [{ host, port: 5601, products: ['kibana'] }] },
      ],
    },
    {
      name: 'a plan that leaves the Kibana public network to apply time: unknown, never a pass',
      resource: searchDomain('alibaba', { kibana: { public: 'unknown' } }),
      findings: [{ confidence: 'unknown', evidence: { kibanaPublic: 'unknown until apply' } }],
    },
  ],
  valid: [
    {
      name: 'public Kibana restricted to one address',
      nearMiss: true,
      resource: searchDomain('alibaba', { kibana: { public: true, host, port: 5601, whitelist: ['198.51.100.7'] } }),
    },
    {
      name: 'Kibana on the private network only',
      nearMiss: true,
      resource: searchDomain('alibaba', { kibana: { public: false, whitelist: ['0.0.0.0/0'] } }),
    },
    { name: 'no Kibana', resource: searchDomain('alibaba', {}) },
  ],
});
