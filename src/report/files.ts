// Report files on disk: where they may be written, how they are written, how one is read back.
import { closeSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Format } from '../config/schema.js';
import type { Rule } from '../engine/rule.js';
import { UsageError } from '../errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.js';
import { createOwned, refuseUnsafe, UnsafePathError, writeOwnedAtomically } from '../fs/owned-file.js';
import { RENDERERS } from './formats.js';
import type { Report } from './report.js';
import { stripControl } from './escape.js';
import { reportProblem } from './validate.js';

/** The files a report in `formats` occupies in --out, temp files included. */
export function reportFiles(formats: readonly Format[]): string[] {
  return [...new Set(formats)].flatMap((format) => [RENDERERS[format].file, `${RENDERERS[format].file}.tmp`]);
}

/**
 * Creates `dir` and proves it writable before any work; `names` are the files exposcan will write
 * there, each refused up front when a symlink or anything but a plain file already holds its name.
 */
export function ensureWritable(dir: string, flag = '--out', names: readonly string[] = []): void {
  try {
    mkdirSync(dir, { recursive: true });
    // Find out before scanning, not after an hour of probes, that the report cannot be written.
    const probe = join(dir, `.exposcan-write-test-${process.pid}`);
    closeSync(createOwned(probe));
    rmSync(probe);
  } catch (error) {
    if (error instanceof UnsafePathError) throw new UsageError(`${flag}: ${error.message}`);
    throw new UsageError(
      `${flag} '${dir}' is not a writable folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  for (const name of names) {
    try {
      refuseUnsafe(join(dir, name));
    } catch (error) {
      if (error instanceof UnsafePathError) throw new UsageError(`${flag}: ${error.message}`);
      throw error;
    }
  }
}

/** What writeReport could not write, in one line for the user. */
export interface WriteFailure {
  readonly file: string;
  readonly line: string;
}

export interface WriteOutcome {
  readonly written: string[];
  readonly failed: WriteFailure[];
}

/**
 * Writes report.json first, then the other formats, each beside itself and renamed into place (a
 * reader never sees half a report). A format that cannot be written (disk full, a planted link)
 * costs only itself: its temp file is removed and the failure is returned, the rest is written.
 * `rules` is the catalogue the renderers describe beside the findings (SARIF's rule list, JUnit's cases).
 */
export function writeReport(
  report: Report,
  formats: readonly Format[],
  outDir: string,
  rules: readonly Rule[],
): WriteOutcome {
  mkdirSync(outDir, { recursive: true });
  // JSON is the canonical form: it goes first, so a disk with room for one file keeps the one that matters.
  const ordered = [...new Set(formats)].sort((a, b) => (a === 'json' ? -1 : b === 'json' ? 1 : 0));
  const written: string[] = [];
  const failed: WriteFailure[] = [];
  for (const format of ordered) {
    const renderer = RENDERERS[format];
    const file = join(outDir, renderer.file);
    try {
      writeOwnedAtomically(file, renderer.render(report, rules));
      written.push(file);
    } catch (error) {
      failed.push({ file, line: writeFailureLine(file, error) });
    }
  }
  return { written, failed };
}

/** One line for a file that could not be written: "disk full at …", the refused path, or the error code. */
export function writeFailureLine(file: string, error: unknown): string {
  if (error instanceof UnsafePathError) return `${error.message} (${file} not written)`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return `disk full at ${file}: not written`;
  return `cannot write ${file}: ${code ?? (error instanceof Error ? error.message : String(error))}`;
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
  if (nestsDeeperThan(data))
    throw new UsageError(`report file '${file}' nests deeper than ${MAX_JSON_DEPTH} levels: not an exposcan report`);
  const problem = reportProblem(data);
  if (problem) throw new UsageError(`report file '${file}' is not an exposcan report (schema version 1): ${problem}`);
  return data as Report;
}

/** Says each file that could not be written, one line each; any such file makes the run exit 2 (its output is incomplete). */
export function withWriteFailures(code: number, failed: readonly WriteFailure[], warn: (line: string) => void): number {
  for (const failure of failed) warn(`exposcan: ${stripControl(failure.line)}`);
  return failed.length > 0 ? 2 : code;
}
