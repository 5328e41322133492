import { defineRule } from '../../src/engine/rule.js';

/** Real servers are one product; an endpoint that passes as this many at once is playing a part. */
const PRODUCTS_FOR_HONEYPOT = 3;

export default defineRule({
  meta: {
    id: 'honeypot-suspected',
    title: 'Endpoint answers as several unrelated products at once (likely a honeypot)',
    severity: 'info',
    products: ['honeypot'],
    tags: ['honeypot', 'noise'],
    cwe: [],
    description:
      'The endpoint passed the fingerprints of several unrelated products on one port (for example Kibana, Elasticsearch and Jenkins), ' +
      'which no real server does: honeypots and deception tools answer every probe with success. exposcan reports the endpoint once, as ' +
      'this finding, and drops the other findings there instead of listing a dozen exposures that are not real.',
    remediation:
      'If this endpoint is yours and is a honeypot, nothing to fix; consider excluding it from scans. If it is not yours and not a ' +
      'honeypot, investigate what it really runs.',
    references: ['https://github.com/projectdiscovery/nuclei/issues/6403'],
    defaultPorts: [],
    overridesEndpoint: true,
  },
  protocols: 'any',
  check(evidence) {
    const products = [...new Set(evidence.services.map((service) => service.product))].sort();
    if (products.length < PRODUCTS_FOR_HONEYPOT) return [];
    return [
      {
        product: 'honeypot',
        message: `The endpoint answered as ${products.length} different products: ${products.join(', ')}.`,
        confidence: 'firm',
        evidence: { productsClaimed: products },
      },
    ];
  },
});
