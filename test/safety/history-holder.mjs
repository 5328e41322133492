// Another process holding the scan history's write lock, as a `sqlite3` shell in the middle of a
// transaction would: BEGIN IMMEDIATE and one inserted scan, then "held" on stdout. It commits and
// exits when its stdin says "commit", and rolls back and exits when stdin closes.
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const db = new Database(process.argv[2]);
db.exec('BEGIN IMMEDIATE');
db.prepare(
  'INSERT INTO scans (id, started_at, finished_at, partial, targets, targets_key, findings, report) VALUES (?, ?, ?, 0, ?, ?, 0, NULL)',
).run(
  'held-by-another-process',
  '2020-01-01T00:00:00.000Z',
  '2020-01-01T00:00:01.000Z',
  '["192.0.2.1"]',
  'another-process',
);
process.stdout.write('held\n');
let committed = false;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'commit') return;
  db.exec('COMMIT');
  committed = true;
  db.close();
  process.exit(0);
});
lines.on('close', () => {
  if (!committed) db.exec('ROLLBACK');
  db.close();
  process.exit(0);
});
