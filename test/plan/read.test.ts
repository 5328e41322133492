// Reading plan JSON: what is a plan and what is not (one-line usage errors), which resources are
// judged (managed, not only deleted; from resource_changes or, without one, planned_values of the
// root and child modules), and attribute states (known, unknown until apply, unset → defaults).
// Synthetic plan JSON in the `terraform show -json` format; files in a temporary folder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { moduleOf, parsePlan, readPlanFile } from '../../src/plan/read.js';
import { attribute, valueAt } from '../../src/plan/values.js';
import { planOf } from './builder.js';

const dir = mkdtempSync(join(tmpdir(), 'exposcan-plan-read-'));
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('what is a plan', () => {
  it.each([
    ['not JSON', 'this is not json', /is not JSON/],
    ['JSON without format_version', '{"hello": 1}', /is not a Terraform plan: it has no format_version/],
    [
      'an unsupported major format version',
      '{"format_version": "2.0", "planned_values": {}}',
      /format_version 2.0: only 1.x plans are supported/,
    ],
    ['a state, not a plan', '{"format_version": "1.0", "values": {"root_module": {}}}', /it looks like a state/],
    [
      'a plan whose resource_changes are malformed',
      '{"format_version": "1.2", "resource_changes": [{"address": 3}]}',
      /resource_changes\.0\.address/,
    ],
    ['a plan that errored', '{"format_version": "1.2", "errored": true, "resource_changes": []}', /errored/],
  ])('%s: one-line usage error', (_name, text, message) => {
    const path = file(`${_name.replace(/\W+/g, '-')}.json`, text);
    expect(() => readPlanFile(path)).toThrow(UsageError);
    expect(() => readPlanFile(path)).toThrow(message);
    try {
      readPlanFile(path);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('a missing file: usage error naming the code', () => {
    expect(() => readPlanFile(join(dir, 'absent.json'))).toThrow(/cannot be read: ENOENT/);
  });

  it('format 1.x minor versions are read (forward compatible)', () => {
    expect(parsePlan({ ...planOf([]), format_version: '1.9' }).formatVersion).toBe('1.9');
  });
});

describe('which resources are judged', () => {
  const base = (actions: string[]) => ({
    type: 'alicloud_oss_bucket',
    name: 'b',
    after: { bucket: 'b', acl: 'public-read' },
    actions,
  });

  it('created, updated, unchanged and replaced resources are read; only-deleted ones are not', () => {
    for (const actions of [['create'], ['update'], ['no-op'], ['delete', 'create'], ['create', 'delete']]) {
      expect(parsePlan(planOf([base(actions)])).resources.map((resource) => resource.address)).toEqual([
        'alicloud_oss_bucket.b',
      ]);
    }
    expect(parsePlan(planOf([base(['delete'])])).resources).toEqual([]);
  });

  it('data sources are not judged', () => {
    const plan = planOf([base(['create'])]) as { resource_changes: { mode: string }[] };
    plan.resource_changes[0]!.mode = 'data';
    (plan as unknown as { planned_values: unknown }).planned_values = {};
    expect(parsePlan(plan).resources).toEqual([]);
  });

  it('a plan with planned_values only (no resource_changes): root and child module resources, as unchanged', () => {
    const plan = planOf([
      { ...base(['create']), module: 'storage' },
      { type: 'aws_db_instance', name: 'db', after: { publicly_accessible: true } },
    ]);
    delete (plan as { resource_changes?: unknown }).resource_changes;
    const resources = parsePlan(plan).resources;
    expect(
      resources.map((resource) => `${resource.address} ${resource.moduleAddress} ${resource.actions.join()}`).sort(),
    ).toEqual(['aws_db_instance.db  no-op', 'module.storage.alicloud_oss_bucket.b module.storage no-op']);
  });

  it('the module address of nested and counted modules', () => {
    expect(moduleOf('module.a[0].module.b.aws_s3_bucket.x["k"]')).toBe('module.a[0].module.b');
    expect(moduleOf('aws_s3_bucket.x')).toBe('');
  });
});

describe('attribute states', () => {
  const resource = parsePlan(
    planOf([
      {
        type: 'alicloud_elasticsearch_instance',
        name: 'es',
        after: { version: '6.7_with_X-Pack', kibana_whitelist: ['10.0.0.1', null], enable_public: null },
        unknown: { kibana_whitelist: [false, true], kibana_domain: true },
      },
    ]),
  ).resources[0]!;

  it('known, unknown until apply, and unset', () => {
    expect(valueAt(resource, ['version'])).toEqual({ state: 'known', value: '6.7_with_X-Pack' });
    expect(valueAt(resource, ['kibana_domain'])).toEqual({ state: 'unknown' });
    expect(valueAt(resource, ['enable_public'])).toEqual({ state: 'unset' });
  });

  it('one unknown element makes the whole whitelist unknown, never a shorter known list', () => {
    expect(valueAt(resource, ['kibana_whitelist'])).toEqual({ state: 'unknown' });
  });

  it('unset attributes take the provider default: Kibana public network on (alicloud <= 1.266), public network off', () => {
    expect(attribute(resource, 'enable_kibana_public_network')).toEqual({ state: 'known', value: true });
    expect(attribute(resource, 'enable_public')).toEqual({ state: 'known', value: false });
  });
});
