// The `configuration` part of a plan: the module tree as written (module_calls with their
// source and module), each resource's expressions (constant_value, references), and the provider
// configurations. Used for what `after` cannot say: which resource a rule or ACL belongs to when
// the parent's id is unknown until apply, whether an attribute was written at all, the region.
import type { Json, PlannedResource } from './read.js';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `module.a[0].module.b` → ['a', 'b'] */
export function modulePath(moduleAddress: string): string[] {
  return [...moduleAddress.matchAll(/module\.([^.[]+)/g)].map((match) => match[1]!);
}

export interface ModuleConfig {
  readonly resources: readonly Json[];
  readonly calls: Readonly<
    Record<string, { readonly source?: string; readonly expressions: Json; readonly module: ModuleConfig }>
  >;
}

function asModule(value: unknown): ModuleConfig {
  const module = isObject(value) ? value : {};
  const calls: Record<string, { source?: string; expressions: Json; module: ModuleConfig }> = {};
  if (isObject(module.module_calls)) {
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (!isObject(call)) continue;
      calls[name] = {
        ...(typeof call.source === 'string' ? { source: call.source } : {}),
        expressions: isObject(call.expressions) ? call.expressions : {},
        module: asModule(call.module),
      };
    }
  }
  return { resources: Array.isArray(module.resources) ? module.resources.filter(isObject) : [], calls };
}

export function rootModule(configuration: Json): ModuleConfig {
  return asModule(configuration.root_module);
}

/** The configuration of the module a resource instance lives in, if the plan has it. */
function moduleConfig(configuration: Json, moduleAddress: string): ModuleConfig | undefined {
  let module: ModuleConfig | undefined = rootModule(configuration);
  for (const name of modulePath(moduleAddress)) module = module?.calls[name]?.module;
  return module;
}

/** The resource block (expressions, provider_config_key) of a planned resource. */
export function resourceConfig(
  configuration: Json,
  resource: Pick<PlannedResource, 'moduleAddress' | 'type' | 'name'>,
): Json | undefined {
  return moduleConfig(configuration, resource.moduleAddress)?.resources.find(
    (block) => block.mode !== 'data' && block.type === resource.type && block.name === resource.name,
  );
}

function expressions(block: Json | undefined): Json {
  return block && isObject(block.expressions) ? block.expressions : {};
}

/** The attribute is written in the block (as a constant or an expression). */
export function isConfigured(configuration: Json, resource: PlannedResource, attribute: string): boolean {
  return attribute in expressions(resourceConfig(configuration, resource));
}

/** `references` of an attribute's expression: `["alicloud_security_group.es.id", "alicloud_security_group.es"]`. */
export function referencesOf(configuration: Json, resource: PlannedResource, attribute: string): string[] {
  const expression = expressions(resourceConfig(configuration, resource))[attribute];
  if (!isObject(expression) || !Array.isArray(expression.references)) return [];
  return expression.references.filter((reference): reference is string => typeof reference === 'string');
}

/** The region a resource's provider configuration names as a literal, else undefined. */
export function providerRegion(
  configuration: Json,
  resource: PlannedResource,
  providerName: string,
): string | undefined {
  const providers = isObject(configuration.provider_config) ? configuration.provider_config : {};
  const key = resourceConfig(configuration, resource)?.provider_config_key;
  const candidates = [
    typeof key === 'string' ? key : undefined,
    typeof key === 'string' ? key.replace(/^.*:/, '') : undefined,
    providerName,
  ].filter((name): name is string => !!name);
  for (const name of candidates) {
    const provider = providers[name];
    if (!isObject(provider) || !isObject(provider.expressions)) continue;
    const region = provider.expressions.region;
    if (isObject(region) && typeof region.constant_value === 'string') return region.constant_value;
  }
  return undefined;
}

function referencesIn(expression: unknown): string[] {
  if (!isObject(expression) || !Array.isArray(expression.references)) return [];
  return expression.references.filter((reference): reference is string => typeof reference === 'string');
}

/** A resource a reference names: `alicloud_security_group.es[0].id` → type, name, index, in the module given. */
export interface ReferencedResource {
  readonly moduleAddress: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
}

const RESOURCE_REFERENCE = /^([a-z0-9_]+)\.([^.[\]]+)(?:\[(?:"([^"]*)"|(\d+))\])?/i;

/**
 * The resources an attribute's expression refers to, following input variables up through the
 * module calls that set them (`var.security_group_id` in module.search → the call's
 * `security_group_id = alicloud_security_group.es.id` in the root module).
 */
export function referencedResources(
  configuration: Json,
  moduleAddress: string,
  references: readonly string[],
  depth = 0,
): ReferencedResource[] {
  return references.flatMap((reference): ReferencedResource[] => {
    if (reference.startsWith('var.')) {
      if (depth > 8 || moduleAddress === '') return [];
      const variable = reference.slice(4).split('.')[0]!;
      const parentAddress = moduleAddress.replace(/\.?module\.[^.[]+(?:\[[^\]]*\])?$/, '');
      const callName = modulePath(moduleAddress).at(-1)!;
      const call = moduleConfig(configuration, parentAddress)?.calls[callName];
      return referencedResources(configuration, parentAddress, referencesIn(call?.expressions[variable]), depth + 1);
    }
    if (/^(module|data|local|each|count|path|terraform|self)\./.test(reference)) return [];
    const match = RESOURCE_REFERENCE.exec(reference);
    if (!match) return [];
    const index = match[3] ?? (match[4] !== undefined ? Number(match[4]) : undefined);
    return [{ moduleAddress, type: match[1]!, name: match[2]!, ...(index !== undefined ? { index } : {}) }];
  });
}
