// The streamed target list (src/targets/source.ts): a file read in chunks (lines split across
// chunks, CRLF, no final newline), each target once whatever its spelling, the spool read back in
// order, the endpoint count and digest without holding the list, and the spool removed.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FingerprintSet } from '../../src/targets/fingerprint-set.js';
import { readLines } from '../../src/targets/lines.js';
import { LISTED_TARGETS, TargetSource } from '../../src/targets/source.js';
import { parseTarget } from '../../src/targets/target.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-source-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('readLines', () => {
  it('splits lines across 64 KiB chunks, strips CRLF, keeps a last line without a newline and multi-byte characters whole', () => {
    const long = 'x'.repeat(70_000);
    const path = join(work, 'lines.txt');
    writeFileSync(path, `a\r\n${long}\nb é\n${'y'.repeat(65_530)}ü\nlast`);
    const lines = [...readLines(path)];
    expect(lines.map((line) => line.text)).toEqual(['a', long, 'b é', `${'y'.repeat(65_530)}ü`, 'last']);
    expect(lines.map((line) => line.number)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('FingerprintSet', () => {
  it('says whether a key is new, across growth, for 200,000 keys', () => {
    const set = new FingerprintSet();
    for (let i = 0; i < 200_000; i++)
      expect(set.add(`host-port:10.${i >> 16}.${(i >> 8) & 255}.${i & 255}:80`)).toBe(true);
    for (let i = 0; i < 200_000; i += 997)
      expect(set.add(`host-port:10.${i >> 16}.${(i >> 8) & 255}.${i & 255}:80`)).toBe(false);
    expect(set.size).toBe(200_000);
  });
});

describe('TargetSource', () => {
  it('keeps each target once, in first-seen order, whatever its spelling, --target first', () => {
    const path = join(work, 'dupes.txt');
    writeFileSync(
      path,
      ['http://h/', 'H:080', '192.0.2.0/30', 'http://h:80/', 'h:80', '192.0.2.0/30', '192.0.2.9'].join('\n'),
    );
    const source = TargetSource.load([parseTarget('192.0.2.9'), parseTarget('h:81')], {
      path,
      label: '--targets-file',
      format: 'auto',
    });
    try {
      expect([...source.targets()].map((target) => target.text)).toEqual([
        '192.0.2.9',
        'h:81',
        'http://h/',
        'H:080',
        '192.0.2.0/30',
      ]);
      expect(source.count).toBe(5);
      // Two host:port targets, one URL, and 1 + 4 addresses that take every port.
      expect(source.endpoints([80, 443])).toBe(3 + 5 * 2);
      expect(source.texts()).toEqual(['192.0.2.9', 'h:81', 'http://h/', 'H:080', '192.0.2.0/30']);
      // Read twice alike (the report reads the list again after the scan).
      expect([...source.targets()]).toHaveLength(5);
    } finally {
      source.close();
    }
  });

  it('the same targets give the same digest, another list another one (what --resume compares)', () => {
    const path = join(work, 'digest.txt');
    writeFileSync(path, '192.0.2.1:80\n192.0.2.2:80\n');
    const a = TargetSource.load([], { path, label: '--targets-file', format: 'auto' });
    const b = TargetSource.load([], { path, label: '--targets-file', format: 'auto' });
    writeFileSync(path, '192.0.2.2:80\n192.0.2.1:80\n');
    const c = TargetSource.load([], { path, label: '--targets-file', format: 'auto' });
    expect(a.digest).toBe(b.digest);
    expect(c.digest).not.toBe(a.digest);
    for (const source of [a, b, c]) source.close();
  });

  it('streams 300,000 lines with duplicates in order and removes its spool on close', () => {
    const path = join(work, 'big.txt');
    const lines: string[] = [];
    for (let i = 0; i < 300_000; i++)
      lines.push(`127.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:${i % 2 === 0 ? 80 : 443}`);
    // Every tenth line again at the end: all duplicates.
    for (let i = 0; i < 300_000; i += 10) lines.push(lines[i]!);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const source = TargetSource.load([], { path, label: '--targets-file', format: 'auto' });
    expect(source.count).toBe(300_000);
    let index = 0;
    for (const target of source.targets()) {
      expect(target.text).toBe(lines[index]);
      index++;
    }
    expect(index).toBe(300_000);
    const spool = (source as unknown as { spool: string }).spool;
    expect(existsSync(spool)).toBe(true);
    source.close();
    expect(existsSync(dirname(spool))).toBe(false);
  });

  it('a report lists up to LISTED_TARGETS targets whole, a longer file as one entry, and names any target by position', () => {
    const path = join(work, 'listed.txt');
    const lines = Array.from({ length: LISTED_TARGETS + 1 }, (_, i) => `127.1.${i >> 8}.${i & 255}:80`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const long = TargetSource.load([parseTarget('192.0.2.1')], { path, label: '--targets-file', format: 'auto' });
    const listed = long.listed();
    expect(listed).toHaveLength(2);
    expect(listed[0]).toBe('192.0.2.1');
    expect(listed[1]).toBe(`${path}: ${LISTED_TARGETS + 1} targets (sha256 ${long.digest.slice(0, 16)})`);
    expect(long.textsAt([0, 1, LISTED_TARGETS + 1])).toEqual(
      new Map([
        [0, '192.0.2.1'],
        [1, lines[0]],
        [LISTED_TARGETS + 1, lines[LISTED_TARGETS]],
      ]),
    );
    long.close();
    writeFileSync(path, `${lines.slice(0, 3).join('\n')}\n`);
    const short = TargetSource.load([], { path, label: '--targets-file', format: 'auto' });
    expect(short.listed()).toEqual(lines.slice(0, 3));
    short.close();
  });

  it('a bad line leaves no spool behind', () => {
    const path = join(work, 'bad.txt');
    writeFileSync(path, '192.0.2.1\nnot a host!\n');
    const before = new Set(readdirSync(tmpdir()).filter((name: string) => name.startsWith('exposcan-targets-')));
    expect(() => TargetSource.load([], { path, label: '--targets-file', format: 'auto' })).toThrow(`${path}:2:`);
    const after = readdirSync(tmpdir()).filter((name) => name.startsWith('exposcan-targets-') && !before.has(name));
    expect(after).toEqual([]);
  });
});
