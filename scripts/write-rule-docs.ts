// Rewrites the generated parts of the rule docs from the rules' metadata (run: npm run docs:rules):
// each rule page's header table and References, the README's rule tables and counts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../rules/index.js';
import { HTTP_FINGERPRINTS } from '../src/fingerprints/index.js';
import { renderRuleDocs } from './rule-docs.js';

// Compiled to dist/scripts/: the repository is two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
let changed = 0;
for (const [file, text] of await renderRuleDocs(root, RULES, HTTP_FINGERPRINTS)) {
  if (readFileSync(join(root, file), 'utf8') === text) continue;
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
  changed += 1;
}
console.log(`${changed} file(s) rewritten from rule metadata`);
