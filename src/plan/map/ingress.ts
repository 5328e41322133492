// A planned firewall rule as an IngressRule (src/cloud/ingress.ts). What the plan leaves to apply
// time becomes an unresolved source, so the port's verdict is "unknown" (a tentative finding),
// never "closed": an unknown source could be 0.0.0.0/0, unknown ports could include 9200.
import type { IngressRule } from '../../cloud/ingress.js';
import { parseCidr } from '../../cloud/address-set.js';

export interface PlannedIngress {
  readonly id: string;
  readonly protocol: string;
  /** undefined: known only after apply. */
  readonly ports: { readonly fromPort: number; readonly toPort: number } | undefined;
  readonly sources: readonly string[];
  /** Attributes whose sources are unknown until apply (`cidr_ip`), and prefix lists. */
  readonly unresolved: readonly string[];
  readonly policy: 'accept' | 'drop';
  readonly priority: number;
}

export function plannedIngressRule(rule: PlannedIngress): IngressRule | undefined {
  if (rule.sources.length === 0 && rule.unresolved.length === 0) return undefined;
  if (rule.ports) {
    return {
      id: rule.id,
      protocol: rule.protocol,
      ...rule.ports,
      sources: [...rule.sources],
      ...(rule.unresolved.length > 0 ? { unresolvedSources: [...rule.unresolved] } : {}),
      policy: rule.policy,
      priority: rule.priority,
    };
  }
  // Ports unknown: only sources that could reach the internet make the rule matter.
  const wide = rule.sources.filter((source) => parseCidr(source)?.prefix === 0);
  if (wide.length === 0 && rule.unresolved.length === 0) return undefined;
  return {
    id: rule.id,
    protocol: rule.protocol,
    fromPort: 1,
    toPort: 65535,
    sources: [],
    unresolvedSources: [
      ...rule.unresolved,
      `ports of ${rule.id} (known after apply) from ${wide.join(', ') || 'unknown sources'}`,
    ],
    policy: rule.policy,
    priority: rule.priority,
  };
}
