// npm run new-rule -- <family> <id> --http|--wire|--cloud [--product P] [--port N]… [--resource KIND]
//
// Writes a rule's files and registers it, as docs/writing-rules.md's checklist lists them: the
// rule, its page (header table and References generated from its meta), its test table, the line
// in rules/index.ts, for a new HTTP product its fingerprint and the line in
// src/fingerprints/index.ts, the security-group port map for its ports, and the README's rule
// tables. Every place left to fill carries the marker TODO(new-rule), and test/meta/rules.test.ts
// fails while one is left; the empty test table fails testRule's own checks. Bad arguments are
// refused with one line and exit 2, before anything is written.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ResourceKind } from '../src/cloud/inventory.js';
import { WEB_PORTS } from '../src/cloud/service-ports.js';
import type { EndpointRule, ResourceRule, Rule, RuleMeta } from '../src/engine/rule.js';
import { UsageError } from '../src/errors.js';
import type { HttpFingerprint } from '../src/fingerprints/service.js';
import { formatMarkdown, renderRuleDocs, TABLE_BEGIN, TABLE_END } from './rule-docs.js';

/** What a scaffolded file still needs from its author; test/meta/rules.test.ts fails while one is left. */
export const TODO = 'TODO(new-rule)';

export type RuleKind = 'http' | 'wire' | 'cloud';

export interface NewRule {
  readonly family: string;
  readonly id: string;
  readonly kind: RuleKind;
  /** The product the rule reports (`meta.products[0]`). */
  readonly product: string;
  readonly ports: readonly number[];
  /** --wire: the probe whose service the rule reads. */
  readonly protocol?: string;
  /** --cloud: the resource kind the rule judges. */
  readonly resource?: ResourceKind;
}

/** What the scaffold checks names against: the rule library as it is now. */
export interface Library {
  readonly rules: readonly Rule[];
  readonly fingerprints: readonly HttpFingerprint[];
  readonly wireProtocols: readonly string[];
}

export const USAGE =
  'usage: npm run new-rule -- <family> <id> --http|--wire|--cloud [--product NAME] [--port N]… [--protocol P] [--resource KIND]';

