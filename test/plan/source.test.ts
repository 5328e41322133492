// Finding the file and line of a planned resource's block: the root module in the source folder,
// child modules through their local module-call source, registry modules not on disk, files
// relative to the repository root with forward slashes. Real files in a temporary folder laid
// out like a repository (with a .git folder); the fixtures' own .tf files for the checked-in case.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planInventory } from '../../src/plan/inventory.js';
import { parsePlan, readPlanFile } from '../../src/plan/read.js';
import { resourceBlocks, sourceLocator } from '../../src/plan/source.js';
import { planOf } from './builder.js';

function repository(): string {
  const root = mkdtempSync(join(tmpdir(), 'exposcan-plan-source-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'infra', 'modules', 'search'), { recursive: true });
  writeFileSync(
    join(root, 'infra', 'main.tf'),
    ['provider "alicloud" {}', '', 'resource "alicloud_security_group" "es" {', '  name = "es"', '}', ''].join('\n'),
  );
  writeFileSync(
    join(root, 'infra', 'network.tf'),
    ['# rules', 'resource  "alicloud_security_group_rule"   "es_9200" {', '}', ''].join('\r\n'),
  );
  writeFileSync(
    join(root, 'infra', 'modules', 'search', 'es.tf'),
    ['variable "x" {}', '', '', 'resource "alicloud_elasticsearch_instance" "logs" {', '}'].join('\n'),
  );
  return root;
}

describe('resource blocks in .tf files', () => {
  it('finds every resource block with its 1-based line, CRLF files too', () => {
    const root = repository();
    const blocks = resourceBlocks(join(root, 'infra'));
    expect(blocks.get('alicloud_security_group.es')).toEqual({ file: join(root, 'infra', 'main.tf'), line: 3 });
    expect(blocks.get('alicloud_security_group_rule.es_9200')).toEqual({
      file: join(root, 'infra', 'network.tf'),
      line: 2,
    });
  });

  it('a missing folder has no blocks', () => {
    expect(resourceBlocks(join(tmpdir(), 'exposcan-no-such-folder')).size).toBe(0);
  });
});

describe('locating planned resources', () => {
  const plan = () =>
    parsePlan(
      planOf([
        { type: 'alicloud_security_group', name: 'es', after: { name: 'es' } },
        {
          type: 'alicloud_elasticsearch_instance',
          name: 'logs',
          module: 'search',
          after: { enable_kibana_public_network: true },
        },
        { type: 'alicloud_db_instance', name: 'orders', module: 'registry', after: { security_ips: ['0.0.0.0/0'] } },
        { type: 'alicloud_db_instance', name: 'nowhere', after: { security_ips: ['0.0.0.0/0'] } },
      ]),
    );

  it('root and local child modules: file relative to the repository root, forward slashes, line', () => {
    const root = repository();
    const parsed = plan();
    const locate = sourceLocator(parsed.configuration, join(root, 'infra'));
    const byAddress = new Map(parsed.resources.map((resource) => [resource.address, locate(resource)]));
    expect(byAddress.get('alicloud_security_group.es')).toEqual({ file: 'infra/main.tf', line: 3 });
    expect(byAddress.get('module.search.alicloud_elasticsearch_instance.logs')).toEqual({
      file: 'infra/modules/search/es.tf',
      line: 4,
    });
  });

  it('a registry module (not on disk) and a block not found: no location, the address still carried', () => {
    const root = repository();
    const parsed = plan();
    const configuration = parsed.configuration as { root_module: { module_calls: Record<string, { source: string }> } };
    configuration.root_module.module_calls.registry!.source = 'terraform-alicloud-modules/rds/alicloud';
    const resources = planInventory(parsed, sourceLocator(parsed.configuration, join(root, 'infra'))).resources;
    const refs = new Map(resources.map((resource) => [resource.ref.id, resource.ref.terraform]));
    expect(refs.get('module.registry.alicloud_db_instance.orders')).toEqual({
      address: 'module.registry.alicloud_db_instance.orders',
    });
    expect(refs.get('alicloud_db_instance.nowhere')).toEqual({ address: 'alicloud_db_instance.nowhere' });
  });

  it('the checked-in fixture: the Elasticsearch instance in module.search points at its block', () => {
    const fixture = fileURLToPath(new URL('../fixtures/terraform/alibaba-open/', import.meta.url));
    const parsed = readPlanFile(join(fixture, 'tfplan.json'));
    const resources = planInventory(parsed, sourceLocator(parsed.configuration, fixture)).resources;
    const es = resources.find((resource) => resource.kind === 'search-domain')!;
    expect(es.ref.terraform).toMatchObject({
      address: 'module.search.alicloud_elasticsearch_instance.logs',
      file: 'test/fixtures/terraform/alibaba-open/modules/search/main.tf',
      line: 10,
    });
  });
});
