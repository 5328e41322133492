// Property: whatever bytes a server or an input file put into any string field of a report (C0 and
// C1 controls, NUL, bidi overrides, Markdown and HTML syntax, autolinks, entities, CSV formulas),
// every sink keeps its invariant. Each hostile report is rendered beside its benign twin (the same
// report with every string replaced by a plain word), and the structure exposcan made must be the
// same in both: hostile text may change what a cell says, never what the document is.
//   terminal  no C0 but LF, no C1, no DEL, no bidi control, no line separator; as many lines as the twin
//   Markdown  parsed by markdown-it (GFM tables, raw HTML on, linkify on as GitHub autolinks): the
//             same block structure and emphasis as the twin, no raw HTML, no image, no link but the
//             rules' own plain https references
//   HTML      no control or bidi character; the same tags in the same order as the twin
//   JUnit     no control or bidi character, no stray & or markup; the same elements as the twin
//   CSV       no control or bidi character but the CRLF row ends and quoted line breaks; as many
//             rows and cells as the twin; no cell a spreadsheet reads as a formula
//   SARIF     valid JSON
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { RULES } from '../../rules/index.js';
import { diffReports, renderDiff } from '../../src/history/diff.js';
import { renderConsole } from '../../src/report/console.js';
import { renderCsv } from '../../src/report/csv.js';
import { terminalJson, terminalText } from '../../src/report/escape.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { Report } from '../../src/report/report.js';
import { renderSarif } from '../../src/report/sarif.js';
import { gateSummary } from '../../src/gate.js';
import { reportWith } from '../report/fixtures.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SAFE_REFERENCE = 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html';

const BIDI = [
  '\u202e',
  '\u202d',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
];
const SNIPPETS = [
  '\u001b[31m',
  '\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007',
  '\u009b2J',
  '\u009d0;title\u0007',
  '\u0000',
  '\r\n',
  '\u2028',
  '\u007f',
  '[x](javascript:alert(1))',
  '![i](http://evil.example/x.png)',
  '<http://evil.example>',
  'http://evil.example/a',
  'https://evil.example',
  'www.evil.example',
  'admin@evil.example',
  'mailto:a@evil.example',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<!-- c -->',
  '&lt;b&gt;',
  '&#60;i&#62;',
  '`code`',
  '``',
  '|',
  '**bold**',
  '_em_',
  '# head',
  '\n## head',
  '\n- item',
  '\n> quote',
  '\n---\n',
  '[ref]: http://evil.example',
  '\\',
  ']]>',
  '"',
  "'",
  '=HYPERLINK("http://evil.example")',
  '+1',
  '-1',
  '@SUM(A1)',
  '\t=1',
  ...BIDI,
];
const hostileChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x7f, max: 0x9f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom(...BIDI),
  fc.constantFrom('a', 'b', '1', ' ', '.', ':', '/', '-'),
);
// Ends in a letter: a value that is empty or invisible once cleaned changes the document's shape
// harmlessly (an empty list item), which is not what this test is about; the attack is everywhere else.
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...SNIPPETS), hostileChar), { minLength: 1, maxLength: 12 })
  .map((parts) => `${parts.join('')}z`);

/** A report whose every free-text field comes from `text(slot)`. */
function reportFrom(text: (slot: number) => string): Report {
  let slot = 0;
  const t = () => text(slot++);
  const finding = (index: number): Finding => ({
    id: `0123456789abcdef0123456${index}`,
    ruleId: 'elasticsearch-unauthenticated',
    title: t(),
    message: t(),
    severity: 'critical',
    score: 9.5,
    why: t(),
    confidence: 'confirmed',
    product: t(),
    version: t(),
    target: { host: t(), port: 9200, protocol: t(), tls: false, url: t() },
    resource: { provider: 'aws', account: t(), region: t(), type: t(), id: t(), name: t() },
    evidence: { [t()]: t(), list: [t(), t()], count: 2, readable: true },
    remediation: t(),
    references: [SAFE_REFERENCE, t()],
    cwe: ['CWE-306'],
    status: 'open',
    firstSeen: '2026-11-01T00:00:00.000Z',
  });
  const base = reportWith([finding(0), finding(1)]);
  return {
    ...base,
    scan: { ...base.scan, id: t(), targets: [t(), t()], rules: [...base.scan.rules, t()] },
    coverage: [
      { provider: 'aws', account: t(), region: t(), call: t(), reason: 'denied', message: t(), resource: t() },
    ],
    history: {
      file: t(),
      previousScan: t(),
      fixed: [
        {
          id: '0123456789abcdef01234599',
          ruleId: t(),
          place: t(),
          severity: 'high',
          firstSeen: '2026-10-01T00:00:00.000Z',
          lastSeen: '2026-10-02T00:00:00.000Z',
        },
      ],
    },
    suppressions: {
      file: t(),
      suppressed: [],
      expired: [{ entry: 1, id: t(), expires: '2026-01-01', reason: t(), findings: [] }],
      unused: [{ entry: 2, rule: t(), target: t(), expired: false, reason: t() }],
    },
  } as unknown as Report;
}

/** The hostile report and its benign twin: same shape, every string a plain word. */
const twins = fc.array(hostile, { minLength: 80, maxLength: 80 }).map((texts) => ({
  hostile: reportFrom((slot) => texts[slot % texts.length]!),
  benign: reportFrom((slot) => `word${slot}`),
}));

