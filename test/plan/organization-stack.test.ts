// Issue 17: plans of organisation-wide stacks keep working. Such a stack creates member accounts
// (`aws_organizations_account`) and reaches into them through aliased providers whose `assume_role`
// names a role in an account the same plan creates, so the role ARN is known only after apply.
// The plan must be read, the accounts themselves are not exposures, and a security group created
// through the aliased provider is judged, in the region that provider names. Synthetic plan JSON
// in the `terraform show -json` shape (builder.ts), then through the built CLI; nothing is started.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { findingsOf, inventoryOf, planOf, type PlanResourceSpec } from './builder.js';

type Json = Record<string, any>;

const account: PlanResourceSpec = {
  type: 'aws_organizations_account',
  name: 'team',
  after: {
    name: 'team-payments',
    email: 'aws+payments@example.com',
    role_name: 'OrganizationAccountAccessRole',
    close_on_deletion: false,
  },
  unknown: { id: true, arn: true, status: true },
};
const group = (cidr: string): PlanResourceSpec => ({
  type: 'aws_security_group',
  name: 'search',
  after: {
    name: 'search',
    vpc_id: 'vpc-1',
    ingress: [
      {
        from_port: 9200,
        to_port: 9200,
        protocol: 'tcp',
        cidr_blocks: [cidr],
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        security_groups: [],
        self: false,
        description: '',
      },
    ],
  },
  unknown: { id: true, arn: true },
});

/** The plan builder's plan, with the group created through `provider "aws" { alias = "member"; assume_role { role_arn = … } }`. */
function organizationStack(cidr: string): Json {
  const plan = planOf([account, group(cidr)]) as Json;
  plan.configuration.provider_config['aws.member'] = {
    name: 'aws',
    full_name: 'registry.terraform.io/hashicorp/aws',
    alias: 'member',
    expressions: {
      region: { constant_value: 'eu-central-1' },
      assume_role: [
        {
          role_arn: { references: ['aws_organizations_account.team.id', 'aws_organizations_account.team'] },
          session_name: { constant_value: 'terraform' },
        },
      ],
    },
  };
  const config = (plan.configuration.root_module.resources as Json[]).find(
    (resource) => resource.type === 'aws_security_group',
  )!;
  config.provider_config_key = 'aws.member';
  return plan;
}

describe('an organisation-wide stack (aws_organizations_account, an aliased provider with assume_role)', () => {
  it("is read: the member account is no finding, the open group made through the alias is, in the alias's region", () => {
    const plan = organizationStack('0.0.0.0/0');
    const inventory = inventoryOf(plan);
    expect(inventory.resources.map((resource) => resource.ref.type)).not.toContain('organizations:account');
    const findings = findingsOf(plan).filter((finding) => !finding.ruleId.startsWith('software-'));
    expect(findings.map((finding) => `${finding.ruleId} ${finding.resource?.id} ${finding.resource?.region}`)).toEqual([
      'aws-security-group-open-service-port aws_security_group.search eu-central-1',
    ]);
  });

  it('near miss: the same stack with the group open only to 10.0.0.0/8 gives nothing', () => {
    expect(
      findingsOf(organizationStack('10.0.0.0/8')).filter((finding) => !finding.ruleId.startsWith('software-')),
    ).toEqual([]);
  });

  it('exposcan plan reads the stack and gates on the group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exposcan-org-stack-'));
    const file = join(dir, 'tfplan.json');
    writeFileSync(file, JSON.stringify(organizationStack('0.0.0.0/0')));
    const run = await runCli(['plan', file, '--fail-on', 'medium', '--out', join(dir, 'out')], { timeoutMs: 180_000 });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('aws-security-group-open-service-port');
  });
});
