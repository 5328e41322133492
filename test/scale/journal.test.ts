// The checkpoint and the spool on disk (a temp folder): no server.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { CompletionLedger, readCheckpoint } from '../../src/scan/checkpoint.js';
import { CHECKPOINT_FILE, ScanJournal, SPOOL_FILE } from '../../src/scan/journal.js';
import { readSpool } from '../../src/scan/spool.js';

// One endpoint probed (open, identified): each journal below marks exactly one endpoint done,
// as a real scan's counters and ledger always agree (--resume checks that they do).
const counters = { endpoints: 1, open: 1, identified: 1, failures: {} };
const identity = { targets: ['192.0.2.0/30'], ports: [80] };
/** What the CLI passes: one target of four endpoints, not sharded. */
const scope = { targets: 1, endpointsAtMost: 4, sharded: false };
const quiet = () => undefined;

describe('CompletionLedger', () => {
  it('keeps a watermark and the runs finished above it', () => {
    const ledger = new CompletionLedger();
    for (const index of [1, 2, 4, 7, 6]) ledger.markDone(index);
    expect(ledger.snapshot()).toEqual({
      watermark: 0,
      done: [
        [1, 3],
        [4, 5],
        [6, 8],
      ],
    });
    ledger.markDone(0);
    expect(ledger.snapshot()).toEqual({
      watermark: 3,
      done: [
        [4, 5],
        [6, 8],
      ],
    });
    ledger.markDone(5);
    expect(ledger.snapshot()).toEqual({ watermark: 3, done: [[4, 8]] });
    ledger.markDone(3);
    expect(ledger.snapshot()).toEqual({ watermark: 8, done: [] });
    expect([0, 7, 8].map((index) => ledger.isDone(index))).toEqual([true, true, false]);
  });

  it('agrees with a plain set over random orders', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 1000) / 1000;
    for (let round = 0; round < 50; round++) {
      const ledger = new CompletionLedger();
      const done = new Set<number>();
      for (let step = 0; step < 200; step++) {
        const index = Math.floor(random() * 120);
        ledger.markDone(index);
        done.add(index);
      }
      for (let index = 0; index < 130; index++) expect(ledger.isDone(index), `index ${index}`).toBe(done.has(index));
      const again = new CompletionLedger(ledger.snapshot().watermark, ledger.snapshot().done);
      for (let index = 0; index < 130; index++) expect(again.isDone(index)).toBe(done.has(index));
    }
  });

  it('stays small over a million endpoints finished nearly in order, and over a shard passing others while one endpoint is slow', () => {
    const ledger = new CompletionLedger();
    let largest = 0;
    // Finished in windows of 64 (the concurrency), each window backwards: the worst order a pool produces.
    for (let start = 0; start < 1_000_000; start += 64) {
      for (let index = start + 63; index >= start; index--) {
        ledger.markDone(index);
        largest = Math.max(largest, ledger.pending);
      }
    }
    expect(ledger.watermark).toBe(1_000_000);
    expect(largest).toBeLessThanOrEqual(64);
    // Index 1,000,000 is a tarpit in flight; 100,000 endpoints of other shards are passed over meanwhile.
    for (let index = 1_000_001; index < 1_100_001; index++) ledger.markDone(index);
    expect(ledger.snapshot()).toEqual({ watermark: 1_000_000, done: [[1_000_001, 1_100_001]] });
  });

  it('restores from a snapshot', () => {
    const ledger = new CompletionLedger(5, [
      [7, 8],
      [9, 10],
    ]);
    expect([4, 5, 6, 7, 8, 9].map((index) => ledger.isDone(index))).toEqual([true, false, false, true, false, true]);
  });
});

