// The generated parts of the rule docs (each page's header table and References, the README's
// rule tables and counts) equal what the rules' metadata renders: a changed severity, port or
// reference cannot leave a page behind. Fix: `npm run docs:rules`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { renderRuleDocs, SHARED_PAGE } from '../../scripts/rule-docs.js';
import { HTTP_FINGERPRINTS } from '../../src/fingerprints/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('generated rule docs', async () => {
  const expected = await renderRuleDocs(root, RULES, HTTP_FINGERPRINTS);

  it('cover every rule page and the README', () => {
    expect(expected.size).toBe(RULES.length + 1);
  });

  for (const [file, text] of expected) {
    it(`${file} is what \`npm run docs:rules\` writes`, () => {
      expect(readFileSync(join(root, file), 'utf8') === text, `${file} is stale: run npm run docs:rules`).toBe(true);
    });
  }

  it(`every rule page links to ${SHARED_PAGE}, which exists`, () => {
    expect(readFileSync(join(root, SHARED_PAGE), 'utf8')).toMatch(/^# /);
    for (const file of [...expected.keys()].filter((name) => name.startsWith('rules/')))
      expect(readFileSync(join(root, file), 'utf8'), file).toContain(`](../../${SHARED_PAGE})`);
  });
});
