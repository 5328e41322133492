// The rule library checked against itself: every rule file is registered, every registered rule
// has its file, test table and doc page, and ids, products and data tables keep their promises.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import semver from 'semver';
import { END_OF_LIFE_AS_OF } from '../../rules/lifecycle/end-of-life-table.js';
import END_OF_LIFE_TABLE from '../../rules/lifecycle/end-of-life.data.json' with { type: 'json' };
import { KNOWN_VULNERABILITIES, KNOWN_VULNERABILITIES_AS_OF } from '../../rules/lifecycle/known-vulnerabilities.js';
import { RULES } from '../../rules/index.js';
import { isEndpointRule } from '../../src/engine/rule.js';
import { SERVICE_PORTS, UNPROBED_SERVICE_PORTS, WEB_PORTS } from '../../src/cloud/service-ports.js';
import { HTTP_FINGERPRINTS } from '../../src/fingerprints/index.js';
import { requestSpec } from '../../src/fingerprints/service.js';
import { TODO } from '../../scripts/new-rule.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rulesDir = join(root, 'rules');

/** Rule files: `rules/<family>/<id>.ts` that default-export a rule (helpers like *-table.ts excluded). */
function ruleFiles(): string[] {
  return readdirSync(rulesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => readdirSync(join(rulesDir, dir.name)).map((name) => join(rulesDir, dir.name, name)))
    .filter((file) => file.endsWith('.ts') && /^export default /m.test(readFileSync(file, 'utf8')));
}

