import { defineRule, type FindingDraft } from '../../src/engine/rule.js';
import { END_OF_LIFE_AS_OF, END_OF_LIFE_SOURCE, LIFECYCLE_PRODUCTS, lifecycleOf } from './end-of-life-table.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export default defineRule({
  meta: {
    id: 'software-end-of-life',
    title: 'Software past its vendor end of life is reachable',
    severity: 'medium',
    products: LIFECYCLE_PRODUCTS,
    tags: ['eol', 'outdated', 'lifecycle'],
    cwe: ['CWE-1104'],
    description:
      'The version the service reported belongs to a release line its vendor no longer supports: security fixes have stopped. ' +
      'The dates come from a dated table kept beside this rule (asOf and source inside it). Distribution builds sometimes carry ' +
      'back-ported fixes past the upstream date; the finding names the version seen so that can be checked.',
    remediation:
      'Upgrade to a supported release line of the product, and until then keep the service off public addresses.',
    references: [
      'https://endoflife.date/elasticsearch',
      'https://endoflife.date/redis',
      'https://www.postgresql.org/support/versioning/',
      'https://docs.nats.io/release-notes',
    ],
    defaultPorts: [],
    lifecycle: 'end-of-life',
  },
  protocols: 'any',
  check(evidence, ctx) {
    return evidence.services.flatMap((service) => {
      if (!service.version) return [];
      return judge(service.product, service.version, ctx.now);
    });
  },
  // No checkResource: a managed engine read from a cloud account or a Terraform plan (RDS, PolarDB,
  // OpenSearch Service, Alibaba Elasticsearch…) runs its provider's build, patched and retired on the
  // provider's own schedule, so upstream dates would call PolarDB for PostgreSQL 14 or RDS MySQL 8.0
  // dead while the provider still maintains it. What a probe reads on the live endpoint is still judged.
});

function judge(product: string, version: string, now: Date): FindingDraft[] {
  const entry = lifecycleOf(product, version);
  if (!entry?.eol) return [];
  const eol = new Date(`${entry.eol}T00:00:00Z`);
  if (eol.getTime() > now.getTime()) return [];
  const daysPast = Math.floor((now.getTime() - eol.getTime()) / DAY_MS);
  return [
    {
      product,
      version,
      message: `${product} ${version} (release line ${entry.cycle}) reached end of life ${entry.atLatest ? 'on or before' : 'on'} ${entry.eol}, ${daysPast} days ago.`,
      confidence: 'firm',
      resource: product,
      // The product's own lifecycle page: a Redis finding once linked endoflife.date/elasticsearch.
      references: [lifecyclePage(product)],
      evidence: {
        cycle: entry.cycle,
        endOfLife: entry.eol,
        daysPastEndOfLife: daysPast,
        tableAsOf: END_OF_LIFE_AS_OF,
        tableSource: END_OF_LIFE_SOURCE,
      },
    },
  ];
}

/** endoflife.date's page name where it differs from exposcan's product name (OpenSearch Dashboards follows OpenSearch). */
const PAGE_OF: Readonly<Record<string, string>> = {
  docker: 'docker-engine',
  couchdb: 'apache-couchdb',
  'opensearch-dashboards': 'opensearch',
};

/** Products endoflife.date has no page for: the vendor's own support table. */
const VENDOR_PAGE: Readonly<Record<string, `https://${string}`>> = { nats: 'https://docs.nats.io/release-notes' };

function lifecyclePage(product: string): `https://${string}` {
  return VENDOR_PAGE[product] ?? `https://endoflife.date/${PAGE_OF[product] ?? product}`;
}
