// The contracts the engine checks for every rule (src/engine/judge.ts), shown with rules that break
// them on purpose: a rule file cannot forget them, because they are not in rule files.
import { describe, expect, it } from 'vitest';
import { deepFreeze, judgeByRule } from '../../src/engine/judge.js';
import type { EndpointEvidence, EndpointRule, FindingDraft, RuleMeta } from '../../src/engine/rule.js';
import type { Service } from '../../src/fingerprints/service.js';
import { httpObservation, response } from '../helpers/evidence.js';

const ctx = { now: new Date('2026-11-25T00:00:00Z') };

function meta(extra: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id: 'acme-open',
    title: 'Acme answers without credentials',
    severity: 'high',
    products: ['acme'],
    tags: [],
    cwe: [],
    description: 'Acme.',
    remediation: 'Turn on authentication in Acme, then scan again.',
    references: [],
    defaultPorts: [],
    ...extra,
  };
}

/** Reports every service it is shown, under the product the service has (or a fixed one). */
function reportEvery(extra: Partial<RuleMeta> = {}, product?: string): EndpointRule & { seen: Service[][] } {
  const seen: Service[][] = [];
  return {
    meta: meta(extra),
    protocols: ['http'],
    seen,
    check(evidence) {
      seen.push([...evidence.services]);
      return evidence.services.map((service): FindingDraft => ({
        product: product ?? service.product,
        message: 'seen',
        confidence: 'confirmed',
        evidence: {},
      }));
    },
  };
}

function evidenceWith(services: Service[]): EndpointEvidence {
  return deepFreeze({
    endpoint: { host: '192.0.2.10', port: 80 },
    tls: false,
    observation: httpObservation(response(200, '')),
    services,
  });
}

const proven: Service = { product: 'acme', access: 'open', signals: ['title', 'header'] };
const guessed: Service = { product: 'acme', access: 'open', signals: ['title'] };

describe('judgeByRule', () => {
  it('shows a rule only the services proven by two independent signals', () => {
    const rule = reportEvery();
    expect(judgeByRule(rule, evidenceWith([guessed]), ctx)).toEqual([]);
    expect(rule.seen).toEqual([[]]);
    expect(judgeByRule(rule, evidenceWith([proven, { ...guessed, product: 'other' }]), ctx)).toHaveLength(1);
    expect(rule.seen[1]).toEqual([proven]);
  });

  it('drops a draft naming a product outside the rule’s products', () => {
    expect(judgeByRule(reportEvery({ products: ['other'] }), evidenceWith([proven]), ctx)).toEqual([]);
  });

  it('drops a draft about a product the endpoint did not prove, unless the rule judges the endpoint itself', () => {
    expect(judgeByRule(reportEvery({ products: ['acme', 'ghost'] }, 'ghost'), evidenceWith([proven]), ctx)).toEqual([]);
    expect(
      judgeByRule(reportEvery({ products: ['ghost'], overridesEndpoint: true }, 'ghost'), evidenceWith([proven]), ctx),
    ).toHaveLength(1);
  });

  it('shows a rule that judges the endpoint itself every claim, proven or not', () => {
    const rule = reportEvery({ products: ['ghost'], overridesEndpoint: true }, 'ghost');
    expect(judgeByRule(rule, evidenceWith([guessed, proven]), ctx)).toHaveLength(2);
    expect(rule.seen).toEqual([[guessed, proven]]);
  });

  it('skips a rule that reads another protocol', () => {
    const rule = { ...reportEvery(), protocols: ['redis'] as const };
    expect(judgeByRule(rule, evidenceWith([proven]), ctx)).toEqual([]);
  });
});
