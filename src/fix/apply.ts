// The engine's one call into the fixes: the rule's generator, with an id no shell can carry
// (a NUL from a hostile API answer) costing the finding its fix, never the scan.
import type { CloudResource } from '../cloud/inventory.js';
import type { ResourceFindingDraft, ResourceRule } from '../engine/rule.js';
import { UnquotableArgument } from './shell.js';
import type { Fix } from './types.js';

export function fixFor(rule: ResourceRule, resource: CloudResource, draft: ResourceFindingDraft): Fix | undefined {
  try {
    // A rule that judges endpoints too (end of life) is typed as an endpoint rule and may carry none.
    return typeof rule.fix === 'function' ? rule.fix(resource as never, draft) : undefined;
  } catch (error) {
    if (error instanceof UnquotableArgument) return undefined;
    throw error;
  }
}