describe('rule library', () => {
  const rules = RULES;

  it('registers exactly the rule files under rules/', () => {
    const ids = ruleFiles()
      .map((file) => basename(file, '.ts'))
      .sort();
    expect(rules.map((rule) => rule.meta.id).sort()).toEqual(ids);
  });

  it('has unique ids', () => {
    expect(new Set(rules.map((rule) => rule.meta.id)).size).toBe(rules.length);
  });

  for (const rule of RULES) {
    describe(rule.meta.id, () => {
      const file = ruleFiles().find((candidate) => basename(candidate, '.ts') === rule.meta.id)!;

      it('id is <product>-<failure> in kebab case and equals its file name', () => {
        expect(rule.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
        expect(file).toBeDefined();
      });

      it('has a doc page whose title is the id, with the standard sections', () => {
        const doc = file.replace(/\.ts$/, '.md');
        expect(existsSync(doc), `${relative(root, doc)} is missing`).toBe(true);
        const text = readFileSync(doc, 'utf8');
        expect(text.split('\n')[0]).toBe(`# ${rule.meta.id}`);
        const headings = text.split('\n').filter((line) => line.startsWith('## '));
        expect(headings).toEqual([
          '## Summary',
          '## What exposcan sends',
          '## Matching logic',
          '## False positives and negatives',
          '## Remediation',
          '## References',
        ]);
      });

      it('has its test table', () => {
        const test = join(root, 'test', 'rules', relative(rulesDir, file)).replace(/\.ts$/, '.test.ts');
        expect(existsSync(test), `${relative(root, test)} is missing`).toBe(true);
      });

      it('has sound metadata', () => {
        expect(rule.meta.title).not.toMatch(/^Ensure/);
        expect(rule.meta.products.length).toBeGreaterThan(0);
        for (const product of rule.meta.products) expect(product).toMatch(/^[a-z0-9][a-z0-9-]*$/);
        for (const reference of rule.meta.references) expect(reference).toMatch(/^https:\/\//);
        expect(rule.meta.remediation.length).toBeGreaterThan(20);
        if (isEndpointRule(rule)) expect(rule.protocols.length).toBeGreaterThan(0);
        else expect(rule.resources.length).toBeGreaterThan(0);
      });

      it('imports no I/O (rules are pure)', () => {
        expect(readFileSync(file, 'utf8')).not.toMatch(
          /from 'node:(net|tls|http|https|fs|dgram|child_process)'|from 'undici'/,
        );
      });
    });
  }
});

/** Every .ts file under a folder, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('behaviour comes from rule metadata, never from rule ids', () => {
  const rules = RULES;

  it('no file under src/ names a rule id', () => {
    const ids = rules.map((rule) => rule.meta.id);
    const offenders = sourceFiles(join(root, 'src')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return ids
        .filter((id) => new RegExp(`['"\`]${id}['"\`]`).test(text))
        .map((id) => `${relative(root, file)}: ${id}`);
    });
    expect(offenders, 'give the rule a RuleMeta field the engine reads instead').toEqual([]);
  });

  it('triesDefaultCredentials is set exactly where a fingerprint of the rule’s products sends a credential check', () => {
    const credentialProducts = new Set(
      HTTP_FINGERPRINTS.filter((fingerprint) =>
        fingerprint.requests.some((request) => requestSpec(request).credentialCheck),
      ).flatMap((fingerprint) => fingerprint.products),
    );
    for (const rule of rules.filter((candidate) => candidate.meta.triesDefaultCredentials)) {
      expect(
        rule.meta.products.some((product) => credentialProducts.has(product)),
        `${rule.meta.id} tries credentials no fingerprint sends`,
      ).toBe(true);
    }
    // Each product whose fingerprint can try credentials has a rule that turns them on; else the requests are dead.
    for (const product of credentialProducts) {
      expect(
        rules.some((rule) => rule.meta.triesDefaultCredentials && rule.meta.products.includes(product)),
        `no rule with triesDefaultCredentials reports ${product}`,
      ).toBe(true);
    }
  });

  it('exactly one rule states each lifecycle verdict', () => {
    expect(rules.filter((rule) => rule.meta.lifecycle === 'end-of-life')).toHaveLength(1);
    expect(rules.filter((rule) => rule.meta.lifecycle === 'known-vulnerable')).toHaveLength(1);
  });
});

describe('the security-group port map', () => {
  it('is the endpoint rules’ default ports and products, less the web ports, plus the unprobed service ports', () => {
    const derived = new Map<number, Set<string>>();
    for (const rule of RULES.filter(isEndpointRule)) {
      for (const port of rule.meta.defaultPorts.filter((candidate) => !WEB_PORTS.includes(candidate))) {
        const products = derived.get(port) ?? new Set<string>();
        rule.meta.products.forEach((product) => products.add(product));
        derived.set(port, products);
      }
    }
    const table = Object.entries(SERVICE_PORTS).filter(([port]) => !UNPROBED_SERVICE_PORTS.includes(Number(port)));
    const asSorted = (entries: Iterable<[number | string, Iterable<string>]>) =>
      Object.fromEntries([...entries].map(([port, products]) => [String(port), [...products].sort()]));
    expect(asSorted(table), 'src/cloud/service-ports.ts must list every port a rule probes, with its products').toEqual(
      asSorted(derived),
    );
  });
});

describe('what a contributor leaves behind', () => {
  it('no scaffold placeholder is left (npm run new-rule marks every place to fill)', () => {
    const places = [
      ...sourceFiles(rulesDir),
      ...readdirSync(rulesDir, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.md'))
        .map((name) => join(rulesDir, name)),
      ...sourceFiles(join(root, 'src', 'fingerprints')),
      ...sourceFiles(join(root, 'test', 'rules')),
      join(root, 'test', 'fixtures', 'recorded', 'SOURCES.md'),
    ];
    const left = places.filter((file) => readFileSync(file, 'utf8').includes(TODO)).map((file) => relative(root, file));
    expect(left, `fill in every ${TODO} (docs/writing-rules.md)`).toEqual([]);
  });

  it('every recorded fixture has its row in test/fixtures/recorded/SOURCES.md', () => {
    const recordedDir = join(root, 'test', 'fixtures', 'recorded');
    const sources = readFileSync(join(recordedDir, 'SOURCES.md'), 'utf8');
    const files = readdirSync(recordedDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'SOURCES.md')
      .map((entry) => relative(recordedDir, join(entry.parentPath, entry.name)));
    expect(files.length).toBeGreaterThan(0);
    expect(
      files.filter((file) => !sources.includes(`| ${file} |`)),
      'say where each recording came from: a row | file | version | request | state | source | licence | edits |',
    ).toEqual([]);
  });
});

describe('dated data tables', () => {
  it.each([
    ['rules/lifecycle/end-of-life.data.json', END_OF_LIFE_AS_OF],
    ['rules/lifecycle/known-vulnerabilities.data.json', KNOWN_VULNERABILITIES_AS_OF],
  ])('%s is less than 180 days old', (file, asOf) => {
    const ageDays = (Date.now() - new Date(`${asOf}T00:00:00Z`).getTime()) / 86_400_000;
    expect(ageDays, `${file} asOf ${asOf}: refresh it from its source`).toBeLessThan(180);
  });

  it('every end-of-life range parses, and every alias names a product in the table', () => {
    for (const [product, entries] of Object.entries(END_OF_LIFE_TABLE.products)) {
      if (typeof entries === 'string') expect(END_OF_LIFE_TABLE.products, product).toHaveProperty(entries);
      else
        for (const entry of entries) expect(semver.validRange(entry.range), `${product} ${entry.range}`).not.toBeNull();
    }
  });

  it('every CVE range parses and cites its sources', () => {
    for (const vulnerability of KNOWN_VULNERABILITIES) {
      expect(semver.validRange(vulnerability.affected), vulnerability.id).not.toBeNull();
      // Cited as the advisories were published; some old vendor pages are plain http.
      expect(
        vulnerability.references.every((reference) => /^https?:\/\/\S+$/.test(reference)),
        vulnerability.id,
      ).toBe(true);
    }
  });
});
