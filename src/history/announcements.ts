// What --notify has announced, kept in the scan history file beside the scans, so a finding is
// announced once per time it opens: a row per finding announced (or whose announcement failed and
// is still owed), removed when the history lists the finding as fixed, so a reopening is announced
// again. Daily digests are rows per UTC day. Migration 1 adds both tables to a history file that
// has none (PRAGMA user_version 0 → 1); a file written by an older exposcan gains them on first use.
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './store.js';

export const ANNOUNCEMENTS_VERSION = 1;

export type AnnouncementState = 'sent' | 'owed';

export class Announcements {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    this.db.pragma('journal_mode = WAL');
    migrate(this.db);
  }

  /** finding id → state, for the ids asked. */
  states(): Map<string, AnnouncementState> {
    const rows = this.db.prepare('SELECT finding_id, state FROM announcements').all() as {
      finding_id: string;
      state: AnnouncementState;
    }[];
    return new Map(rows.map((row) => [row.finding_id, row.state]));
  }

  /** One transaction: the fixed ones forgotten (a reopening is news again), the others marked. */
  update(scanId: string, at: string, marks: ReadonlyMap<string, AnnouncementState>, fixed: readonly string[]): void {
    this.db
      .transaction(() => {
        const forget = this.db.prepare('DELETE FROM announcements WHERE finding_id = ?');
        for (const id of fixed) forget.run(id);
        const mark = this.db.prepare(
          'INSERT INTO announcements (finding_id, scan_id, at, state) VALUES (?, ?, ?, ?) ON CONFLICT (finding_id) DO UPDATE SET scan_id = excluded.scan_id, at = excluded.at, state = excluded.state',
        );
        for (const [id, state] of marks) mark.run(id, scanId, at, state);
      })
      .immediate();
  }

  digestSent(day: string): boolean {
    return this.db.prepare('SELECT 1 FROM digests WHERE day = ?').get(day) !== undefined;
  }

  markDigest(day: string, scanId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO digests (day, scan_id) VALUES (?, ?)').run(day, scanId);
  }

  close(): void {
    this.db.close();
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= ANNOUNCEMENTS_VERSION) return;
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS announcements (
        finding_id TEXT PRIMARY KEY,
        scan_id TEXT NOT NULL,
        at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sent', 'owed'))
      );
      CREATE TABLE IF NOT EXISTS digests (
        day TEXT PRIMARY KEY,
        scan_id TEXT NOT NULL
      );
    `);
    db.pragma(`user_version = ${ANNOUNCEMENTS_VERSION}`);
  }).immediate();
}
