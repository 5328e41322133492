// Ids come from cloud APIs and Terraform plans: hostile input. Each generated command, pasted into
// a real bash, must hand the program exactly the argv exposcan meant, whatever the id holds, and run
// nothing else. bash parses the line with `set --` (nothing is executed but the builtins) and prints
// its words NUL-separated.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FIX_CASES } from './cases.js';
import { fixesOf, ruleById } from './run-fixes.js';
import type { CloudResource } from '../../src/cloud/inventory.js';
import { quoteArgument, shellLine } from '../../src/fix/shell.js';

const dir = mkdtempSync(join(tmpdir(), 'exposcan-fix-shell-'));
const canary = join(dir, 'ran');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The words bash makes of `line`. */
function bashWords(line: string): string[] {
  const run = spawnSync('bash', ['--norc', '--noprofile', '-c', `set -- ${line}\nprintf '%s\\0' "$@"`], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\0').slice(0, -1);
}

const HOSTILE = [
  `sg-1'; touch ${canary}; echo '`,
  `sg-$(touch ${canary})`,
  `sg-\`touch ${canary}\``,
  'sg-1\ntouch ' + canary,
  'sg 1 with spaces',
  `sg-"double"-'single'-\\back`,
  'sg-$HOME-${PATH}-*-?-[a]-~-!-#-&-|-;-<->',
  '-sg-leading-dash',
  '',
  "''''",
  'sg-ünïcødé-\u202e-\t-tab',
];

describe('quoting for sh', () => {
  it('plain ids stay readable; anything else is single-quoted', () => {
    expect(quoteArgument('sg-0abc1234')).toBe('sg-0abc1234');
    expect(quoteArgument('arn:aws:kafka:us-east-1:123456789012:cluster/events/5a1b')).toBe(
      'arn:aws:kafka:us-east-1:123456789012:cluster/events/5a1b',
    );
    expect(quoteArgument("it's")).toBe(`'it'\\''s'`);
    expect(quoteArgument('')).toBe(`''`);
    expect(() => quoteArgument('a\u0000b')).toThrow(/NUL/);
  });

  it('hostile strings: bash sees exactly the intended argv and runs nothing', () => {
    for (const id of HOSTILE) {
      const argv = [
        'aws',
        'ec2',
        'revoke-security-group-ingress',
        '--group-id',
        id,
        '--ip-permissions',
        `[{"x":"${id}"}]`,
      ];
      expect(bashWords(shellLine(argv))).toEqual(argv);
    }
    expect(existsSync(canary)).toBe(false);
  });

  it('any string without NUL survives bash (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary' }).map((text) => text.replaceAll('\u0000', '')),
          { minLength: 1, maxLength: 4 },
        ),
        (words) => {
          const argv = ['aws', ...words];
          expect(bashWords(shellLine(argv))).toEqual(argv);
        },
      ),
      { numRuns: 150 },
    );
    expect(existsSync(canary)).toBe(false);
  });

  it('every rule\u2019s commands, with hostile ids and regions in the resource, reach bash as generated', () => {
    let checked = 0;
    for (const one of FIX_CASES) {
      for (const id of HOSTILE.filter(Boolean)) {
        const resource = {
          ...one.resource,
          ref: { ...one.resource.ref, id, region: `cn-$(touch ${canary})` },
        } as CloudResource;
        for (const fix of fixesOf(ruleById(one.ruleId), resource)) {
          for (const command of fix?.commands ?? []) {
            expect(bashWords(command.shell)).toEqual(command.argv);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(existsSync(canary)).toBe(false);
  });

  it('an id with a NUL costs the finding its fix, never the scan', () => {
    const one = FIX_CASES.find((found) => found.ruleId === 'aws-rds-publicly-accessible')!;
    const resource = { ...one.resource, ref: { ...one.resource.ref, id: 'db\u0000-1' } } as CloudResource;
    expect(fixesOf(ruleById(one.ruleId), resource)).toEqual([undefined]);
  });
});
