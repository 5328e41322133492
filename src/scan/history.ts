// Recording a report in the scan history, shared by `exposcan scan` and `exposcan merge` (a
// sharded scan is recorded once, merged: a shard on its own would make the others look fixed).
// The history never costs the scan: a file that is not a history is refused before any work, but
// once the scan has run, a history that cannot be written (locked by another process past the
// busy timeout and retries, disk full, made read-only meanwhile) leaves the report as it is, with
// `history.notUpdated` saying why; the console says so too, and --strict exits 2.
import { UsageError } from '../errors.js';
import { HistoryStore, isBusy } from '../history/store.js';
import type { Report } from '../report/report.js';

/** Opens the history for reading (exposcan history); anything but a scan history is a usage error. */
export function openHistory(file: string): HistoryStore {
  try {
    return new HistoryStore(file);
  } catch (error) {
    throw new UsageError(
      `--history '${file}' cannot be opened as a scan history: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Where a scan will record itself, checked before the scan. */
export interface HistoryTarget {
  readonly file: string;
}

/**
 * Checks before the scan that `file` is (or can become) a scan history. Busy is not a fault: another
 * scan is recording there, and this one waits its turn when it records.
 */
export function checkHistory(file: string): HistoryTarget {
  try {
    const store = new HistoryStore(file);
    const resolved = store.file;
    store.close();
    return { file: resolved };
  } catch (error) {
    if (isBusy(error)) return { file };
    throw new UsageError(
      `--history '${file}' cannot be opened as a scan history: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Records the scan and adds each finding's status and first-seen date, and the fixed findings; never throws. */
export function withHistory(report: Report, target: HistoryTarget): Report {
  let store: HistoryStore | undefined;
  try {
    store = new HistoryStore(target.file);
    const result = store.record(report);
    return {
      ...report,
      findings: report.findings.map((finding) => ({
        ...finding,
        status: result.status.get(finding.id)!,
        firstSeen: result.firstSeen.get(finding.id)!,
      })),
      history: {
        file: store.file,
        ...(result.previousScan !== undefined ? { previousScan: result.previousScan } : {}),
        fixed: result.fixed,
      },
    };
  } catch (error) {
    return { ...report, history: { file: store?.file ?? target.file, fixed: [], notUpdated: whyNotRecorded(error) } };
  } finally {
    store?.close();
  }
}

function whyNotRecorded(error: unknown): string {
  if (isBusy(error)) return 'the history is locked by another process (waited and retried)';
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
