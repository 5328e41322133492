// Every output format as a pure function of the report. report.json is always written.
import type { Rule } from '../engine/rule.js';
import type { Format } from '../config/schema.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './report.js';
import { renderSarif } from './sarif.js';
import { renderOcsf } from './ocsf.js';
import { renderAsff } from './asff.js';

export const RENDERERS: Readonly<
  Record<Format, { file: string; render: (report: Report, rules: readonly Rule[]) => string }>
> = {
  json: { file: 'report.json', render: (report) => renderJson(report) },
  md: { file: 'report.md', render: renderMarkdown },
  sarif: { file: 'report.sarif', render: renderSarif },
  html: { file: 'report.html', render: renderHtml },
  junit: { file: 'report.junit.xml', render: (report) => renderJunit(report) },
  csv: { file: 'report.csv', render: (report) => renderCsv(report) },
  ocsf: { file: 'report.ocsf.jsonl', render: (report) => renderOcsf(report) },
  asff: { file: 'report.asff.json', render: (report) => renderAsff(report) },
};
