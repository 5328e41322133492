// Plan findings carry the Terraform attribute change on the planned resource (issue 19 item 4),
// over the recorded plans of real `terraform show -json` output.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingsOf } from './builder.js';
import { expectCloudFixesNameIds } from '../helpers/fix-coverage.js';

const plan = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/terraform/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

describe('fixes from a Terraform plan', () => {
  it('the open Alibaba plan: every cloud finding has its Terraform change, and no CLI call for ids that do not exist yet', () => {
    const findings = findingsOf(plan('alibaba-open/tfplan.json'));
    const rules = expectCloudFixesNameIds(findings);
    expect(rules).toContain('alibaba-kibana-public');
    const kibana = findings.find((finding) => finding.ruleId === 'alibaba-kibana-public')!;
    expect(kibana.fix!.commands).toEqual([]);
    expect(kibana.fix!.terraform).toEqual([
      expect.objectContaining({
        address: kibana.resource!.terraform!.address,
        attribute: 'enable_kibana_public_network',
        to: false,
      }),
    ]);
  });

  it('Kibana computed by the provider (unknown until apply) still names the attribute to write', () => {
    const findings = findingsOf(plan('alibaba-kibana-computed.tfplan.json'));
    expectCloudFixesNameIds(findings);
    const kibana = findings.find((finding) => finding.ruleId === 'alibaba-kibana-public');
    expect(kibana?.fix?.terraform?.[0]).toMatchObject({ attribute: 'enable_kibana_public_network', to: false });
    expect(kibana?.fix?.terraform?.[0]).not.toHaveProperty('from');
  });
});
