import { defineRule, type FindingDraft } from '../../src/engine/rule.js';
import { productName } from '../../src/engine/service-rule.js';

export default defineRule({
  meta: {
    id: 'cerebro-exposed',
    title: 'Cerebro Elasticsearch admin UI is reachable',
    severity: 'medium',
    products: ['cerebro'],
    tags: ['elasticsearch', 'cerebro', 'management-ui', 'login-page'],
    cwe: ['CWE-668'],
    description:
      'The Cerebro admin UI answered a client that sent no credentials, either with the application itself (no authentication configured: ' +
      'its REST console and index actions run against every cluster Cerebro can reach, with the credentials configured in Cerebro) or ' +
      'with its login page. Evidence `loginRequired` says which.',
    remediation:
      'Configure Cerebro authentication (`auth.type` basic or LDAP in application.conf) and keep it off public addresses behind a VPN or ' +
      'an authenticating proxy; give the clusters it manages their own credentials.',
    references: ['https://github.com/lmenezes/cerebro#authentication', 'https://github.com/lmenezes/cerebro'],
    defaultPorts: [9000],
  },
  protocols: ['http'],
  check(evidence) {
    return evidence.services
      .filter((service) => service.product === 'cerebro')
      .filter(
        (service) =>
          service.access === 'open' || (service.access === 'auth-required' && service.details?.loginPage === true),
      )
      .map((service): FindingDraft => {
        const loginRequired = service.access !== 'open';
        return {
          product: service.product,
          ...(service.version ? { version: service.version } : {}),
          message: loginRequired
            ? `${productName(service)} shows its login page to anyone who reaches it.`
            : `${productName(service)} is reachable with no login: its console acts on the clusters it manages.`,
          confidence: 'confirmed',
          evidence: { path: loginRequired ? '/login' : '/', loginRequired, signals: service.signals },
        };
      });
  },
});
