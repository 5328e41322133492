// Recording a report in the scan history, shared by `exposcan scan` and `exposcan merge` (a
// sharded scan is recorded once, merged: a shard on its own would make the others look fixed).
import { UsageError } from '../errors.js';
import { HistoryStore } from '../history/store.js';
import type { Report } from '../report/report.js';

export function openHistory(file: string): HistoryStore {
  try {
    return new HistoryStore(file);
  } catch (error) {
    throw new UsageError(`--history '${file}' cannot be opened as a scan history: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Records the scan and adds each finding's status and first-seen date, and the fixed findings. */
export function withHistory(report: Report, store: HistoryStore): Report {
  try {
    const result = store.record(report);
    return {
      ...report,
      findings: report.findings.map((finding) => ({ ...finding, status: result.status.get(finding.id)!, firstSeen: result.firstSeen.get(finding.id)! })),
      history: { file: store.file, ...(result.previousScan !== undefined ? { previousScan: result.previousScan } : {}), fixed: result.fixed },
    };
  } finally {
    store.close();
  }
}
