// `exposcan history --html FILE`: the I/O around the trend page. Reads every scan of the history,
// renders the page (src/report/trend-html.ts, pure) and writes it as report files are written:
// created by exposcan, through a temp file renamed into place, never through a link. A history
// that does not exist or cannot be read, and a FILE that cannot be written, are one-line usage
// errors (exit 2).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { writeOwnedAtomically } from '../fs/owned-file.js';
import { writeFailureLine } from '../report/files.js';
import { renderTrendHtml } from '../report/trend-html.js';
import { openHistory } from '../scan/history.js';
import { TOOL } from '../version.js';

export function historyHtmlCommand(historyFile: string, htmlFile: string, now: Date = new Date()): string {
  if (!existsSync(historyFile))
    throw new UsageError(`--history '${historyFile}' does not exist: no scan has been recorded there`);
  const store = openHistory(historyFile);
  let scans;
  try {
    scans = store.trendScans();
  } catch (error) {
    throw new UsageError(
      `--history '${historyFile}' cannot be read as a scan history: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  } finally {
    store.close();
  }
  const html = renderTrendHtml({ tool: TOOL, file: store.file, scans, generatedAt: now.toISOString() });
  const target = resolve(htmlFile);
  const folder = dirname(target);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'EEXIST' || code === 'ENOTDIR'
        ? `--html: '${folder}' is not a folder: ${target} not written`
        : `--html: cannot create the folder '${folder}': ${code ?? (error as Error).message}`,
    );
  }
  try {
    writeOwnedAtomically(target, html);
  } catch (error) {
    // A planted link or folder at FILE: refused, as in --out (the message names another --out).
    if (error instanceof UsageError)
      throw new UsageError(`--html: ${error.message.replace(/choose another --out$/, 'choose another file')}`);
    throw new UsageError(`--html: ${writeFailureLine(target, error)}`);
  }
  return target;
}
