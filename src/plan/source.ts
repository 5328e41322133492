// Where a resource block is written. `terraform show -json` carries no source positions, so the
// module's .tf files are searched for `resource "TYPE" "NAME"`: the root module in the source
// folder, a child module in the folder its module call's local source names (`./modules/x`,
// `../y`; registry and git sources are not on disk and are not searched). Files are reported
// relative to the repository root (the nearest folder above with .git, else the source folder),
// with forward slashes, as code scanning wants them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { modulePath, rootModule, type ModuleConfig } from './config.js';
import type { SourceLocation } from './context.js';
import type { Json, PlannedResource } from './read.js';

const BLOCK = /^\s*resource\s+"([^"]+)"\s+"([^"]+)"/;

/** `resource "TYPE" "NAME"` → its file and 1-based line, for every .tf file of one folder. */
export function resourceBlocks(dir: string): Map<string, { file: string; line: number }> {
  const blocks = new Map<string, { file: string; line: number }>();
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.tf'))
      .sort();
  } catch {
    return blocks;
  }
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    text.split(/\r?\n/).forEach((line, index) => {
      const match = BLOCK.exec(line);
      const key = match ? `${match[1]}.${match[2]}` : undefined;
      if (key && !blocks.has(key)) blocks.set(key, { file, line: index + 1 });
    });
  }
  return blocks;
}

function repositoryRoot(dir: string): string {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return resolve(dir);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A locator for planned resources, reading each module folder once. */
export function sourceLocator(
  configuration: Json,
  sourceDir: string,
): (resource: PlannedResource) => SourceLocation | undefined {
  const root = repositoryRoot(sourceDir);
  const cache = new Map<string, Map<string, { file: string; line: number }>>();
  const folderOf = (path: readonly string[]): string | undefined => {
    let dir = resolve(sourceDir);
    let module: ModuleConfig | undefined = rootModule(configuration);
    for (const name of path) {
      const call: ModuleConfig['calls'][string] | undefined = module?.calls[name];
      if (!call?.source || !/^\.\.?(\/|$)/.test(call.source)) return undefined;
      dir = resolve(dir, call.source);
      module = call.module;
    }
    return isDirectory(dir) ? dir : undefined;
  };
  return (resource) => {
    const folder = folderOf(modulePath(resource.moduleAddress));
    if (!folder) return undefined;
    if (!cache.has(folder)) cache.set(folder, resourceBlocks(folder));
    const found = cache.get(folder)!.get(`${resource.type}.${resource.name}`);
    return found ? { file: relative(root, found.file).split(sep).join('/'), line: found.line } : undefined;
  };
}
