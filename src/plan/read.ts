// Reads `terraform show -json PLANFILE` output (the JSON plan representation, format_version 1.x:
// https://developer.hashicorp.com/terraform/internals/json-format) into the planned managed
// resources exposcan judges. Each resource comes from `resource_changes` (its actions, `after` and
// `after_unknown`) or, when a plan has none for it, from `planned_values` (root module and child
// modules, recursively) as an unchanged resource. Resources only being deleted are left out: what
// a plan destroys cannot be exposed by it. Data sources are left out. Anything that is not a plan
// is a usage error with one line naming what is wrong.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.js';

export type Json = Record<string, unknown>;

const changeSchema = z.looseObject({
  actions: z.array(z.string()),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
});

const resourceChangeSchema = z.looseObject({
  address: z.string(),
  module_address: z.string().optional(),
  mode: z.string(),
  type: z.string(),
  name: z.string(),
  index: z.unknown().optional(),
  provider_name: z.string().optional(),
  change: changeSchema,
});

const plannedResourceSchema = z.looseObject({
  address: z.string(),
  mode: z.string(),
  type: z.string(),
  name: z.string(),
  index: z.unknown().optional(),
  provider_name: z.string().optional(),
  values: z.record(z.string(), z.unknown()).optional(),
});

interface PlannedModule {
  readonly address?: string | undefined;
  readonly resources?: readonly z.infer<typeof plannedResourceSchema>[] | undefined;
  readonly child_modules?: readonly PlannedModule[] | undefined;
}

const plannedModuleSchema: z.ZodType<PlannedModule> = z.lazy(() =>
  z.looseObject({
    address: z.string().optional(),
    resources: z.array(plannedResourceSchema).optional(),
    child_modules: z.array(plannedModuleSchema).optional(),
  }),
);

const planSchema = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  errored: z.boolean().optional(),
  planned_values: z.looseObject({ root_module: plannedModuleSchema.optional() }).optional(),
  resource_changes: z.array(resourceChangeSchema).optional(),
  configuration: z.record(z.string(), z.unknown()).optional(),
});

type PlanDocument = z.infer<typeof planSchema>;

/** One managed resource instance as the plan will leave it. */
export interface PlannedResource {
  /** `module.search.alicloud_elasticsearch_instance.logs`, `aws_s3_bucket.b["x"]` */
  readonly address: string;
  /** `module.search`, `module.a[0].module.b`; empty for the root module. */
  readonly moduleAddress: string;
  readonly type: string;
  readonly name: string;
  /** count / for_each key, when there is one. */
  readonly index?: string | number;
  /** `registry.terraform.io/aliyun/alicloud` */
  readonly providerName: string;
  readonly actions: readonly string[];
  /** The values after apply, as far as the plan knows them. */
  readonly after: Json;
  /** The same shape as `after`, `true` where the value is known only after apply. */
  readonly afterUnknown: unknown;
}

export interface Plan {
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly resources: readonly PlannedResource[];
  /** `configuration`: provider configs and the module tree with each resource's expressions. */
  readonly configuration: Json;
}

const SUPPORTED_MAJOR = '1';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and checks a plan file; every problem is a UsageError naming the file. */
export function readPlanFile(file: string): Plan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `plan file '${file}' cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`plan file '${file}' is not JSON: write it with 'terraform show -json tfplan > ${file}'`);
  }
  return parsePlan(data, `plan file '${file}'`);
}

export function parsePlan(data: unknown, label = 'the plan'): Plan {
  if (!isObject(data) || typeof data.format_version !== 'string') {
    throw new UsageError(
      `${label} is not a Terraform plan: it has no format_version (write it with 'terraform show -json tfplan')`,
    );
  }
  if (nestsDeeperThan(data))
    throw new UsageError(`${label} nests deeper than ${MAX_JSON_DEPTH} levels: not a plan Terraform writes`);
  const major = data.format_version.split('.')[0];
  if (major !== SUPPORTED_MAJOR)
    throw new UsageError(`${label} has format_version ${data.format_version}: only 1.x plans are supported`);
  if (data.planned_values === undefined && data.resource_changes === undefined) {
    throw new UsageError(
      `${label} is not a Terraform plan: it has neither planned_values nor resource_changes${isObject(data.values) ? ' (it looks like a state; give the JSON of a saved plan)' : ''}`,
    );
  }
  const parsed = planSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      `${label} is not a Terraform plan: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
  }
  const plan = parsed.data;
  if (plan.errored === true)
    throw new UsageError(
      `${label} is from a plan that errored: fix the plan first, an incomplete plan cannot pass the gate`,
    );
  return {
    formatVersion: plan.format_version,
    ...(plan.terraform_version ? { terraformVersion: plan.terraform_version } : {}),
    resources: plannedResources(plan),
    configuration: plan.configuration ?? {},
  };
}

function indexOf(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/** `module.a[0].module.b.aws_s3_bucket.x` → `module.a[0].module.b` */
export function moduleOf(address: string): string {
  const parts = address.match(/module\.[^.[]+(?:\[[^\]]*\])?\./g) ?? [];
  return address.startsWith('module.') ? parts.join('').replace(/\.$/, '') : '';
}

function plannedResources(plan: PlanDocument): PlannedResource[] {
  const byAddress = new Map<string, PlannedResource>();
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== 'managed') continue;
    const actions = change.change.actions;
    // Only deleted (not replaced): nothing of it remains after apply.
    if (actions.length === 1 && actions[0] === 'delete') continue;
    const index = indexOf(change.index);
    byAddress.set(change.address, {
      address: change.address,
      moduleAddress: change.module_address ?? moduleOf(change.address),
      type: change.type,
      name: change.name,
      ...(index !== undefined ? { index } : {}),
      providerName: change.provider_name ?? '',
      actions,
      after: isObject(change.change.after) ? change.change.after : {},
      afterUnknown: change.change.after_unknown ?? {},
    });
  }
  const walk = (module: PlannedModule | undefined) => {
    if (!module) return;
    for (const resource of module.resources ?? []) {
      if (resource.mode !== 'managed' || byAddress.has(resource.address)) continue;
      const index = indexOf(resource.index);
      byAddress.set(resource.address, {
        address: resource.address,
        moduleAddress: module.address ?? moduleOf(resource.address),
        type: resource.type,
        name: resource.name,
        ...(index !== undefined ? { index } : {}),
        providerName: resource.provider_name ?? '',
        actions: ['no-op'],
        after: resource.values ?? {},
        afterUnknown: {},
      });
    }
    for (const child of module.child_modules ?? []) walk(child);
  };
  walk(plan.planned_values?.root_module);
  return [...byAddress.values()];
}