// Every resource kind, checked by the compiler: a kind added to the inventory must be added here.
const RESOURCE_KINDS: Readonly<Record<ResourceKind, true>> = {
  'security-group': true,
  'search-domain': true,
  database: true,
  bucket: true,
  'load-balancer': true,
  'dns-zone': true,
  'kubernetes-cluster': true,
};

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The meta test's id rule: `<product>-<failure>`, at least two words. */
const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/** `minio-console-exposed` → `minioConsoleExposed`. */
export function camel(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The command line, checked; every refusal is one UsageError line. */
export function parseNewRule(argv: readonly string[], library: Library, root: string): NewRule {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        http: { type: 'boolean' },
        wire: { type: 'boolean' },
        cloud: { type: 'boolean' },
        product: { type: 'string' },
        port: { type: 'string', multiple: true },
        resource: { type: 'string' },
        protocol: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 2) throw new UsageError(USAGE);
  const [family, id] = positionals as [string, string];
  const kinds = (['http', 'wire', 'cloud'] as const).filter((kind) => values[kind]);
  if (kinds.length !== 1) throw new UsageError(`give exactly one of --http, --wire, --cloud; ${USAGE}`);
  const kind = kinds[0]!;

  if (!KEBAB.test(family)) throw new UsageError(`family '${family}' must be lowercase kebab-case (e.g. minio)`);
  if (kind === 'cloud' && !family.startsWith('cloud-'))
    throw new UsageError(`a cloud rule's family is cloud-<provider> (cloud-aws, cloud-alibaba), not '${family}'`);
  if (kind !== 'cloud' && family.startsWith('cloud-'))
    throw new UsageError(`family '${family}' holds cloud rules: use --cloud, or name the product's family`);
  if (!RULE_ID.test(id))
    throw new UsageError(`id '${id}' must be <product>-<failure> in kebab case (e.g. minio-console-exposed)`);
  const provider = family.slice('cloud-'.length);
  if (kind === 'cloud' && !id.startsWith(`${provider}-`))
    throw new UsageError(`a rule in ${family} is named ${provider}-<resource>-<failure>, not '${id}'`);
  const existing = library.rules.find((rule) => rule.meta.id === id);
  if (existing) throw new UsageError(`rule '${id}' exists already (${pathOf(root, id) ?? 'rules/index.ts'})`);
  const clash = pathOf(root, id);
  if (clash) throw new UsageError(`${clash} exists already`);
  if (library.rules.some((rule) => camel(rule.meta.id) === camel(id)))
    throw new UsageError(`id '${id}' gives the same import name as an existing rule`);

  const product = values.product ?? (kind === 'cloud' ? undefined : family);
  if (product !== undefined && !KEBAB.test(product))
    throw new UsageError(`product '${product}' must be lowercase kebab-case (e.g. minio)`);

  const ports = (values.port ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--port '${value}' is not a TCP port`);
      return port;
    });
  if (kind === 'cloud' && ports.length)
    throw new UsageError('a cloud rule probes no port of its own: leave out --port');
  if (kind !== 'wire' && values.protocol) throw new UsageError('--protocol is for --wire rules');
  if (kind !== 'cloud' && values.resource) throw new UsageError('--resource is for --cloud rules');

  if (kind === 'wire') {
    const protocol = values.protocol ?? product!;
    if (!library.wireProtocols.includes(protocol))
      throw new UsageError(
        `no wire probe speaks '${protocol}' (known: ${library.wireProtocols.join(', ')}); a new protocol comes first, by hand: docs/writing-rules.md`,
      );
    return { family, id, kind, product: product!, ports, protocol };
  }
  if (kind === 'cloud') {
    const kinds = Object.keys(RESOURCE_KINDS);
    if (!values.resource || !kinds.includes(values.resource))
      throw new UsageError(`--cloud needs --resource, one of: ${kinds.join(', ')}`);
    return { family, id, kind, product: product ?? TODO, ports, resource: values.resource as ResourceKind };
  }
  return { family, id, kind, product: product!, ports };
}

/** Where a rule id already has a file, if anywhere. */
function pathOf(root: string, id: string): string | undefined {
  const rulesDir = join(root, 'rules');
  for (const family of readdirSync(rulesDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()))
    for (const ext of ['.ts', '.md'])
      if (existsSync(join(rulesDir, family.name, id + ext))) return `rules/${family.name}/${id}${ext}`;
  return undefined;
}

const list = (values: readonly (string | number)[]) =>
  values.map((value) => (typeof value === 'number' ? String(value) : `'${value}'`)).join(', ');

function skeletonMeta(rule: NewRule): RuleMeta {
  return {
    id: rule.id,
    title: `${TODO}: state the bad condition, e.g. "MinIO Console login page is reachable"`,
    severity: rule.kind === 'cloud' ? 'high' : loginPage(rule) ? 'medium' : 'critical',
    products: [rule.product],
    tags: rule.kind === 'cloud' ? [rule.family.slice('cloud-'.length), 'cloud'] : [rule.product],
    cwe: [],
    description: `${TODO}: what was seen, and why it is a problem.`,
    remediation: `${TODO}: how to close it.`,
    references: [],
    defaultPorts: rule.ports,
  };
}

/** A rule named like the login-page rules (`*-exposed`) reports a public login page; others an open service. */
function loginPage(rule: NewRule): boolean {
  return rule.id.endsWith('-exposed');
}

function metaSource(meta: RuleMeta): string {
  return `  meta: {
    id: '${meta.id}',
    title: '${meta.title.replace(/'/g, "\\'")}',
    severity: '${meta.severity}',
    products: [${list(meta.products)}],
    tags: [${list(meta.tags)}],
    cwe: [],
    description: '${meta.description}',
    remediation: '${meta.remediation}',
    references: [],
    defaultPorts: [${list(meta.defaultPorts)}],
  },`;
}

function ruleSource(rule: NewRule, meta: RuleMeta): string {
  if (rule.kind === 'cloud') {
    return `import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
