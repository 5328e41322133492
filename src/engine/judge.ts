// Evidence judged by the rules, and the contracts every rule keeps, checked here once instead of
// in each rule file:
// - a finding about a product rests on a service proven by two independent signals: such rules
//   see only proven services, and a draft about a product the endpoint did not prove is dropped;
// - a finding names one of its rule's products (so --rules <product> selects what it reports).
// Rule tests run through these same functions (test/helpers/rule-tester.ts), so a rule's table
// shows what a scan reports. Cloud resources are judged here too: pure and fast, shared by live
// scans (which then probe the endpoints the drafts imply) and Terraform plans (no probing at all).
import type { Inventory } from '../cloud/inventory.js';
import { linkReachability } from '../cloud/reachability.js';
import type { Service } from '../fingerprints/service.js';
import type { ResourceDraft } from '../findings/build.js';
import type { EndpointEvidence, EndpointRule, FindingDraft, ResourceRule, Rule, RuleContext } from './rule.js';

/** Independent signals that prove a product is there: one match is a guess, never a finding. */
const SIGNALS_FOR_PROOF = 2;

function isProven(service: Service): boolean {
  return service.signals.length >= SIGNALS_FOR_PROOF;
}

/** The draft names one of the rule's products: else it is a rule bug, and the finding is not reported. */
function namesOwnProduct(rule: Rule, draft: FindingDraft): boolean {
  return rule.meta.products.includes(draft.product);
}

/**
 * What one endpoint's evidence gives with one rule, the contracts applied. `evidence` is frozen.
 * A rule about a product sees only the proven services, and each of its drafts must name a
 * product proven on the endpoint (wire rules read the observation, whose signals make its
 * service). A rule that judges the endpoint itself (`overridesEndpoint`: a honeypot) reports no
 * product's exposure: it sees every service, each one a claim the endpoint made, however weak.
 */
export function judgeByRule(rule: EndpointRule, evidence: EndpointEvidence, ctx: RuleContext): FindingDraft[] {
  if (rule.protocols !== 'any' && !rule.protocols.includes(evidence.observation.protocol)) return [];
  if (rule.meta.overridesEndpoint) return rule.check(evidence, ctx).filter((draft) => namesOwnProduct(rule, draft));
  const proven = evidence.services.filter(isProven);
  const seen =
    proven.length === evidence.services.length
      ? evidence
      : Object.freeze({ ...evidence, services: Object.freeze(proven) });
  const products = new Set(proven.map((service) => service.product));
  return rule.check(seen, ctx).filter((draft) => namesOwnProduct(rule, draft) && products.has(draft.product));
}

export function judgeInventory(
  inventory: Inventory | undefined,
  rules: readonly ResourceRule[],
  ctx: RuleContext,
): ResourceDraft[] {
  if (!inventory) return [];
  // Verdicts that need two resources (a public flag and the firewall in front of it) are worked out first.
  return linkReachability(inventory).resources.flatMap((resource) =>
    rules
      .filter((rule) => (rule.resources as readonly string[]).includes(resource.kind))
      .flatMap((rule) =>
        rule
          .checkResource(deepFreeze(resource) as never, ctx)
          .filter((draft) => namesOwnProduct(rule, draft))
          .map((draft) => ({ rule, resource, draft })),
      ),
  );
}

/** Rules get frozen evidence: a rule that tries to change what it was given fails loudly. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const entry of value.values()) deepFreeze(entry);
    else for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
