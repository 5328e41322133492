// Cloud resources judged by the resource rules: pure and fast, shared by live scans (which then
// probe the endpoints the drafts imply) and Terraform plans (which never probe anything).
import type { Inventory } from '../cloud/inventory.js';
import { linkReachability } from '../cloud/reachability.js';
import type { ResourceDraft } from '../findings/build.js';
import type { ResourceRule } from './rule.js';

export function judgeInventory(inventory: Inventory | undefined, rules: readonly ResourceRule[], ctx: { now: Date }): ResourceDraft[] {
  if (!inventory) return [];
  // Verdicts that need two resources (a public flag and the firewall in front of it) are worked out first.
  return linkReachability(inventory).resources.flatMap((resource) =>
    rules
      .filter((rule) => (rule.resources as readonly string[]).includes(resource.kind))
      .flatMap((rule) => rule.checkResource(deepFreeze(resource) as never, ctx).map((draft) => ({ rule, resource, draft }))),
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
