// "A security group opens a database or console port to the whole internet", for any provider:
// one finding per open port, with the public IPs it guards as the endpoints a live probe checks.
import { securityGroupFix } from '../../fix/security-group.js';
import { defineResourceRule, type ResourceFindingDraft, type ResourceRule, type RuleMeta } from '../../engine/rule.js';
import { publicIngress } from '../ingress.js';
import type { Provider } from '../inventory.js';
import { SERVICE_PORTS, SERVICE_PORT_NUMBERS } from '../service-ports.js';

export function firewallRule(meta: RuleMeta, provider: Provider): ResourceRule {
  return defineResourceRule({
    meta,
    resources: ['security-group'],
    fix: securityGroupFix(provider),
    checkResource(group) {
      if (group.ref.provider !== provider) return [];
      return publicIngress(group.rules, SERVICE_PORT_NUMBERS).flatMap((verdict): ResourceFindingDraft[] => {
        if (verdict.state === 'closed') return [];
        const products = SERVICE_PORTS[verdict.port] ?? [];
        const names = (group.publicNames ?? []).map((name) => name.name);
        const guarded =
          group.publicIps.length > 0
            ? `guarding ${group.publicIps.length} public address(es)${names.length > 0 ? ` (${names.join(', ')})` : ''}`
            : 'guarding no public address yet';
        return [
          {
            product: products[0] ?? 'unknown',
            resource: String(verdict.port),
            message:
              verdict.state === 'open'
                ? `Security group ${group.ref.id} accepts TCP ${verdict.port} (${products.join('/')}) from ${verdict.source}, ${guarded}.`
                : `Security group ${group.ref.id} may accept TCP ${verdict.port} (${products.join('/')}) from the internet: ${verdict.reason}.`,
            // Unknown is never a pass: it is a finding that says it could not be decided.
            confidence: verdict.state === 'open' ? 'firm' : 'unknown',
            ...(verdict.state === 'unknown' && group.ref.terraform?.unknownUntilApply?.length
              ? { unknownFields: group.ref.terraform.unknownUntilApply }
              : {}),
            evidence: {
              port: verdict.port,
              products,
              source: verdict.state === 'open' ? verdict.source : null,
              ruleId: verdict.state === 'open' ? (verdict.rule.id ?? null) : null,
              priority: verdict.state === 'open' ? verdict.rule.priority : null,
              undecidedBecause: verdict.state === 'unknown' ? verdict.reason : null,
              instances: group.instances,
              publicIps: group.publicIps,
              ...(names.length > 0 ? { publicNames: names } : {}),
            },
            // The addresses, and the public names leading to them when the account lets names be probed.
            impliedEndpoints: [
              ...group.publicIps,
              ...(group.publicNames ?? []).filter((name) => name.probe).map((name) => name.name),
            ].map((host) => ({ host, port: verdict.port, products })),
            // Open but guarding nothing public yet: still a finding, lower in the ranking.
            ...(group.publicIps.length === 0 ? { severity: 'medium' as const } : {}),
          },
        ];
      });
    },
  });
}