${metaSource(meta)}
  resources: ['${rule.resource}'],
  checkResource(resource) {
    // ${TODO}: a draft where the resource is open to everyone, with impliedEndpoints to probe. A field a
    // collector could not read is absent, and absent is unknown, never safe: a plan's unknowns are
    // reported with confidence 'unknown' (src/cloud/rules/unknown.ts).
    void resource;
    return [];
  },
  fix(resource, draft) {
    // ${TODO}: the exact remediation of a finding (src/fix/): the aws or aliyun CLI call naming the
    // resource's real ids (built with src/fix/command.ts, so it is quoted for sh), and from a plan the
    // Terraform attribute change (src/fix/terraform.ts); its parameters go in test/fix/documented-parameters.ts.
    void resource;
    void draft;
    return undefined;
  },
});
`;
  }
  const when = loginPage(rule) ? 'login-page' : 'open';
  return `import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
${metaSource(meta)}
  protocols: ['${rule.kind === 'wire' ? rule.protocol : 'http'}'],
  product: '${rule.product}',
  // 'open': data or admin actions answer without credentials; 'login-page': the fingerprint found the
  // login page (details.loginPage). The engine hands the rule only services proven by two signals.
  when: '${when}',
  message: '{service} ${TODO}: one sentence about this endpoint.',
});
`;
}

function testSource(rule: NewRule): string {
  const path = `../../../rules/${rule.family}/${rule.id}.js`;
  if (rule.kind === 'cloud') {
    return `// ${TODO}: say what the resources model (normalised, as collectors and plans produce them).
import rule from '${path}';
import { testResourceRule } from '../../helpers/rule-tester.js';

// ${TODO}: build resources with test/helpers/cloud.ts; at least one finding case, and at least one
// near miss (the same resource configured safely: nearMiss: true). Until then this table fails.
testResourceRule(rule, {
  invalid: [],
  valid: [],
});
`;
  }
  const how =
    rule.kind === 'http'
      ? `// ${TODO}: build evidence from recorded responses (test/fixtures/recorded/${rule.product}/, one row each in
// SOURCES.md): evidenceOf(httpObservation(response(200, recorded('${rule.product}/root.html')), { '/path': json(401, …) }))
// with evidence.ts and fixtures.ts from ../../helpers/. The engine's fingerprints run on it, as in a scan.`
      : `// ${TODO}: build evidence from recorded bytes decoded by the probe's own parser
// (src/probes/wire/${rule.protocol}.ts), as test/rules/redis/redis-unauthenticated.test.ts does.`;
  return `// ${TODO}: say where the recorded responses come from (test/fixtures/recorded/SOURCES.md).
import rule from '${path}';
import { testRule } from '../../helpers/rule-tester.js';

${how}
// At least one finding case, and at least one near miss (the same product configured safely:
// nearMiss: true). Until then this table fails.
testRule(rule, {
  invalid: [],
  valid: [],
});
`;
}

function fingerprintSource(rule: NewRule): string {
  return `// ${TODO}: where identity comes from (headers, page markup) and where access comes from (the
// request that answers in full only without credentials). Model: src/fingerprints/kibana.ts.
import type { HttpObservation } from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

export const ${camel(rule.product)}Fingerprint: HttpFingerprint = {
  products: ['${rule.product}'],
  hintPorts: [${list(rule.ports)}],
  // Follow-up requests, sent when suggestedBy(root) holds or on a hint port. ${TODO}
  requests: [],
  // ${TODO}: true when the shared \`GET /\` looks like this product (cheap: headers, title).
  suggestedBy: () => false,
  identify(observation: HttpObservation): Service | undefined {
    // ${TODO}: two independent signals, then access 'open', 'auth-required' (a public login page:
    // details: { loginPage: true }) or 'unknown'.
    void observation;
    return undefined;
  },
};
`;
}

