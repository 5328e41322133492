// Cross-finding behaviour comes from rule metadata, never from rule ids: the rules here have ids
// no shipped rule has, so a regression to id matching fails these cases.
import { describe, expect, it } from 'vitest';
import type { CloudResource } from '../../src/cloud/inventory.js';
import type { FindingDraft, ResourceFindingDraft, Rule, RuleMeta } from '../../src/engine/rule.js';
import { buildFindings, type EndpointDraft, type EndpointPlace, type ResourceDraft } from '../../src/findings/build.js';

const place: EndpointPlace = { endpoint: { host: '192.0.2.10', port: 5601 }, tls: false, protocol: 'http' };

function rule(id: string, extra: Partial<RuleMeta> = {}): Rule {
  const meta: RuleMeta = {
    id,
    title: id,
    severity: 'high',
    products: ['kibana'],
    tags: [],
    cwe: [],
    description: id,
    remediation: 'Fix the thing the finding names, then scan again.',
    references: [],
    defaultPorts: [],
    ...extra,
  };
  return { meta, protocols: ['http'], check: () => [] };
}

const draft: FindingDraft = {
  product: 'kibana',
  version: '6.8.0',
  message: 'Kibana 6.8.0 answered.',
  confidence: 'confirmed',
  evidence: {},
};
const live = (r: Rule): EndpointDraft => ({ rule: r, place, draft });

describe('buildFindings reads RuleMeta, not ids', () => {
  it('a rule whose meta says end-of-life raises the score of the other findings on its endpoint, not its own', () => {
    const exposure = rule('acme-open');
    const age = rule('acme-age', { lifecycle: 'end-of-life' });
    const withAge = buildFindings([live(exposure), live(age)]);
    const alone = buildFindings([live(exposure)]);
    const exposed = withAge.find((finding) => finding.ruleId === 'acme-open')!;
    expect(exposed.score).toBe(alone[0]!.score + 0.5);
    expect(exposed.why).toContain('past end of life');
    expect(withAge.find((finding) => finding.ruleId === 'acme-age')!.why).not.toContain('past end of life');
  });

  it('a rule named like the shipped end-of-life rule but without the meta field aggravates nothing', () => {
    const findings = buildFindings([live(rule('acme-open')), live(rule('software-end-of-life'))]);
    expect(findings.every((finding) => !finding.why.includes('past end of life'))).toBe(true);
  });

  it('a lifecycle finding never proves a cloud finding; an exposure finding on the implied endpoint does', () => {
    const resource: CloudResource = {
      kind: 'security-group',
      ref: { provider: 'aws', account: '123456789012', region: 'eu-west-1', type: 'ec2:security-group', id: 'sg-1' },
      rules: [],
      publicIps: ['192.0.2.10'],
      instances: ['i-1'],
    };
    const resourceDraft: ResourceFindingDraft = {
      product: 'kibana',
      message: 'Port 5601 is open to the internet.',
      confidence: 'firm',
      evidence: {},
      impliedEndpoints: [{ host: '192.0.2.10', port: 5601, products: ['kibana'] }],
    };
    const cloud: ResourceDraft = { rule: rule('acme-cloud'), resource, draft: resourceDraft };

    const byAge = buildFindings([live(rule('acme-versions', { lifecycle: 'known-vulnerable' }))], [cloud]);
    expect(byAge.find((finding) => finding.ruleId === 'acme-cloud')!.confidence).toBe('firm');
    expect(byAge.map((finding) => finding.ruleId).sort()).toEqual(['acme-cloud', 'acme-versions']);

    const byExposure = buildFindings([live(rule('acme-open'))], [cloud]);
    expect(byExposure.map((finding) => finding.ruleId)).toEqual(['acme-cloud']);
    expect(byExposure[0]!.confidence).toBe('confirmed');
  });
});