describe('ScanJournal', () => {
  const fresh = () => mkdtempSync(join(tmpdir(), 'exposcan-journal-'));

  it('a resumed journal continues from the checkpoint and cuts the spool back to what it recorded', () => {
    const dir = fresh();
    const first = ScanJournal.open({ dir, identity, resume: false, note: quiet, scope });
    first.begin([], new Date('2026-11-25T10:00:00Z'), () => counters);
    first.sink.append({ i: 0, services: [{ host: '192.0.2.1', port: 80, protocol: 'http', tls: false }] });
    first.ledger.markDone(0);
    first.flush();
    // Written after the last checkpoint, then a kill halfway through a line: neither is committed.
    first.sink.append({ i: 1, services: [{ host: '192.0.2.2', port: 80, protocol: 'http', tls: false }] });
    first.sink.close();
    appendFileSync(join(dir, SPOOL_FILE), '{"i":2,"serv');

    const second = ScanJournal.open({ dir, identity, resume: true, note: quiet, scope });
    expect(second.resumed).toBe(true);
    expect(second.restored).toMatchObject({ startedAt: new Date('2026-11-25T10:00:00Z'), counters });
    expect(second.ledger.isDone(0)).toBe(true);
    expect(second.ledger.isDone(1)).toBe(false);
    expect([...second.sink.records()].map((record) => record.i)).toEqual([0]);
    second.begin([], new Date('2026-11-25T10:00:00Z'), () => counters);
    second.sink.append({ i: 1 });
    expect([...readSpool(join(dir, SPOOL_FILE))].map((record) => record.i)).toEqual([0, 1]);
    second.remove();
    expect(existsSync(join(dir, SPOOL_FILE)) || existsSync(join(dir, CHECKPOINT_FILE))).toBe(false);
  });

  it('--resume refuses a checkpoint of another scan, or of other implied endpoints, in one line', () => {
    const dir = fresh();
    const first = ScanJournal.open({ dir, identity, resume: false, note: quiet, scope });
    first.begin(['192.0.2.9\u00009200\u0000'], new Date(), () => counters);
    first.ledger.markDone(0);
    first.stop();
    expect(() =>
      ScanJournal.open({ dir, identity: { ...identity, ports: [443] }, resume: true, note: quiet, scope }),
    ).toThrow(
      /^--resume: the checkpoint in .* belongs to a different scan \(targets, ports, rules, shard or settings differ\); run without --resume to start afresh$/,
    );
    const again = ScanJournal.open({ dir, identity, resume: true, note: quiet, scope });
    expect(() => again.begin([], new Date(), () => counters)).toThrow(UsageError);
    expect(() => again.begin([], new Date(), () => counters)).toThrow(/cloud accounts now imply other endpoints/);
  });

  it('--resume refuses a damaged checkpoint or a spool shorter than it records', () => {
    const dir = fresh();
    const first = ScanJournal.open({ dir, identity, resume: false, note: quiet, scope });
    first.begin([], new Date(), () => counters);
    first.sink.append({ i: 0 });
    first.ledger.markDone(0);
    first.stop();
    writeFileSync(join(dir, SPOOL_FILE), '');
    expect(() => ScanJournal.open({ dir, identity, resume: true, note: quiet, scope })).toThrow(
      /^--resume: the spool .* has 0 bytes but the checkpoint recorded \d+; run without --resume/,
    );
    writeFileSync(join(dir, CHECKPOINT_FILE), '{"version":1');
    expect(() => ScanJournal.open({ dir, identity, resume: true, note: quiet, scope })).toThrow(
      /^--resume: the checkpoint .* is not JSON; run without --resume/,
    );
  });

  it('--resume without a checkpoint starts from the beginning and says so; a fresh scan replaces an old checkpoint and says so', () => {
    const dir = fresh();
    const notes: string[] = [];
    const journal = ScanJournal.open({ dir, identity, resume: true, note: (line) => notes.push(line), scope });
    expect(journal.resumed).toBe(false);
    journal.begin([], new Date(), () => counters);
    journal.stop();
    expect(readCheckpoint(join(dir, CHECKPOINT_FILE))).toMatchObject({ watermark: 0, done: [], counters });
    ScanJournal.open({ dir, identity, resume: false, note: (line) => notes.push(line), scope }).sink.close();
    expect(notes).toEqual([
      expect.stringMatching(/^exposcan: --resume: no checkpoint in .*; starting from the beginning$/),
      expect.stringMatching(/^exposcan: replacing the unfinished scan's checkpoint/),
    ]);
    expect(statSync(join(dir, SPOOL_FILE)).size).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, CHECKPOINT_FILE), 'utf8'))).toMatchObject({ version: 1 });
  });
});
