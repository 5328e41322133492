// Every output format as a pure function of the report. report.json is always written.
import type { Rule } from '../engine/rule.js';
import type { Format } from '../config/schema.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './report.js';
import { renderSarif } from './sarif.js';

export const RENDERERS: Readonly<Record<Format, { file: string; render: (report: Report, rules: readonly Rule[]) => string }>> = {
  json: { file: 'report.json', render: (report) => renderJson(report) },
  md: { file: 'report.md', render: (report) => renderMarkdown(report) },
  sarif: { file: 'report.sarif', render: renderSarif },
};
