// The tool's name and version, read once from package.json so they never drift. The file is
// found by walking up, so the same code works from src/ (tests) and from dist/src/ (the CLI).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findManifest(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('package.json not found above ' + start);
  }
}

const manifest = JSON.parse(readFileSync(findManifest(dirname(fileURLToPath(import.meta.url))), 'utf8')) as {
  name: string;
  version: string;
};

export const TOOL = { name: manifest.name, version: manifest.version } as const;
