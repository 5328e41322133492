// Issue 20 B15: standard output that cannot be written (`> /dev/full`, a reader that went away
// as in `| head -1`) is one line on stderr and exit 2, the README's code for errors; it was an
// unhandled 'error' event, a stack trace and exit 1, the code reserved for findings. A scan whose
// stdout is lost stops as if interrupted and still writes its report, marked partial.
// Real redis-server (started here) and a loopback tarpit; the CLI is the built one.
import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { redisBinary, startRedis, stopAll } from '../helpers/services.js';
import { BIN } from './run-cli.js';

const PLAN = new URL('../fixtures/terraform/alibaba-kibana-absent.tfplan.json', import.meta.url).pathname;

/** Runs the CLI with stdout as given; 'closed' is a pipe whose reading end is gone before the first write. */
function run(args: readonly string[], stdout: 'closed' | number): Promise<{ code: number | string; stderr: string }> {
  const stdio: StdioOptions = ['ignore', stdout === 'closed' ? 'pipe' : stdout, 'pipe'];
  const child = spawn(process.execPath, [BIN, ...args], { stdio });
  if (stdout === 'closed') child.stdout!.destroy();
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const killer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code: code ?? signal ?? 'unknown', stderr });
    }),
  );
}

function expectOneLine(stderr: string, code: string): void {
  expect(stderr).not.toMatch(/\n\s+at |Unhandled/);
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toEqual([
    `exposcan: standard output: ${code === 'EPIPE' ? 'its reader closed it (EPIPE)' : 'no space left on the device (ENOSPC)'}; the output there is cut short`,
  ]);
}

describe('an unwritable standard output (issue 20 B15)', () => {
  afterAll(() => stopAll(), 60_000);

  it('> /dev/full: rules says ENOSPC in one line and exits 2', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const { code, stderr } = await run(['rules'], full);
      expect(code).toBe(2);
      expectOneLine(stderr, 'ENOSPC');
    } finally {
      closeSync(full);
    }
  });

  it('| head -1 (the reader is gone): plan says EPIPE in one line and exits 2', async () => {
    const { code, stderr } = await run(['plan', PLAN], 'closed');
    expect(code).toBe(2);
    expectOneLine(stderr, 'EPIPE');
  });

  it.skipIf(!redisBinary())(
    'scan --jsonl | head -1: the scan stops at the first finding it cannot write and its report is written, marked partial',
    async () => {
      const redis = await startRedis();
      // Accepts and never answers: with a 60 s probe timeout, only a stopped scan ends early.
      const held = new Set<net.Socket>();
      const tarpit = net.createServer((socket) => {
        held.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', () => resolve()));
      const tarpitPort = (tarpit.address() as net.AddressInfo).port;
      try {
        const out = join(mkdtempSync(join(tmpdir(), 'exposcan-stdout-')), 'out');
        const args = [
          'scan',
          `127.0.0.1:${redis.port}`,
          `127.0.0.1:${tarpitPort}`,
          '--jsonl',
          '--timeout',
          '60s',
          '--concurrency',
          '2',
          '--out',
          out,
          '--no-history',
        ];
        const { code, stderr } = await run(args, 'closed');
        expect(code, stderr).toBe(2);
        expect(stderr).not.toMatch(/\n\s+at |Unhandled/);
        expect(stderr).toContain(
          'exposcan: standard output: its reader closed it (EPIPE); the output there is cut short',
        );
        const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
        expect(reportProblem(report)).toBeUndefined();
        expect(report.scan.partial).toBe(true);
        expect(report.findings.map((finding) => finding.ruleId)).toContain('redis-unauthenticated');
      } finally {
        for (const socket of held) socket.destroy();
        await new Promise<void>((resolve) => tarpit.close(() => resolve()));
      }
    },
  );
});
