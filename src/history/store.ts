// The scan history: one SQLite file (better-sqlite3, WAL). Every scan is a row in `scans` (with its
// report.json) and each of its findings a row in `sightings`. The status logic is in status.ts.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { placeOf } from '../findings/place.js';
import type { Report } from '../report/report.js';
import { computeHistory, targetsKey, type HistoryResult, type PastScan, type Sighting } from './status.js';
import type { TrendScan } from './trend.js';

/** `$XDG_DATA_HOME/exposcan/history.sqlite`, else `~/.local/share/exposcan/history.sqlite`. */
export function defaultHistoryFile(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'exposcan', 'history.sqlite');
}

export interface ScanRow {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly partial: boolean;
  readonly targets: readonly string[];
  readonly findings: number;
}

/** How long one attempt waits for another writer (a second scan, a `sqlite3` shell) to let go. */
export const BUSY_TIMEOUT_MS = 5000;
/** Attempts at recording a scan: SQLite returns BUSY without waiting in some cases (a stale WAL snapshot). */
const RECORD_ATTEMPTS = 3;

/** Another connection holds the lock: worth waiting for and trying again, unlike a corrupt or read-only file. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export class HistoryStore {
  readonly file: string;
  private readonly db: Database.Database;

  constructor(file: string) {
    this.file = resolve(file);
    mkdirSync(dirname(this.file), { recursive: true });
    // The busy timeout is set as the connection opens, before the first statement: the WAL pragma
    // and the schema below already wait for a writer in another process instead of failing.
    this.db = new Database(this.file, { timeout: BUSY_TIMEOUT_MS });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS scans (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        partial INTEGER NOT NULL,
        targets TEXT NOT NULL,
        targets_key TEXT NOT NULL,
        findings INTEGER NOT NULL,
        report TEXT
      );
      CREATE INDEX IF NOT EXISTS scans_started ON scans (started_at);
      CREATE TABLE IF NOT EXISTS sightings (
        scan_id TEXT NOT NULL REFERENCES scans (id),
        finding_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        place TEXT NOT NULL,
        severity TEXT NOT NULL,
        PRIMARY KEY (scan_id, finding_id)
      );
      CREATE INDEX IF NOT EXISTS sightings_finding ON sightings (finding_id);
    `);
  }

  /**
   * Computes statuses against the earlier scans, then stores this scan; one IMMEDIATE transaction
   * (the write lock is taken before the read, so two scans recording at once queue behind the
   * busy timeout instead of one failing at once on a stale snapshot), tried RECORD_ATTEMPTS times.
   */
  record(report: Report): HistoryResult {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.recordOnce(report);
      } catch (error) {
        if (!isBusy(error) || attempt >= RECORD_ATTEMPTS) throw error;
      }
    }
  }

  private recordOnce(report: Report): HistoryResult {
    // A suppressed finding was still seen: it is recorded like the others, so accepting a risk
    // never makes it look fixed, and when the suppression ends it is "open", not "reopened".
    const sightings: Sighting[] = [
      ...report.findings.map((finding) => ({
        findingId: finding.id,
        ruleId: finding.ruleId,
        place: placeOf(finding),
        severity: finding.severity,
      })),
      ...(report.suppressions?.suppressed ?? []).map((finding) => ({
        findingId: finding.id,
        ruleId: finding.ruleId,
        place: finding.place,
        severity: finding.severity,
      })),
    ];
    const key = targetsKey(report.scan.targets);
    return this.db
      .transaction(() => {
        const result = computeHistory(
          { startedAt: report.scan.startedAt, partial: report.scan.partial, targetsKey: key, sightings },
          this.pastScans(),
        );
        this.db
          .prepare(
            'INSERT INTO scans (id, started_at, finished_at, partial, targets, targets_key, findings, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            report.scan.id,
            report.scan.startedAt,
            report.scan.finishedAt,
            report.scan.partial ? 1 : 0,
            JSON.stringify(report.scan.targets),
            key,
            report.findings.length,
            JSON.stringify(report),
          );
        const insert = this.db.prepare(
          'INSERT OR IGNORE INTO sightings (scan_id, finding_id, rule_id, place, severity) VALUES (?, ?, ?, ?, ?)',
        );
        for (const sighting of sightings)
          insert.run(report.scan.id, sighting.findingId, sighting.ruleId, sighting.place, sighting.severity);
        return result;
      })
      .immediate();
  }

  private pastScans(): PastScan[] {
    const scans = this.db.prepare('SELECT id, started_at, partial, targets_key FROM scans').all() as {
      id: string;
      started_at: string;
      partial: number;
      targets_key: string;
    }[];
    const byScan = this.sightingsByScan();
    return scans.map((scan) => ({
      id: scan.id,
      startedAt: scan.started_at,
      partial: scan.partial === 1,
      targetsKey: scan.targets_key,
      sightings: byScan.get(scan.id) ?? [],
    }));
  }

  /** Every scan with its targets and what it saw, for the trend page (`exposcan history --html`). */
  trendScans(): TrendScan[] {
    const scans = this.db.prepare('SELECT id, started_at, partial, targets, targets_key FROM scans').all() as {
      id: string;
      started_at: string;
      partial: number;
      targets: string;
      targets_key: string;
    }[];
    const byScan = this.sightingsByScan();
    return scans.map((scan) => ({
      id: scan.id,
      startedAt: scan.started_at,
      partial: scan.partial === 1,
      targets: targetList(scan.targets),
      targetsKey: scan.targets_key,
      sightings: byScan.get(scan.id) ?? [],
    }));
  }

  private sightingsByScan(): Map<string, Sighting[]> {
    const rows = this.db.prepare('SELECT scan_id, finding_id, rule_id, place, severity FROM sightings').all() as {
      scan_id: string;
      finding_id: string;
      rule_id: string;
      place: string;
      severity: string;
    }[];
    const byScan = new Map<string, Sighting[]>();
    for (const row of rows) {
      const list = byScan.get(row.scan_id) ?? [];
      list.push({ findingId: row.finding_id, ruleId: row.rule_id, place: row.place, severity: row.severity });
      byScan.set(row.scan_id, list);
    }
    return byScan;
  }

  /** Newest first. */
  list(): ScanRow[] {
    const rows = this.db
      .prepare('SELECT id, started_at, finished_at, partial, targets, findings FROM scans ORDER BY started_at DESC')
      .all() as {
      id: string;
      started_at: string;
      finished_at: string;
      partial: number;
      targets: string;
      findings: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      partial: row.partial === 1,
      targets: JSON.parse(row.targets) as string[],
      findings: row.findings,
    }));
  }

  show(id: string): { scan: ScanRow; sightings: Sighting[] } | undefined {
    const scan = this.list().find((row) => row.id === id);
    if (!scan) return undefined;
    const rows = this.db
      .prepare('SELECT finding_id, rule_id, place, severity FROM sightings WHERE scan_id = ? ORDER BY rule_id, place')
      .all(id) as { finding_id: string; rule_id: string; place: string; severity: string }[];
    return {
      scan,
      sightings: rows.map((row) => ({
        findingId: row.finding_id,
        ruleId: row.rule_id,
        place: row.place,
        severity: row.severity,
      })),
    };
  }

  close(): void {
    this.db.close();
  }
}

/** A scan's stored target list; a row another program wrote wrongly reads as no targets, not a crash. */
function targetList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((target): target is string => typeof target === 'string') : [];
  } catch {
    return [];
  }
}
