import rule from '../../../rules/cloud-alibaba/alibaba-security-group-open-service-port.js';
import { SERVICE_PORT_NUMBERS } from '../../../src/cloud/service-ports.js';
import { ingress, securityGroup } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

testResourceRule(rule, {
  invalid: [
    {
      name: 'Elasticsearch 9200 open to 0.0.0.0/0, guarding an EIP',
      resource: securityGroup('alibaba', [ingress({ id: 'sgr-open' })]),
      findings: [
        {
          product: 'elasticsearch',
          resource: '9200',
          confidence: 'firm',
          evidence: { port: 9200, ruleId: 'sgr-open' },
          impliedEndpoints: [{ host: '198.51.100.10', port: 9200, products: ['elasticsearch', 'opensearch'] }],
        },
      ],
    },
    {
      name: 'Kibana 5601 open to ::/0 only',
      resource: securityGroup('alibaba', [ingress({ fromPort: 5601, toPort: 5601, sources: ['::/0'] })]),
      findings: [{ product: 'kibana', resource: '5601' }],
    },
    {
      name: 'every port open (-1/-1, ALL) reports each service port, nothing public guarded yet',
      resource: securityGroup('alibaba', [ingress({ protocol: 'all', fromPort: 1, toPort: 65535 })], []),
      findings: SERVICE_PORT_NUMBERS.map(() => ({ severity: 'medium' as const })),
    },
    {
      name: 'an Accept behind a Drop whose prefix list could not be resolved is unknown',
      resource: securityGroup('alibaba', [
        ingress({ policy: 'drop', sources: [], unresolvedSources: ['pl-1'], priority: 1 }),
        ingress({ priority: 2 }),
      ]),
      findings: [
        { confidence: 'unknown', evidence: { undecidedBecause: 'drop rule source pl-1 could not be resolved' } },
      ],
    },
  ],
  valid: [
    {
      name: 'a Drop at a higher priority shadows the Accept',
      nearMiss: true,
      resource: securityGroup('alibaba', [ingress({ priority: 50 }), ingress({ policy: 'drop', priority: 10 })]),
    },
    {
      name: 'open only to 10.0.0.0/8',
      nearMiss: true,
      resource: securityGroup('alibaba', [ingress({ sources: ['10.0.0.0/8'] })]),
    },
    {
      name: 'open to the world on a port no service listens on',
      resource: securityGroup('alibaba', [ingress({ fromPort: 443, toPort: 443 })]),
    },
    { name: 'an AWS group is another rule\u2019s', resource: securityGroup('aws', [ingress()]) },
  ],
});
