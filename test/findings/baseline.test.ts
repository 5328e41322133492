import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineIds, loadBaseline, splitByBaseline } from '../../src/findings/baseline.js';
import { UsageError } from '../../src/errors.js';
import { hostileFinding, reportWith } from '../report/fixtures.js';

describe('baseline', () => {
  it('splits findings into known and new by exact id', () => {
    const ids = new Set(['a'.repeat(24)]);
    const { known, fresh } = splitByBaseline([{ id: 'a'.repeat(24) }, { id: 'a'.repeat(23) + 'b' }], ids);
    expect(known).toEqual([{ id: 'a'.repeat(24) }]);
    expect(fresh).toEqual([{ id: 'a'.repeat(23) + 'b' }]);
  });

  it('reads the ids of a valid report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exposcan-baseline-'));
    const file = join(dir, 'report.json');
    writeFileSync(file, JSON.stringify(reportWith([hostileFinding])));
    const baseline = loadBaseline(file);
    expect([...baseline.ids]).toEqual([hostileFinding.id]);
    expect(baselineIds(reportWith([]))).toEqual(new Set());
  });

  it.each([
    ['missing', null, /^--baseline '.*missing.json' cannot be read: ENOENT$/],
    ['not-json', '{', /is not JSON$/],
    ['not-report', '{"findings": []}', /is not an exposcan report/],
  ])('a %s baseline is a one-line usage error', (name, content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'exposcan-baseline-'));
    const file = join(dir, `${name}.json`);
    if (content !== null) writeFileSync(file, content);
    let caught: unknown;
    try {
      loadBaseline(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message.split('\n')).toHaveLength(1);
  });
});
