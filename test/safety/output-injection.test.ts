// The output injections a hostile tester found, each through the built CLI as a user meets it:
// ESC and bidi overrides reaching the terminal through `exposcan diff` (a report's scan.id) and
// `exposcan plan` (terraform_version and format_version), an --out path with ESC echoed raw, live
// Markdown from `exposcan report` on a hostile report.json (scan.id, rule names, protocol,
// references), and raw ESC/NUL bytes in report.md, report.csv and report.html.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-safety-inject-'));
const env = { PATH: process.env.PATH, HOME: work };
const PLAN = fileURLToPath(new URL('../fixtures/terraform/alibaba-open/tfplan.json', import.meta.url));
/** What a terminal would act on: C0 but LF, DEL, C1, bidi controls. */
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const FILE_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ESCAPES = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202egnp.exe\u0000';

let clean: { file: string; report: Record<string, any> };

beforeAll(async () => {
  const out = join(work, 'clean');
  const result = await runCli(['scan', '--target', `127.0.0.1:${await freePort()}`, '--out', out, '--no-history'], {
    env,
  });
  expect(result.code, result.stderr).toBe(0);
  const file = join(out, 'report.json');
  clean = { file, report: JSON.parse(readFileSync(file, 'utf8')) };
});

/** A copy of the clean report with `change` applied, written as a report.json of its own. */
function hostileReport(name: string, change: (report: Record<string, any>) => void): string {
  const report = structuredClone(clean.report);
  change(report);
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'report.json');
  writeFileSync(file, JSON.stringify(report));
  return file;
}

const ELASTIC_FINDING = {
  id: '0123456789abcdef01234567',
  ruleId: 'elasticsearch-unauthenticated',
  title: 'Elasticsearch REST API answers without credentials',
  message: 'answered: see http://evil.example/a and www.evil.example',
  severity: 'critical',
  score: 9.5,
  why: 'critical base 9',
  confidence: 'confirmed',
  product: 'elasticsearch',
  evidence: { clusterName: '<img src=x onerror=alert(1)>' },
  remediation: 'Enable security.',
  references: ['[click](javascript:alert(1))', 'http://evil.example/phish', '<b>bold</b>'],
  cwe: ['CWE-306'],
  target: {
    host: '192.0.2.10',
    port: 9200,
    protocol: 'http <a href="http://evil.example">x</a> admin@evil.example',
    tls: false,
  },
};

describe('the terminal gets no escape sequence or bidi override from an input file', () => {
  it('exposcan diff: a hostile scan.id', async () => {
    const hostile = hostileReport('diff', (report) => (report.scan.id = `evil${ESCAPES}\n---`));
    for (const args of [
      ['diff', clean.file, hostile],
      ['diff', hostile, clean.file],
      ['diff', clean.file, hostile, '--json'],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(TERMINAL_UNSAFE);
      expect(result.stdout).toContain('evil');
    }
  });

  it('exposcan plan: hostile terraform_version', async () => {
    const plan = JSON.parse(readFileSync(PLAN, 'utf8'));
    plan.terraform_version = `1.9.8${ESCAPES}`;
    plan.format_version = `1.2${ESCAPES}`;
    const file = join(work, 'hostile.tfplan.json');
    writeFileSync(file, JSON.stringify(plan));
    const result = await runCli(['plan', file, '--out', join(work, 'plan-out')], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Terraform 1\.9\.8/);
    expect(result.stdout + result.stderr).not.toMatch(TERMINAL_UNSAFE);
  });

  it('an --out path with ESC and a bidi override is echoed clean', async () => {
    const out = join(work, 'a\u001b[31mred\u202eb');
    const result = await runCli(['scan', '--target', `127.0.0.1:${await freePort()}`, '--out', out, '--no-history'], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*red.*report\.json$/m);
    expect(result.stdout).not.toMatch(TERMINAL_UNSAFE);
  });
});

describe('exposcan report on a hostile report.json', () => {
  let markdown: string;
  let csv: string;
  let html: string;

  beforeAll(async () => {
    const file = hostileReport('report', (report) => {
      report.scan.id = `[x](http://evil.example) <https://evil.example> ${ESCAPES}`;
      report.scan.rules = [...report.scan.rules, '`code` <b>rule</b> [r](http://evil.example)'];
      report.findings = [ELASTIC_FINDING];
      report.scan.stats.bySeverity.critical = 1;
    });
    const result = await runCli(['report', file, '--format', 'md', '--format', 'csv', '--format', 'html'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(TERMINAL_UNSAFE);
    const dir = join(work, 'report');
    [markdown, csv, html] = ['report.md', 'report.csv', 'report.html'].map((name) =>
      readFileSync(join(dir, name), 'utf8'),
    ) as [string, string, string];
  });

  it("report.md has no live link, autolink, image or raw HTML but the rule's own reference", () => {
    const parser = new MarkdownIt({ html: true, linkify: true });
    parser.linkify.set({ fuzzyLink: false });
    const links: string[] = [];
    const html: string[] = [];
    for (const token of parser.parse(markdown, {})) {
      if (token.type === 'html_block') html.push(token.content);
      for (const child of token.children ?? []) {
        if (child.type === 'link_open') links.push(child.attrGet('href') ?? '');
        if (child.type === 'html_inline' || child.type === 'image') html.push(child.content);
      }
    }
    expect(html).toEqual([]);
    expect(links).toEqual([]);
    // Shown as text, not dropped.
    expect(markdown).toContain('evil');
  });

  it('report.md, report.csv and report.html hold no raw ESC, NUL, C1 or bidi control', () => {
    for (const text of [markdown, csv, html]) expect(text).not.toMatch(FILE_UNSAFE);
  });
});
