// "Every cloud rule's findings carry a command that names the resource's real id" (issue 19
// item 4), checked over a report: each cloud finding has a fix whose commands name the resource's
// id as an argument (or inside an ROA path or ARN), or, from a plan, a Terraform change on its address.
import { expect } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';

const CLOUD_RULE = /^(aws|alibaba)-/;

function names(argument: string, id: string): boolean {
  const encoded = encodeURIComponent(id);
  return (
    argument === id ||
    argument.includes(`/${id}/`) ||
    argument.endsWith(`/${id}`) ||
    argument.includes(`/${encoded}/`) ||
    argument.endsWith(`/${encoded}`)
  );
}

/** Checks every cloud finding of the report; returns the cloud rule ids it saw. */
export function expectCloudFixesNameIds(findings: readonly Finding[]): string[] {
  const cloud = findings.filter((finding) => CLOUD_RULE.test(finding.ruleId));
  for (const finding of cloud) {
    const { resource, fix } = finding;
    const label = `${finding.ruleId} ${resource?.id}`;
    expect(resource, label).toBeDefined();
    expect(fix, label).toBeDefined();
    if (resource!.terraform) {
      expect(fix!.terraform?.length ?? 0, label).toBeGreaterThan(0);
      // The change is on the resource's own block, or on the rule resource of its security group.
      for (const change of fix!.terraform!) expect(change.address, label).toMatch(/^(module\.|aws_|alicloud_)/);
      expect(
        fix!.terraform!.some((change) => change.address === resource!.terraform!.address) ||
          resource!.type.endsWith('security-group') ||
          resource!.type === 's3:bucket',
        label,
      ).toBe(true);
      continue;
    }
    expect(fix!.commands.length, label).toBeGreaterThan(0);
    const named = fix!.commands.some((command) =>
      command.argv.some(
        (argument) =>
          names(argument, resource!.id) ||
          // An Alibaba ALB listener is deleted by its own id (lsn-…).
          (resource!.type === 'alb:load-balancer' && /^lsn-/.test(argument)),
      ),
    );
    expect(named, `${label}: ${fix!.commands.map((command) => command.shell).join(' ; ')}`).toBe(true);
  }
  return [...new Set(cloud.map((finding) => finding.ruleId))].sort();
}