function pageSource(rule: NewRule): string {
  const sends =
    rule.kind === 'cloud'
      ? `${TODO}: the read-only API calls that read this resource, and which endpoints it implies (probed in the same scan).`
      : `What every rule shares (the connection, TLS, the greeting wait, the shared \`GET /\`) is in [how rules decide](../../docs/how-rules-decide.md#what-exposcan-sends-to-an-endpoint). ${TODO}: this product's own requests, exactly, and when they are sent.`;
  return `# ${rule.id}

## Summary

${TODO}: what is exposed, and why it matters, in a few sentences.

${TABLE_BEGIN}
${TABLE_END}

## What exposcan sends

${sends}

## Matching logic

${TODO}: the two independent signals, then a table: what the server did | recorded in \`services\` as | finding.

## False positives and negatives

${TODO}: what could be reported wrongly, and the known gaps.

## Remediation

${TODO}: numbered steps, ending with a check from outside.

## References
`;
}

/** rules/index.ts with the rule's import and list line: in id order within its family, a new family in family order. */
export function registerRule(text: string, family: string, id: string): string {
  const lines = text.split('\n');
  const imports = lines.flatMap((line, index) => {
    const match = /^import (\w+) from '\.\/([^/]+)\/([^/]+)\.js';$/.exec(line);
    return match ? [{ index, name: match[1]!, family: match[2]!, id: match[3]! }] : [];
  });
  const cloud = (name: string) => name.startsWith('cloud-');
  const same = imports.filter((entry) => entry.family === family);
  // cloud-* families come first in the file, the others after them.
  const peers = same.length ? same : imports.filter((entry) => cloud(entry.family) === cloud(family));
  const before = same.length ? same.find((entry) => entry.id > id) : peers.find((entry) => entry.family > family);
  const after = before ? undefined : (peers[peers.length - 1] ?? imports[imports.length - 1]);
  const name = camel(id);
  const at = before ? before.index : after!.index + 1;
  lines.splice(at, 0, `import ${name} from './${family}/${id}.js';`);
  const listLine = (entry: { name: string }) => lines.indexOf(`  ${entry.name},`);
  const listAt = before ? listLine(before) : after ? listLine(after) + 1 : 0;
  lines.splice(listAt > 0 ? listAt : lines.lastIndexOf('];'), 0, `  ${name},`);
  return lines.join('\n');
}

/** src/fingerprints/index.ts with the fingerprint's import and list line. */
export function registerFingerprint(text: string, product: string): string {
  const name = `${camel(product)}Fingerprint`;
  const lines = text.split('\n');
  const lastImport = lines.reduce(
    (last, line, index) => (/^import \{ \w+Fingerprint \} from/.test(line) ? index : last),
    -1,
  );
  lines.splice(lastImport + 1, 0, `import { ${name} } from './${product}.js';`);
  const start = lines.findIndex((line) => line.startsWith('export const HTTP_FINGERPRINTS'));
  const end = lines.findIndex((line, index) => index > start && line === '];');
  lines.splice(end, 0, `  ${name},`);
  return lines.join('\n');
}

/**
 * src/cloud/service-ports.ts with the product on each of its ports (less the web ports): the
 * security-group rules judge these ports, and test/meta/rules.test.ts checks the map against the rules.
 */
export function registerPorts(text: string, product: string, ports: readonly number[]): string {
  let out = text;
  for (const port of ports.filter((candidate) => !WEB_PORTS.includes(candidate))) {
    const row = new RegExp(`^  ${port}: \\[([^\\]]*)\\],$`, 'm');
    const found = row.exec(out);
    if (found) {
      if (!found[1]!.split(', ').includes(`'${product}'`))
        out = out.replace(row, `  ${port}: [${found[1]}, '${product}'],`);
      continue;
    }
    const lines = out.split('\n');
    const start = lines.findIndex((line) => line.startsWith('export const SERVICE_PORTS'));
    const end = lines.findIndex((line, index) => index > start && line === '};');
    const later = lines.findIndex(
      (line, index) => index > start && index < end && Number(/^ {2}(\d+):/.exec(line)?.[1]) > port,
    );
    lines.splice(later > 0 ? later : end, 0, `  ${port}: ['${product}'],`);
    out = lines.join('\n');
  }
  return out;
}

