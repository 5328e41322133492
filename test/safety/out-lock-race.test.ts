// Many scans starting on one --out in the same instant (issue 20, B12): exactly one may hold the
// lock, with no lock there before and with a stale one (of a process that is gone). Each round
// starts its processes, waits until every one has loaded the lock code, then releases them all at
// once through a barrier (a line on stdin), so they race for real; none waits on a clock. The
// children load the built code (dist/): `npx tsc -p tsconfig.json` first.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const lockModule = fileURLToPath(new URL('../../dist/src/scan/out-lock.js', import.meta.url));
const RACERS = 12;
const ROUNDS = 4;

/** Takes the lock on `go`, says `held` or `refused`, and keeps what it got until stdin ends. */
const CHILD = `
const { lockOutFolder } = await import(process.argv[1]);
const dir = process.argv[2];
process.stdout.write('ready\\n');
let input = '';
process.stdin.on('data', (chunk) => {
  input += chunk;
  if (input !== 'go\\n') return;
  let release;
  try { release = lockOutFolder(dir); process.stdout.write('held\\n'); }
  catch (error) { process.stdout.write(error.name === 'UsageError' ? 'refused\\n' : 'error ' + error.message + '\\n'); }
  process.stdin.on('end', () => { release?.(); process.exit(0); });
});
`;

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function lines(child: ChildProcess): AsyncGenerator<string> {
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  const queued: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      const take = waiting.shift();
      if (take) take(line);
      else queued.push(line);
    }
  });
  return (async function* () {
    for (;;) yield queued.length > 0 ? queued.shift()! : await new Promise<string>((resolve) => waiting.push(resolve));
  })();
}

/** One round: RACERS processes released at once on `dir`; what each said. */
async function race(dir: string): Promise<string[]> {
  const children = Array.from({ length: RACERS }, () =>
    spawn(process.execPath, ['--input-type=module', '-e', CHILD, lockModule, dir], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const readers = children.map(lines);
  try {
    for (const reader of readers) expect((await reader.next()).value).toBe('ready');
    for (const child of children) child.stdin!.write('go\n');
    return await Promise.all(readers.map(async (reader) => (await reader.next()).value as string));
  } finally {
    const ended = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of children) child.stdin!.end();
    await Promise.all(ended);
  }
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('the --out lock under racing starts', () => {
  it.each([
    ['no lock before', (_dir: string) => undefined],
    [
      'a stale lock of a process that is gone',
      (dir: string) =>
        writeFileSync(
          join(dir, 'exposcan.lock'),
          JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
        ),
    ],
    ['a half-written lock', (dir: string) => writeFileSync(join(dir, 'exposcan.lock'), '{"pid": 1')],
  ])(
    'is held by exactly one racer, round after round, with %s',
    async (_name, prepare) => {
      for (let round = 0; round < ROUNDS; round++) {
        const dir = mkdtempSync(join(tmpdir(), 'exposcan-lock-race-'));
        folders.push(dir);
        prepare(dir);
        const said = await race(dir);
        expect(
          said.filter((line) => line === 'held'),
          `round ${round}: ${said.join(', ')}`,
        ).toHaveLength(1);
        expect(said.filter((line) => line !== 'held' && line !== 'refused')).toEqual([]);
        // Every scratch file and claim is cleaned up; only the winner's lock is gone with it.
        expect(readdirSync(dir)).toEqual([]);
      }
    },
    180_000,
  );
});
