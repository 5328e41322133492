// Plan JSON in the `terraform show -json` format (format_version 1.2), built from a short list of
// resources so each test states only what it is about: resource_changes (actions, after,
// after_unknown), planned_values (root module and child modules) and configuration (provider
// region, each resource's expressions, module calls with a local source). Field names and nesting
// follow https://developer.hashicorp.com/terraform/internals/json-format.
import { RULES } from '../../rules/index.js';
import { judgeInventory } from '../../src/engine/judge.js';
import { isResourceRule } from '../../src/engine/rule.js';
import { buildFindings } from '../../src/findings/build.js';
import type { Finding } from '../../src/findings/finding.js';
import { planInventory } from '../../src/plan/inventory.js';
import { parsePlan } from '../../src/plan/read.js';
import type { Inventory } from '../../src/cloud/inventory.js';

type Json = Record<string, unknown>;

export interface PlanResourceSpec {
  readonly type: string;
  readonly name: string;
  /** Module call name: the resource lives in `module.<module>`, source `./modules/<module>`. */
  readonly module?: string;
  readonly after: Json;
  readonly unknown?: Json;
  /** Expressions written in the block; constants default to the `after` values given. */
  readonly expressions?: Json;
  readonly actions?: readonly string[];
}

const PROVIDERS: Readonly<Record<string, string>> = {
  alicloud: 'registry.terraform.io/aliyun/alicloud',
  aws: 'registry.terraform.io/hashicorp/aws',
};

function providerOf(type: string): string {
  return type.split('_')[0]!;
}

/** A reference expression, as the configuration writes `alicloud_security_group.es.id`. */
export function ref(address: string, attribute = 'id'): Json {
  return { references: [`${address}.${attribute}`, address] };
}

export function planOf(resources: readonly PlanResourceSpec[], options: { region?: string } = {}): Json {
  const address = (spec: PlanResourceSpec) => `${spec.module ? `module.${spec.module}.` : ''}${spec.type}.${spec.name}`;
  const changes = resources.map((spec) => ({
    address: address(spec),
    ...(spec.module ? { module_address: `module.${spec.module}` } : {}),
    mode: 'managed',
    type: spec.type,
    name: spec.name,
    provider_name: PROVIDERS[providerOf(spec.type)] ?? '',
    change: {
      actions: spec.actions ?? ['create'],
      before: null,
      after: spec.after,
      after_unknown: spec.unknown ?? {},
      before_sensitive: false,
      after_sensitive: {},
    },
  }));
  const planned = (spec: PlanResourceSpec) => ({
    address: address(spec),
    mode: 'managed',
    type: spec.type,
    name: spec.name,
    provider_name: PROVIDERS[providerOf(spec.type)] ?? '',
    schema_version: 0,
    values: spec.after,
    sensitive_values: {},
  });
  const configOf = (spec: PlanResourceSpec) => ({
    address: `${spec.type}.${spec.name}`,
    mode: 'managed',
    type: spec.type,
    name: spec.name,
    provider_config_key: spec.module ? `${spec.module}:${providerOf(spec.type)}` : providerOf(spec.type),
    expressions: {
      ...Object.fromEntries(
        Object.entries(spec.after)
          .filter(([, value]) => value !== null)
          .map(([key, value]) => [key, { constant_value: value }]),
      ),
      ...(spec.expressions ?? {}),
    },
    schema_version: 0,
  });
  const live = resources.filter((spec) => !(spec.actions?.length === 1 && spec.actions[0] === 'delete'));
  const modules = [...new Set(resources.map((spec) => spec.module).filter((name): name is string => !!name))];
  const region = options.region ?? 'cn-shanghai';
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {
      root_module: {
        resources: live.filter((spec) => !spec.module).map(planned),
        child_modules: modules.map((module) => ({
          address: `module.${module}`,
          resources: live.filter((spec) => spec.module === module).map(planned),
        })),
      },
    },
    resource_changes: changes,
    configuration: {
      provider_config: Object.fromEntries(
        [...new Set(resources.map((spec) => providerOf(spec.type)))].map((provider) => [
          provider,
          {
            name: provider,
            full_name: PROVIDERS[provider],
            expressions: { region: { constant_value: provider === 'aws' && !options.region ? 'eu-west-1' : region } },
          },
        ]),
      ),
      root_module: {
        resources: resources.filter((spec) => !spec.module).map(configOf),
        module_calls: Object.fromEntries(
          modules.map((module) => [
            module,
            {
              source: `./modules/${module}`,
              module: { resources: resources.filter((spec) => spec.module === module).map(configOf) },
            },
          ]),
        ),
      },
    },
    timestamp: '2026-11-20T09:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}

export function inventoryOf(plan: Json): Inventory {
  return planInventory(parsePlan(plan));
}

/** The findings every resource rule makes of the plan, as `exposcan plan` builds them. */
export function findingsOf(plan: Json, now = new Date('2026-11-20T09:00:00Z')): Finding[] {
  return buildFindings([], judgeInventory(inventoryOf(plan), RULES.filter(isResourceRule), { now }));
}

/** "ruleId confidence severity" per finding, sorted: what most tests compare. */
export function verdicts(plan: Json, withoutEndOfLife = true): string[] {
  return findingsOf(plan)
    .filter((finding) => !withoutEndOfLife || !finding.ruleId.startsWith('software-'))
    .map((finding) => `${finding.ruleId} ${finding.resource?.id ?? ''} ${finding.confidence} ${finding.severity}`)
    .sort();
}
