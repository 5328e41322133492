// Issue 17: `exposcan plan` (and a network-only scan) must not load the cloud SDKs: the AWS clients
// alone cost 2–3 s per plan and about 140 MB. They are reached only through dynamic import()
// (src/cli.ts, when accounts are configured). This walks the static import graph from the CLI's
// entry, and from each command the CLI loads with import() (the plan command: its Terraform
// mappers once reached the EC2, RDS and OpenSearch clients through three pure helpers), and fails
// if any module on it imports an SDK package. Source only; nothing runs.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SDK = /^(@aws-sdk\/|@alicloud\/)/;

/** Every `import … from '…'` / `export … from '…'` at the top level (not `import(…)`, which is lazy), type-only imports left out. */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map(
    (match) => match[1]!,
  );
}

function sdkImportsReachableFrom(entry: string): { found: string[]; modules: number } {
  const seen = new Set<string>();
  const found: string[] = [];
  const pending = [entry];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (SDK.test(specifier)) found.push(`${relative(root, file)} imports ${specifier}`);
    }
  }
  return { found, modules: seen.size };
}

describe('the cloud SDKs are loaded only when cloud accounts are read', () => {
  it('no module statically reachable from src/cli.ts imports @aws-sdk/* or @alicloud/*', () => {
    const walk = sdkImportsReachableFrom(resolve(root, 'src/cli.ts'));
    expect(walk.modules).toBeGreaterThan(100); // the walk really followed the CLI's imports (rules, probes, reports)
    expect(walk.found).toEqual([]);
  });

  it('no module statically reachable from the plan command (loaded lazily by the CLI) imports one', () => {
    const walk = sdkImportsReachableFrom(resolve(root, 'src/commands/plan.ts'));
    expect(walk.modules).toBeGreaterThan(30); // the Terraform reader and every plan mapper
    expect(walk.found).toEqual([]);
  });

  it('near miss: the walk does find them from the cloud collector', () => {
    expect(sdkImportsReachableFrom(resolve(root, 'src/cloud/collect.ts')).found.length).toBeGreaterThan(0);
  });
});
