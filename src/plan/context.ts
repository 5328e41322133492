// What every mapper needs: the plan's resources by type, attribute reads that know the
// configuration (an attribute nobody wrote, planned as computed, takes the service default when
// one is documented), links from a child resource (a rule, an ACL) to its parent, and the
// resource ref findings carry: provider, account `terraform`, the provider's literal region,
// the normalised type, the Terraform address as id, and where the block is written.
import type { Provider, ResourceRef } from '../cloud/inventory.js';
import { isConfigured, providerRegion, referencedResources, referencesOf } from './config.js';
import { unwrittenDefault } from './defaults.js';
import type { Plan, PlannedResource } from './read.js';
import { attribute, knownString, valueAt, type Value } from './values.js';

/** Every resource from a plan is in this account: ids stay stable whatever the plan file is called. */
export const PLAN_ACCOUNT = 'terraform';
const UNKNOWN_REGION = 'unknown';

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

export interface PlanContext {
  readonly plan: Plan;
  ofType(...types: string[]): PlannedResource[];
  attr(resource: PlannedResource, name: string): Value;
  /** The configuration writes the attribute (a constant or an expression). */
  written(resource: PlannedResource, name: string): boolean;
  /** The parent a child names in `attribute` (a reference in the configuration, else an equal known value of `matchAttributes`). */
  parentOf(
    child: PlannedResource,
    attribute: string,
    parentTypes: readonly string[],
    matchAttributes: readonly string[],
  ): PlannedResource | undefined;
  ref(
    resource: PlannedResource,
    provider: Provider,
    type: string,
    unknownUntilApply: readonly string[],
    name?: string,
  ): ResourceRef;
}

const PROVIDER_NAMES: Readonly<Record<Provider, string>> = { alibaba: 'alicloud', aws: 'aws' };

export function planContext(
  plan: Plan,
  locate: (resource: PlannedResource) => SourceLocation | undefined,
): PlanContext {
  const { configuration } = plan;
  return {
    plan,
    ofType: (...types) => plan.resources.filter((resource) => types.includes(resource.type)),
    attr(resource, name) {
      const value = attribute(resource, name);
      if (value.state !== 'unknown' || isConfigured(configuration, resource, name)) return value;
      const fallback = unwrittenDefault(resource.type, name);
      return fallback === undefined ? value : { state: 'known', value: fallback };
    },
    written: (resource, name) => isConfigured(configuration, resource, name),
    parentOf(child, attributeName, parentTypes, matchAttributes) {
      const candidates = plan.resources.filter((resource) => parentTypes.includes(resource.type));
      for (const target of referencedResources(
        configuration,
        child.moduleAddress,
        referencesOf(configuration, child, attributeName),
      )) {
        // Instances of a counted module share its configuration: compare module paths without their keys.
        const named = candidates.filter(
          (resource) =>
            resource.type === target.type &&
            resource.name === target.name &&
            sameModule(resource.moduleAddress, target.moduleAddress, child.moduleAddress),
        );
        if (named.length === 0) continue;
        if (target.index !== undefined) return named.find((resource) => resource.index === target.index) ?? named[0];
        return named.find((resource) => resource.index === child.index) ?? named[0];
      }
      const value = knownString(valueAt(child, [attributeName]));
      if (value === undefined) return undefined;
      return candidates.find((resource) =>
        matchAttributes.some((match) => knownString(valueAt(resource, [match])) === value),
      );
    },
    ref(resource, provider, type, unknownUntilApply, name) {
      const location = locate(resource);
      return {
        provider,
        account: PLAN_ACCOUNT,
        region: providerRegion(configuration, resource, PROVIDER_NAMES[provider]) ?? UNKNOWN_REGION,
        type,
        id: resource.address,
        ...(name ? { name } : {}),
        terraform: {
          address: resource.address,
          ...(location ? { file: location.file, line: location.line } : {}),
          ...(unknownUntilApply.length > 0 ? { unknownUntilApply: [...unknownUntilApply] } : {}),
        },
      };
    },
  };
}

/**
 * A resource in `candidate` is the one a reference resolved in `target` names: the same module,
 * or, when the reference came from the child's own module, that very module instance.
 */
function sameModule(candidate: string, target: string, childModule: string): boolean {
  if (target === childModule) return candidate === childModule;
  return candidate === target || stripKeys(candidate) === stripKeys(target);
}

function stripKeys(moduleAddress: string): string {
  return moduleAddress.replace(/\[[^\]]*\]/g, '');
}
