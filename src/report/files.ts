// Report files on disk: where they may be written, how they are written, how one is read back.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Format } from '../config/schema.js';
import { allRules } from '../engine/registry.js';
import { UsageError } from '../errors.js';
import { RENDERERS } from './formats.js';
import type { Report } from './report.js';
import { reportProblem } from './validate.js';

export function ensureWritable(dir: string, flag = '--out'): void {
  try {
    mkdirSync(dir, { recursive: true });
    // Find out before scanning, not after an hour of probes, that the report cannot be written.
    const probe = join(dir, `.exposcan-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new UsageError(`${flag} '${dir}' is not a writable folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Writes each file beside itself first and renames it into place: a reader never sees half a report. */
export function writeReport(report: Report, formats: readonly Format[], outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const rules = allRules();
  return [...new Set(formats)].map((format) => {
    const renderer = RENDERERS[format];
    const file = join(outDir, renderer.file);
    writeFileSync(`${file}.tmp`, renderer.render(report, rules));
    renameSync(`${file}.tmp`, file);
    return file;
  });
}

/** A report.json written by exposcan, checked against the schema; anything else is a usage error. */
export function readReportFile(file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code ? `report file '${file}' cannot be read: ${code}` : `report file '${file}' is not JSON`);
  }
  const problem = reportProblem(data);
  if (problem) throw new UsageError(`report file '${file}' is not an exposcan report (schema version 1): ${problem}`);
  return data as Report;
}
