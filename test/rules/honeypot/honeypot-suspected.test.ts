// Services as the fingerprints would report them for one endpoint. The end-to-end cases (a server
// answering every probe with success, and one whose root page claims a dozen products, each
// reported once) are in test/hostile/hostile.test.ts.
import rule from '../../../rules/honeypot/honeypot-suspected.js';
import type { EndpointEvidence } from '../../../src/engine/rule.js';
import type { Service } from '../../../src/fingerprints/service.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

const service = (product: string): Service => ({ product, access: 'open', signals: ['a', 'b'] });
const withServices = (...products: string[]): EndpointEvidence => ({
  ...evidenceOf(httpObservation(response(200, 'ok'))),
  services: products.map(service),
});

testRule(rule, {
  invalid: [
    {
      name: 'one port passing as Kibana, Elasticsearch and Jenkins',
      evidence: withServices('kibana', 'elasticsearch', 'jenkins'),
      findings: [{ product: 'honeypot', evidence: { productsClaimed: ['elasticsearch', 'jenkins', 'kibana'] } }],
    },
    {
      // It judges the endpoint's claims, not a product: the engine shows it one-signal services too.
      name: 'a root page claiming three products by one signal each',
      evidence: {
        ...evidenceOf(httpObservation(response(200, 'ok'))),
        services: ['grafana', 'jenkins', 'solr'].map((product) => ({
          product,
          access: 'unknown' as const,
          signals: ['title'],
        })),
      },
      findings: [{ product: 'honeypot', evidence: { productsClaimed: ['grafana', 'jenkins', 'solr'] } }],
    },
  ],
  valid: [
    {
      name: 'a proxy serving two products on one port',
      nearMiss: true,
      evidence: withServices('grafana', 'prometheus'),
    },
    { name: 'one product', evidence: withServices('kibana') },
    { name: 'the same product named twice is still one', evidence: withServices('redis', 'redis', 'redis') },
  ],
});
