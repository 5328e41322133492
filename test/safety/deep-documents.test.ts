// Issue 20 B16: a document a user hands in (a Terraform plan, a report to merge or render, a
// baseline) that nests absurdly deep is a one-line usage error, exit 2. A plan with a 20,000-deep
// `child_modules` chain ended in "unexpected error: Maximum call stack size exceeded": the schema
// check and the module walk recurse once per level. The CLI is the built one; no network.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/json-depth.js';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-deep-'));

/** `{"a": {"a": … 1 …}}` as text: built without recursion, as deep as asked. */
function nestedObjects(depth: number, key: string, leaf: string): string {
  return `{"${key}":`.repeat(depth) + leaf + '}'.repeat(depth);
}

/** A plan whose root module holds a chain of `depth` child modules. */
function deepPlan(depth: number): string {
  const open = '{"address":"module.m","child_modules":['.repeat(depth);
  const close = ']}'.repeat(depth);
  return `{"format_version":"1.2","planned_values":{"root_module":{"resources":[],"child_modules":[${open}{"address":"module.m"}${close}]}}}`;
}

function fileWith(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

function expectOneUsageLine(run: { code: number | string; stdout: string; stderr: string }, file: string): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(file);
  expect(lines[0]).toContain(`nests deeper than ${MAX_JSON_DEPTH} levels`);
  expect(run.stderr).not.toMatch(/unexpected error|call stack/);
}

describe('documents nested too deep (issue 20 B16)', () => {
  it('measures depth without recursion, exactly at the bound', () => {
    expect(nestsDeeperThan(JSON.parse(nestedObjects(3, 'a', '1')), 3)).toBe(false);
    expect(nestsDeeperThan(JSON.parse(nestedObjects(4, 'a', '1')), 3)).toBe(true);
    expect(nestsDeeperThan(JSON.parse(`[${'['.repeat(200_000)}${']'.repeat(200_000)}]`))).toBe(true);
    expect(nestsDeeperThan('text')).toBe(false);
    // A wide document is not a deep one.
    expect(
      nestsDeeperThan(
        Array.from({ length: 100_000 }, (_, index) => ({ index })),
        3,
      ),
    ).toBe(false);
  });

  it('plan: a 20,000-deep child_modules chain is a usage error naming the file', async () => {
    const file = fileWith('deep.tfplan.json', deepPlan(20_000));
    expectOneUsageLine(await runCli(['plan', file], { timeoutMs: 180_000 }), file);
  });

  it('plan: a chain of ten modules, as deep as real code goes, is still read', async () => {
    const run = await runCli(['plan', fileWith('ten.tfplan.json', deepPlan(10))], { timeoutMs: 180_000 });
    expect(run.code, run.stderr).toBe(0);
  });

  it.each([
    ['report', (file: string) => ['report', file, '--format', 'md', '--out', join(work, 'rendered')]],
    ['merge', (file: string) => ['merge', file, '--out', join(work, 'merged'), '--no-history']],
    ['--baseline', (file: string) => ['plan', fileWith('ok.tfplan.json', deepPlan(1)), '--baseline', file]],
  ])('%s: a report nested 100,000 deep is a usage error naming the file', async (name, args) => {
    const file = fileWith(`deep-${name.replace(/\W/g, '')}.json`, nestedObjects(100_000, 'scan', '1'));
    expectOneUsageLine(await runCli(args(file), { timeoutMs: 180_000 }), file);
  });
});
