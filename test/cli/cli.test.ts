// The command line end to end: the built CLI (bin/exposcan.js → dist/), run as a user runs it.
// `npm test` compiles first. Targets are loopback only: a closed port, a silent server made here,
// and (in scan.test.ts) real services.
import { spawn, spawnSync } from 'node:child_process';
import { CLI_DEADLINE_MS } from '../helpers/cli.js';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportProblem } from '../../src/report/validate.js';
import { freePort } from '../helpers/ports.js';

const bin = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));

export function exposcan(args: readonly string[], cwd?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: CLI_DEADLINE_MS,
    killSignal: 'SIGKILL',
    ...(cwd ? { cwd } : {}),
  });
  // A deadline for a hang, not a measure of speed: on a loaded machine even a usage error takes a while.
  if (result.error)
    throw new Error(
      `waited ${CLI_DEADLINE_MS / 1000} s for \`exposcan ${args.join(' ')}\` to exit: ${result.error.message}`,
    );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectUsageError(result: ReturnType<typeof exposcan>, message: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const work = mkdtempSync(join(tmpdir(), 'exposcan-cli-'));

describe('exposcan rules', () => {
  it('--json lists every rule with id, severity, products, tags, title', () => {
    const result = exposcan(['rules', '--json']);
    expect(result.code).toBe(0);
    const rules = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(rules.map((rule) => rule.id)).toEqual(
      expect.arrayContaining([
        'kibana-unauthenticated',
        'elasticsearch-unauthenticated',
        'redis-unauthenticated',
        'postgres-trust-auth',
        'software-end-of-life',
      ]),
    );
    for (const rule of rules) expect(Object.keys(rule).sort()).toEqual(['id', 'products', 'severity', 'tags', 'title']);
  });
});

describe('exposcan scan', () => {
  it('writes a valid report.json and exits 0 when nothing is found', async () => {
    const port = await freePort();
    const out = join(work, 'closed');
    const result = exposcan([
      'scan',
      '--target',
      `127.0.0.1:${port}`,
      '--out',
      out,
      '--format',
      'md',
      '--format',
      'sarif',
      '--fail-on',
      'info',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(reportProblem(report)).toBeUndefined();
    expect(report).toMatchObject({
      schemaVersion: 1,
      findings: [],
      scan: { partial: false, stats: { endpoints: 1, open: 0, failures: { refused: 1 } } },
    });
    expect(existsSync(join(out, 'report.md')) && existsSync(join(out, 'report.sarif'))).toBe(true);
    expect(result.stdout).toContain('0 findings');
  });

  it.each([
    [['scan', '--target', '127.0.0.1', '--concurency', '3'], /^exposcan: Unknown argument: concurency/],
    [['scan', '--target', '127.0.0.1', '--concurrency', '0'], /^exposcan: --concurrency: must be at least 1$/],
    [
      ['scan', '--target', '127.0.0.1', '--fail-on', 'severe'],
      /^exposcan: Invalid values: Argument: fail-on, Given: "severe"/,
    ],
    [['scan', '--target', '127.0.0.1', '--timeout', 'soon'], /^exposcan: --timeout: expected a duration/],
    [['scan', '--target', '127.0.0.1', '--ports', '80,http'], /^exposcan: --ports: 'http' is not a port/],
    [
      ['scan', '--target', '127.0.0.1', '--rules', 'no-such-rule'],
      /^exposcan: --rules: 'no-such-rule' matches no rule/,
    ],
    [['scan', '--target', 'not a host'], /^exposcan: --target: target 'not a host'/],
    [['scan'], /^exposcan: no targets/],
    [
      ['scan', '--target', '127.0.0.1', '--targets-file', '/nonexistent/targets.txt'],
      /^exposcan: --targets-file '\/nonexistent\/targets.txt' cannot be read: ENOENT$/,
    ],
    [['scan', '--config', '/nonexistent.yaml'], /^exposcan: config file '\/nonexistent.yaml' cannot be read/],
    // A first word that is no command is named as one (with a suggestion when it is near one: see bad-input).
    [['frobnicate'], /^exposcan: unknown command 'frobnicate'$/],
  ])('%j is a usage error: one line, exit 2', (args, message) => {
    expectUsageError(exposcan(args), message);
  });

  it('a bad config key is one line naming the key', () => {
    const config = join(work, 'bad.yaml');
    writeFileSync(config, 'targets: [127.0.0.1]\nperHost: 0\n');
    expectUsageError(
      exposcan(['scan', '--config', config]),
      /^exposcan: config key 'perHost' in .*bad.yaml: must be at least 1$/,
    );
    writeFileSync(config, 'targets: [127.0.0.1]\nrate_limit: 5\n');
    expectUsageError(exposcan(['scan', '--config', config]), /^exposcan: unknown config key 'rate_limit'/);
  });

  it('an output folder that cannot be written is an error before any probe', () => {
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, '');
    expectUsageError(
      exposcan(['scan', '--target', '127.0.0.1:1', '--out', join(blocker, 'sub')]),
      /^exposcan: --out .* is not a writable folder/,
    );
  });
});

describe('interruption', () => {
  let silent: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();
  let connected: () => void = () => undefined;
  beforeAll(async () => {
    // Accepts and never says a word: the scan is still waiting when the signal arrives.
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      connected();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as net.AddressInfo).port;
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s mid-scan still writes a valid report marked partial', async (signal) => {
    const out = join(work, `interrupted-${signal}`);
    const child = spawn(process.execPath, [
      bin,
      'scan',
      '--target',
      `127.0.0.1:${port}`,
      '--target',
      '127.0.0.2/28',
      '--ports',
      String(port),
      '--timeout',
      '20s',
      '--concurrency',
      '2',
      '--out',
      out,
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Signal only once the scan is under way (its first connection arrived), however slow the start.
    await new Promise<void>((resolve) => (connected = resolve));
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(2);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(reportProblem(report)).toBeUndefined();
    expect(report.scan.partial).toBe(true);
    expect(stderr).toContain(`${signal} received`);
  });
});

describe('exposcan report', () => {
  it('re-renders a saved report as Markdown and SARIF', async () => {
    const port = await freePort();
    const out = join(work, 'rerender');
    expect(exposcan(['scan', '--target', `127.0.0.1:${port}`, '--out', out]).code).toBe(0);
    const result = exposcan([
      'report',
      join(out, 'report.json'),
      '--format',
      'md',
      '--format',
      'sarif',
      '--out',
      join(out, 'again'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(out, 'again', 'report.md'), 'utf8')).toContain('# exposcan report');
    expect(JSON.parse(readFileSync(join(out, 'again', 'report.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('refuses a file that is not a report, in one line', () => {
    const file = join(work, 'not-a-report.json');
    writeFileSync(file, '{"hello": "world"}');
    expectUsageError(
      exposcan(['report', file, '--format', 'md']),
      /^exposcan: report file .* is not an exposcan report/,
    );
  });
});