/** Writes the rule's files and registrations under `root`; returns the paths written, relative to it. */
export async function scaffold(root: string, rule: NewRule, library: Library): Promise<string[]> {
  const written: string[] = [];
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    written.push(path);
  };
  const edit = (path: string, change: (text: string) => string) => {
    const before = readFileSync(join(root, path), 'utf8');
    const after = change(before);
    if (after !== before) write(path, after);
  };
  const meta = skeletonMeta(rule);
  const rulePath = `rules/${rule.family}/${rule.id}`;
  const newProduct =
    rule.kind === 'http' && !library.fingerprints.some((fingerprint) => fingerprint.products.includes(rule.product));
  if (newProduct && existsSync(join(root, `src/fingerprints/${rule.product}.ts`)))
    throw new UsageError(
      `src/fingerprints/${rule.product}.ts exists but registers no fingerprint for '${rule.product}'`,
    );

  write(`${rulePath}.ts`, ruleSource(rule, meta));
  write(`test/rules/${rule.family}/${rule.id}.test.ts`, testSource(rule));
  edit('rules/index.ts', (text) => registerRule(text, rule.family, rule.id));
  const fingerprints = [...library.fingerprints];
  if (newProduct) {
    write(`src/fingerprints/${rule.product}.ts`, fingerprintSource(rule));
    edit('src/fingerprints/index.ts', (text) => registerFingerprint(text, rule.product));
    fingerprints.push({
      products: [rule.product],
      hintPorts: rule.ports,
      requests: [],
      suggestedBy: () => false,
      identify: () => undefined,
    });
  }
  if (rule.kind !== 'cloud' && rule.ports.length)
    edit('src/cloud/service-ports.ts', (text) => registerPorts(text, rule.product, rule.ports));

  // The page and the README tables come from the same renderer as `npm run docs:rules`.
  const page = `${rulePath}.md`;
  write(page, await formatMarkdown(pageSource(rule), join(root, page)));
  const skeleton: Rule =
    rule.kind === 'cloud'
      ? ({ meta, resources: [rule.resource!], checkResource: () => [], fix: () => undefined } satisfies ResourceRule)
      : ({
          meta,
          protocols: [rule.kind === 'wire' ? (rule.protocol as 'http') : 'http'],
          check: () => [],
        } satisfies EndpointRule);
  const docs = await renderRuleDocs(root, [...library.rules, skeleton], fingerprints);
  for (const path of [page, 'README.md']) {
    const text = docs.get(path)!;
    if (readFileSync(join(root, path), 'utf8') !== text) {
      writeFileSync(join(root, path), text);
      if (!written.includes(path)) written.push(path);
    }
  }
  return written;
}

/** The command: 0 written, 2 refused (one line on stderr). */
export async function main(
  argv: readonly string[],
  root: string,
  library: Library,
  out = console.log,
  err = console.error,
): Promise<number> {
  try {
    const rule = parseNewRule(argv, library, root);
    const written = await scaffold(root, rule, library);
    out(written.map((path) => `wrote ${path}`).join('\n'));
    out(
      `next: fill in every ${TODO} (grep -rn '${TODO}' rules src test), record fixtures with a row in ` +
        'test/fixtures/recorded/SOURCES.md, then npm run docs:rules and npm test. The checklist: docs/writing-rules.md',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`new-rule: ${error.message}`);
    return 2;
  }
}

// Run as a command (compiled to dist/scripts/new-rule.js): the repository is two levels up.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [{ RULES }, { HTTP_FINGERPRINTS }, { WIRE_PROBES }] = await Promise.all([
    import('../rules/index.js'),
    import('../src/fingerprints/index.js'),
    import('../src/probes/wire/index.js'),
  ]);
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const library = {
    rules: RULES,
    fingerprints: HTTP_FINGERPRINTS,
    wireProtocols: [...new Set(WIRE_PROBES.map((probe) => probe.protocol))],
  };
  process.exitCode = await main(process.argv.slice(2), root, library);
}
