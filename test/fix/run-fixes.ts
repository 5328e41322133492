// Runs a cloud rule over a resource and its fix over each draft, as the engine does (src/findings/build.ts).
import type { CloudResource } from '../../src/cloud/inventory.js';
import { isResourceRule, type ResourceRule } from '../../src/engine/rule.js';
import { fixFor } from '../../src/fix/apply.js';
import type { Fix } from '../../src/fix/types.js';
import { RULES } from '../../rules/index.js';

export const CLOUD_RULES: readonly ResourceRule[] = RULES.filter(
  (rule): rule is ResourceRule => isResourceRule(rule) && /^(aws|alibaba)-/.test(rule.meta.id),
);

export function ruleById(id: string): ResourceRule {
  const rule = CLOUD_RULES.find((candidate) => candidate.meta.id === id);
  if (!rule) throw new Error(`no cloud rule ${id}`);
  return rule;
}

export function fixesOf(rule: ResourceRule, resource: CloudResource): (Fix | undefined)[] {
  if (!rule.resources.includes(resource.kind)) return [];
  const drafts = rule.checkResource(resource as never, { now: new Date('2026-12-07T00:00:00Z') });
  return drafts.map((draft) => fixFor(rule, resource, draft));
}