const TERMINAL_UNSAFE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const FILE_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

const markdown = new MarkdownIt({ html: true, linkify: true });
// GitHub autolinks schemes, www. and e-mail addresses, not bare domains or protocol-relative //.
markdown.linkify.set({ fuzzyLink: false });
markdown.linkify.add('//', null);

interface MarkdownShape {
  blocks: string[];
  inline: string[];
  links: string[];
  code: string[];
  forbidden: string[];
}
function markdownShape(text: string): MarkdownShape {
  const shape: MarkdownShape = { blocks: [], inline: [], links: [], code: [], forbidden: [] };
  for (const token of markdown.parse(text, {})) {
    if (token.type === 'html_block') shape.forbidden.push(`html_block ${token.content}`);
    if (token.type !== 'inline') {
      shape.blocks.push(token.type);
      continue;
    }
    for (const child of token.children ?? []) {
      if (child.type === 'html_inline' || child.type === 'image')
        shape.forbidden.push(`${child.type} ${child.content}`);
      if (child.type === 'link_open') shape.links.push(child.attrGet('href') ?? '');
      // Code spans are left out: an id that is not a plain identifier is shown as escaped text instead.
      if (child.type === 'code_inline') shape.code.push(child.content);
      else if (/_open$|_close$|^hardbreak$|^softbreak$/.test(child.type)) shape.inline.push(child.type);
    }
  }
  return shape;
}

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)].map((match) => match[0]);
}

/** RFC 4180 rows → cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  return rows;
}

const rules = RULES;
const lines = (text: string) => text.split('\n').length;

describe('every sink keeps its invariant whatever the report strings hold', () => {
  it('terminal: console summary, gate summary, diff and --json', () => {
    fc.assert(
      fc.property(twins, ({ hostile, benign }) => {
        const outputs = [
          [renderConsole(hostile, ['/out/report.json']), renderConsole(benign, ['/out/report.json'])],
          [gateSummary(hostile), gateSummary(benign)],
          // Every finding fixed, in the same scope (diff tells out-of-scope findings apart, so
          // hostile targets must not be compared with benign ones for the line count).
          [
            renderDiff(diffReports(hostile, { ...hostile, findings: [] })),
            renderDiff(diffReports(benign, { ...benign, findings: [] })),
          ],
        ];
        for (const [evil, twin] of outputs) {
          const printed = terminalText(evil!);
          expect(printed).not.toMatch(TERMINAL_UNSAFE);
          expect(lines(printed)).toBe(lines(terminalText(twin!)));
        }
        const json = terminalJson(diffReports(hostile, hostile));
        expect(json).not.toMatch(TERMINAL_UNSAFE);
        expect(JSON.parse(json)).toEqual(diffReports(hostile, hostile));
      }),
      { numRuns: RUNS },
    );
  });

  it('Markdown: no raw HTML, image or foreign link; the structure of the benign twin', () => {
    fc.assert(
      fc.property(twins, ({ hostile, benign }) => {
        const evil = renderMarkdown(hostile, rules);
        expect(evil).not.toMatch(FILE_UNSAFE);
        const shape = markdownShape(evil);
        const twin = markdownShape(renderMarkdown(benign, rules));
        expect(shape.forbidden).toEqual([]);
        expect(new Set(shape.links)).toEqual(new Set([SAFE_REFERENCE]));
        expect(shape.blocks).toEqual(twin.blocks);
        expect(shape.inline).toEqual(twin.inline);
        // Code spans hold only identifiers, never a hostile value.
        for (const code of shape.code) expect(code).toMatch(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/);
      }),
      { numRuns: RUNS },
    );
  });

  it('HTML: no control or bidi character, the same tags as the twin', () => {
    fc.assert(
      fc.property(twins, ({ hostile, benign }) => {
        const evil = renderHtml(hostile, rules);
        expect(evil).not.toMatch(FILE_UNSAFE);
        expect(tagsOf(evil)).toEqual(tagsOf(renderHtml(benign, rules)));
      }),
      { numRuns: RUNS },
    );
  });

  it('JUnit: no control or bidi character, no stray & or markup, the same elements as the twin', () => {
    fc.assert(
      fc.property(twins, ({ hostile, benign }) => {
        const evil = renderJunit(hostile);
        expect(evil).not.toMatch(FILE_UNSAFE);
        expect(tagsOf(evil)).toEqual(tagsOf(renderJunit(benign)));
        // Every & starts an entity exposcan wrote; no CDATA or comment a value could open.
        expect(evil).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)|<!\[CDATA\[|<!--/);
      }),
      { numRuns: RUNS },
    );
  });

  it("CSV: no control or bidi character, the twin's rows and cells, no formula", () => {
    fc.assert(
      fc.property(twins, ({ hostile, benign }) => {
        const evil = renderCsv(hostile);
        expect(evil.replace(/\r\n/g, '').replace(/[\r\n]/g, '')).not.toMatch(FILE_UNSAFE);
        const rows = parseCsv(evil);
        expect(rows.map((row) => row.length)).toEqual(parseCsv(renderCsv(benign)).map((row) => row.length));
        for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: RUNS },
    );
  });

  it('SARIF and JSON stay valid JSON', () => {
    fc.assert(
      fc.property(twins, ({ hostile }) => {
        expect(() => JSON.parse(renderSarif(hostile, rules))).not.toThrow();
      }),
      { numRuns: Math.min(RUNS, 50) },
    );
  });
});
