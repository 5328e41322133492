// Wrong values for every `scan` flag, every config key (cloud accounts included) and the
// arguments of `report`, `diff`, `history` and `rules`, end to end through the built CLI
// (bin/exposcan.js → dist/; `npm test` compiles first). Each must stop exposcan with exit 2 and one
// line on stderr that starts "exposcan: " and names what was wrong: no stack trace, no report.
// Then targets: junk lines in a targets file, ranges past the limit, duplicates (scanned once) and
// a host name that does not resolve (the CLI runs in a fresh network namespace, `unshare -n`, so
// the lookup never leaves the machine). No server runs: the targets are closed loopback ports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { runCli } from '../helpers/cli.js';

const bin = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'exposcan-bad-input-'));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in `cwd` (its history, if any, kept there too). Asynchronous, so cases run side by side. */
function exposcan(args: readonly string[], cwd: string, command?: readonly string[]): Promise<Run> {
  return runCli(args, {
    cwd,
    timeoutMs: 120_000,
    env: { ...process.env, XDG_DATA_HOME: join(cwd, 'xdg') },
    ...(command ? { command } : {}),
  });
}

let folders = 0;
/** A fresh folder holding `files`, for one case. */
function caseFolder(files: Readonly<Record<string, string>> = {}): string {
  const folder = join(work, `case-${++folders}`);
  mkdirSync(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

/** Files exposcan writes as a report, anywhere under `folder`. */
function reportsUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((path) =>
    /(^|\/)report\.[a-z.]+$/.test(path),
  );
}

function expectOneLineError(result: Run, fragment: string | RegExp, folder: string): void {
  const context = `stderr: ${result.stderr}`;
  expect(result.code, context).toBe(2);
  expect(result.stderr, context).toMatch(/^exposcan: [^\n]+\n$/);
  if (typeof fragment === 'string') expect(result.stderr, context).toContain(fragment);
  else expect(result.stderr, context).toMatch(fragment);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain('unexpected error');
  expect(reportsUnder(folder)).toEqual([]);
}

interface BadInput {
  /** What is wrong, for the test name. */
  readonly what: string;
  readonly args: readonly string[];
  /** Written into the case's folder (the working directory) first. */
  readonly files?: Readonly<Record<string, string>>;
  /** A part of the one line that names the flag or key and says what is wrong. */
  readonly error: string | RegExp;
  /**
   * The value names addresses outside loopback (a range too large to lie inside 127.0.0.0/8): the
   * CLI runs in a network namespace of its own, so even a regression that accepted the value
   * could reach nothing.
   */
  readonly isolated?: true;
}

/** Whether this machine lets us make a network namespace (root, or user namespaces allowed). */
const canUnshare = spawnSync('unshare', ['-n', 'true']).status === 0;
/** The CLI inside a fresh network namespace: a loopback interface and nothing else. */
const IN_NAMESPACE = ['unshare', '-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, bin];

/** A closed loopback port: if a bad value slipped through, the scan would be short and harmless. */
const TARGET = ['--target', '127.0.0.1:1'];
const scan = (...args: string[]) => ['scan', ...TARGET, ...args];

// One case or a few per flag; test/cli/cli.test.ts already has --concurrency 0, --fail-on severe,
// --timeout soon, --ports 80,http, --rules no-such-rule, a bad --target, no targets, a missing
// --targets-file and --config, an unwritable --out and an unknown flag or command, and
// test/targets/target.test.ts the other ways a target can be malformed.
const SCAN_FLAGS: readonly BadInput[] = [
  { what: '--target empty', args: ['scan', '--target', ''], error: '--target: target is empty' },
  { what: '-t without a value', args: ['scan', '-t'], error: '-t needs a value' },
  { what: '--target with a newline', args: ['scan', '--target', 'a\nb'], error: "--target: target 'a b'" },
  {
    what: '--target of 5000 characters',
    args: ['scan', '--target', `${'x'.repeat(5000)}:80`],
    error: /--target: target 'x{100}…'/,
  },
  {
    what: '--target IPv4 range past 2^24',
    args: ['scan', '--target', '10.0.0.0/7'],
    error: "--target: target '10.0.0.0/7' covers 2^25 addresses",
    isolated: true,
  },
  {
    what: '--target IPv6 /64',
    args: ['scan', '--target', '2001:db8::/64'],
    error: "--target: target '2001:db8::/64' covers 2^64 addresses",
    isolated: true,
  },
  {
    what: '--target URL with credentials',
    args: ['scan', '--target', 'http://user:secret@127.0.0.1/'],
    error: 'credentials in URLs are not accepted',
  },
  {
    what: '--targets-file a folder',
    args: scan('--targets-file', '.'),
    error: "--targets-file '.' cannot be read: EISDIR",
  },
  { what: '--targets-file empty', args: scan('--targets-file', ''), error: '--targets-file: must not be empty' },
  { what: '--config a folder', args: scan('--config', '.'), error: "config file '.' cannot be read: EISDIR" },
  {
    what: '--config a list',
    args: scan('--config', 'list.yaml'),
    files: { 'list.yaml': '- a\n- b\n' },
    error: "config file 'list.yaml' must be a mapping",
  },
  { what: '-c without a value', args: scan('-c'), error: '-c needs a value' },
  { what: '--ports 0', args: scan('--ports', '0'), error: "--ports: '0' is not a port from 1 to 65535" },
  { what: '--ports empty item', args: scan('--ports', '80,,443'), error: "--ports: '' is not a port" },
  { what: '--ports without a value', args: scan('--ports'), error: '--ports needs a value' },
  { what: '--rules empty', args: scan('--rules', ''), error: '--rules (item 1): must not be empty' },
  {
    what: '--exclude-rules unknown',
    args: scan('--exclude-rules', 'no-such-rule'),
    error: "--exclude-rules: 'no-such-rule' matches no rule",
  },
  {
    what: '--exclude-rules empty',
    args: scan('--exclude-rules', ''),
    error: '--exclude-rules (item 1): must not be empty',
  },
  { what: '--concurrency 1.5', args: scan('--concurrency', '1.5'), error: '--concurrency: expected a whole number' },
  { what: '--concurrency a word', args: scan('--concurrency', 'many'), error: '--concurrency: expected number' },
  { what: '--concurrency without a value', args: scan('--concurrency'), error: '--concurrency needs a value' },
  { what: '--per-host 257', args: scan('--per-host', '257'), error: '--per-host: must be at most 256' },
  { what: '--rate negative', args: scan('--rate', '-1'), error: '--rate: must be at least 0' },
  { what: '--rate a word', args: scan('--rate', 'fast'), error: '--rate: expected number' },
  {
    what: '--timeout 0',
    args: scan('--timeout', '0'),
    error: "--timeout: expected a duration from 50ms to 10m such as 500ms, 5s or 2m, got '0'",
  },
  { what: '--timeout past 10m', args: scan('--timeout', '11m'), error: "got '11m'" },
  { what: '--out empty', args: scan('--out', ''), error: '--out: must not be empty' },
  {
    what: '--format unknown',
    args: scan('--format', 'pdf'),
    error: /Invalid values: Argument: format, Given: "pdf", Choices: "json"/,
  },
  { what: '--format without a value', args: scan('--format'), error: '--format needs a value' },
  { what: '--fail-on without a value', args: scan('--fail-on'), error: '--fail-on needs a value' },
  {
    what: '--credential-checks=maybe',
    args: scan('--credential-checks=maybe'),
    error: "--credential-checks: expected true or false, got 'maybe'",
  },
  { what: '--strict=2', args: scan('--strict=2'), error: "--strict: expected true or false, got '2'" },
  {
    what: '--suppressions missing',
    args: scan('--suppressions', 'missing.yaml'),
    error: "suppressions file 'missing.yaml' cannot be read: ENOENT",
  },
  { what: '--suppressions empty', args: scan('--suppressions', ''), error: '--suppressions: must not be empty' },
  {
    what: '--baseline not a report',
    args: scan('--baseline', 'b.json'),
    files: { 'b.json': '{}' },
    error: "--baseline 'b.json' is not an exposcan report",
  },
  { what: '--baseline without a value', args: scan('--baseline'), error: '--baseline needs a value' },
  { what: '--history empty', args: scan('--history', ''), error: '--history: must not be empty' },
  {
    what: '--history not SQLite',
    args: scan('--history', 'h.sqlite'),
    files: { 'h.sqlite': 'not a database, just text\n'.repeat(100) },
    error: "--history 'h.sqlite' cannot be opened as a scan history",
  },
  { what: '--history without a value', args: scan('--history'), error: '--history needs a value' },
];

const config = (yaml: string): Pick<BadInput, 'args' | 'files'> => ({
  args: ['scan', '--config', 'scan.yaml'],
  files: { 'scan.yaml': yaml },
});
/** A valid target beside the key under test, so that only the key is wrong. */
const withTarget = (yaml: string) => config(`targets: ['127.0.0.1:1']\n${yaml}`);

// One case or a few per key (test/config/load.test.ts checks more values of the same keys in-process).
const CONFIG_KEYS: readonly BadInput[] = [
  {
    what: 'a mistyped key',
    ...config("tagrets: ['127.0.0.1:1']\n"),
    error: "unknown config key 'tagrets' (did you mean 'targets'?)",
  },
  {
    what: 'targets not a list',
    ...config('targets: 127.0.0.1\n'),
    error: "config key 'targets' in scan.yaml: expected a list",
  },
  {
    what: 'targets item not a host',
    ...config("targets: ['127.0.0.1:1', 'not a host']\n"),
    error: "config key 'targets' in scan.yaml (item 2): target 'not a host'",
  },
  {
    what: 'targets item a range past 2^24',
    ...config("targets: ['2001:db8::/64']\n"),
    error: "config key 'targets' in scan.yaml (item 1): target '2001:db8::/64' covers 2^64 addresses",
    isolated: true,
  },
  {
    what: 'targetsFile empty',
    ...withTarget("targetsFile: ''\n"),
    error: "config key 'targetsFile' in scan.yaml: must not be empty",
  },
  // A file named in the config is read with the flag's code, and named as the config key.
  {
    what: 'targetsFile missing',
    ...withTarget('targetsFile: missing.txt\n'),
    error: "config key 'targetsFile' 'missing.txt' cannot be read: ENOENT",
  },
  {
    what: 'ports empty list',
    ...withTarget('ports: []\n'),
    error: "config key 'ports' in scan.yaml: must list at least 1",
  },
  {
    what: 'ports a fraction',
    ...withTarget('ports: [80.5]\n'),
    error: "config key 'ports' in scan.yaml (item 1): expected a whole number",
  },
  {
    what: 'rules empty item',
    ...withTarget("rules: ['']\n"),
    error: "config key 'rules' in scan.yaml (item 1): must not be empty",
  },
  // Rule names are checked by the rule registry, which names the config key they came from.
  {
    what: 'rules unknown',
    ...withTarget('rules: [no-such-rule]\n'),
    error: "config key 'rules': 'no-such-rule' matches no rule",
  },
  {
    what: 'excludeRules unknown',
    ...withTarget('excludeRules: [no-such-rule]\n'),
    error: "config key 'excludeRules': 'no-such-rule' matches no rule",
  },
  {
    what: 'excludeRules not a list',
    ...withTarget('excludeRules: 5\n'),
    error: "config key 'excludeRules' in scan.yaml: expected a list",
  },
  {
    what: 'concurrency a string',
    ...withTarget("concurrency: '8'\n"),
    error: "config key 'concurrency' in scan.yaml: expected number",
  },
  {
    what: 'perHost past 256',
    ...withTarget('perHost: 300\n'),
    error: "config key 'perHost' in scan.yaml: must be at most 256",
  },
  { what: 'rate negative', ...withTarget('rate: -1\n'), error: "config key 'rate' in scan.yaml: must be at least 0" },
  {
    what: 'timeout a boolean',
    ...withTarget('timeout: true\n'),
    error: "config key 'timeout' in scan.yaml: expected a duration from 50ms to 10m",
  },
  { what: 'out empty', ...withTarget("out: ''\n"), error: "config key 'out' in scan.yaml: must not be empty" },
  {
    what: 'format not a list',
    ...withTarget('format: md\n'),
    error: "config key 'format' in scan.yaml: expected a list",
  },
  {
    what: 'format unknown',
    ...withTarget('format: [md, pdf]\n'),
    error: "config key 'format' in scan.yaml (item 2): must be one of json, md, sarif, html, junit, csv",
  },
  {
    what: 'failOn unknown',
    ...withTarget('failOn: severe\n'),
    error: "config key 'failOn' in scan.yaml: must be one of critical, high, medium, low, info, none",
  },
  {
    what: 'credentialChecks yes',
    ...withTarget('credentialChecks: yes\n'),
    error: "config key 'credentialChecks' in scan.yaml: expected true or false",
  },
  { what: 'strict 1', ...withTarget('strict: 1\n'), error: "config key 'strict' in scan.yaml: expected true or false" },
  {
    what: 'suppressions empty',
    ...withTarget("suppressions: ''\n"),
    error: "config key 'suppressions' in scan.yaml: must not be empty",
  },
  {
    what: 'baseline a number',
    ...withTarget('baseline: 5\n'),
    error: "config key 'baseline' in scan.yaml: expected string",
  },
  {
    what: 'history true',
    ...withTarget('history: true\n'),
    error: "config key 'history' in scan.yaml: expected a file path, or false to record no history",
  },
  { what: 'resume a word', ...withTarget('resume: please\n'), error: "config key 'resume' in scan.yaml" },
  { what: 'shard backwards', ...withTarget("shard: '3/2'\n"), error: "config key 'shard' in scan.yaml" },
  {
    what: 'cloud not a mapping',
    ...withTarget('cloud: 5\n'),
    error: "config key 'cloud' in scan.yaml: expected a mapping",
  },
  { what: 'cloud unknown provider', ...withTarget('cloud: { gcp: [] }\n'), error: "unknown config key 'cloud.gcp'" },
  {
    what: 'cloud.aws not a list',
    ...withTarget('cloud: { aws: { name: lab } }\n'),
    error: "config key 'cloud.aws' in scan.yaml: expected a list",
  },
  {
    what: 'cloud.aws[0].name missing',
    ...withTarget('cloud: { aws: [ { regions: [us-east-1] } ] }\n'),
    error: "config key 'cloud.aws[0].name' in scan.yaml: expected string",
  },
  {
    what: 'cloud.aws[0].regions empty item',
    ...withTarget("cloud: { aws: [ { name: lab, regions: [''] } ] }\n"),
    error: "config key 'cloud.aws[0].regions[0]' in scan.yaml: must not be empty",
  },
  {
    what: 'cloud.aws[0].profile empty',
    ...withTarget("cloud: { aws: [ { name: lab, profile: '' } ] }\n"),
    error: "config key 'cloud.aws[0].profile' in scan.yaml: must not be empty",
  },
  {
    what: 'cloud.aws[0].endpoints.s3 not a URL',
    ...withTarget("cloud: { aws: [ { name: lab, endpoints: { s3: 'ftp://127.0.0.1' } } ] }\n"),
    error: "config key 'cloud.aws[0].endpoints.s3' in scan.yaml: expected a base URL",
  },
  {
    what: 'cloud.aws[0].endpoints unknown service',
    ...withTarget("cloud: { aws: [ { name: lab, endpoints: { gcs: 'http://127.0.0.1' } } ] }\n"),
    error: "unknown config key 'cloud.aws[0].endpoints.gcs'",
  },
  {
    what: 'cloud.aws[0] with a secret',
    ...withTarget('cloud: { aws: [ { name: lab, secretAccessKey: abc } ] }\n'),
    error: "unknown config key 'cloud.aws[0].secretAccessKey' (credentials are read from the environment",
  },
  {
    what: 'cloud.alibaba[0].name missing',
    ...withTarget('cloud: { alibaba: [ {} ] }\n'),
    error: "config key 'cloud.alibaba[0].name' in scan.yaml: expected string",
  },
  {
    what: 'cloud.alibaba[0].regions a number',
    ...withTarget('cloud: { alibaba: [ { name: prod, regions: [1] } ] }\n'),
    error: "config key 'cloud.alibaba[0].regions[0]' in scan.yaml: expected string",
  },
  {
    what: 'cloud.alibaba[0].endpoints.oss with a path',
    ...withTarget("cloud: { alibaba: [ { name: prod, endpoints: { oss: 'http://127.0.0.1/path' } } ] }\n"),
    error: "config key 'cloud.alibaba[0].endpoints.oss' in scan.yaml: expected a base URL",
  },
  {
    what: 'cloud.alibaba[0] with an access key',
    ...withTarget('cloud: { alibaba: [ { name: prod, accessKeyId: abc } ] }\n'),
    error: "unknown config key 'cloud.alibaba[0].accessKeyId' (credentials are read from the environment",
  },
];

const OTHER_COMMANDS: readonly BadInput[] = [
  {
    what: 'a mistyped command',
    args: ['scna', '--target', '127.0.0.1:1'],
    error: "unknown command 'scna' (did you mean scan?)",
  },
  {
    what: 'a mistyped flag',
    args: scan('--tagret', '127.0.0.1:2'),
    error: 'Unknown argument: tagret (did you mean --target?)',
  },
  // Before: a folder named '-' was created.
  {
    what: '--out -',
    args: scan('--out', '-'),
    error: "--out: '-' is not a folder; for findings on stdout use --jsonl",
  },
  {
    what: '--ports range backwards',
    args: scan('--ports', '8100-8000'),
    error: "--ports: range '8100-8000' ends before it starts",
  },
  {
    what: '--exclude a port',
    args: scan('--exclude', '127.0.0.1:80'),
    error: "--exclude: '127.0.0.1:80' is not a host or range",
  },
  {
    what: '--format list with an unknown item',
    args: scan('--format', 'md,pdf'),
    error: /Invalid values: Argument: format, Given: "md", "pdf"|Given: "pdf"/,
  },
  { what: 'no command', args: [], error: 'a command is required' },
  { what: 'report without a file', args: ['report', '--format', 'md'], error: 'Not enough non-option arguments' },
  { what: 'report without --format', args: ['report', 'input.json'], error: 'Missing required argument: format' },
  {
    what: 'report --format unknown',
    args: ['report', 'input.json', '--format', 'pdf'],
    error: /Invalid values: Argument: format, Given: "pdf"/,
  },
  {
    what: 'report of a missing file',
    args: ['report', 'missing.json', '--format', 'md'],
    error: "report file 'missing.json' cannot be read: ENOENT",
  },
  {
    what: 'report of a file that is not JSON',
    args: ['report', 'input.json', '--format', 'md'],
    files: { 'input.json': 'hello\n' },
    error: "report file 'input.json' is not JSON",
  },
  { what: 'diff without files', args: ['diff'], error: 'Not enough non-option arguments: got 0, need at least 2' },
  {
    what: 'diff with one file',
    args: ['diff', 'old.json'],
    error: 'Not enough non-option arguments: got 1, need at least 2',
  },
  {
    what: 'diff of files that are not JSON',
    args: ['diff', 'old.json', 'old.json'],
    files: { 'old.json': '[' },
    error: "report file 'old.json' is not JSON",
  },
  {
    what: 'diff --json=maybe',
    args: ['diff', 'old.json', 'old.json', '--json=maybe'],
    error: "--json: expected true or false, got 'maybe'",
  },
  {
    what: 'history with an unknown action',
    args: ['history', 'frobnicate'],
    error: /Invalid values: Argument: action, Given: "frobnicate", Choices: "list", "show"/,
  },
  {
    what: 'report --out without a value',
    args: ['report', 'input.json', '--format', 'md', '--out'],
    error: '--out needs a value',
  },
  { what: 'history --history without a value', args: ['history', '--history'], error: '--history needs a value' },
  { what: 'history --html without a value', args: ['history', '--html'], error: '--html needs a value' },
  {
    what: 'history of a missing file',
    args: ['history', '--history', 'missing.sqlite'],
    error: "--history 'missing.sqlite' does not exist",
  },
  {
    what: 'history of a file that is not SQLite',
    args: ['history', '--history', 'h.sqlite'],
    files: { 'h.sqlite': 'text, not a database\n'.repeat(100) },
    error: "--history 'h.sqlite' cannot be opened as a scan history",
  },
  { what: 'rules with an argument', args: ['rules', 'extra'], error: 'Unknown argument: extra' },
  { what: 'rules --json=x', args: ['rules', '--json=x'], error: "--json: expected true or false, got 'x'" },
];

describe.concurrent.each([
  ['scan flag', SCAN_FLAGS],
  ['config key', CONFIG_KEYS],
  ['command', OTHER_COMMANDS],
] as const)('a bad %s', (_kind, cases) => {
  it.each(cases.map((badInput) => [badInput.what, badInput] as const))(
    '%s: exit 2, one line naming it, no report',
    async (_what, badInput: BadInput) => {
      if (badInput.isolated && !canUnshare)
        throw new Error('this case needs a network namespace (unshare -n) to run safely');
      const folder = caseFolder(badInput.files);
      expectOneLineError(
        await exposcan(badInput.args, folder, badInput.isolated ? IN_NAMESPACE : undefined),
        badInput.error,
        folder,
      );
    },
  );
});

describe('given a real report and history', () => {
  let history: string;
  let report: string;
  beforeAll(async () => {
    // One scan of a closed port: a valid report.json and a history holding one scan.
    const folder = caseFolder();
    history = join(folder, 'history.sqlite');
    report = join(folder, 'out', 'report.json');
    const scanned = await exposcan(
      ['scan', '--target', `127.0.0.1:${await freePort()}`, '--history', history, '--out', 'out'],
      folder,
    );
    expect(scanned.code, scanned.stderr).toBe(0);
  });

  it('history show without a scan id, or with one it does not hold, is one line each', async () => {
    const folder = caseFolder();
    expectOneLineError(
      await exposcan(['history', 'show', '--history', history], folder),
      'history show needs a scan id',
      folder,
    );
    expectOneLineError(
      await exposcan(['history', 'show', 'no-such-scan', '--history', history], folder),
      "no scan 'no-such-scan' in",
      folder,
    );
  });

  it('report --out into a file is one line', async () => {
    const folder = caseFolder({ 'a-file': '' });
    expectOneLineError(
      await exposcan(['report', report, '--format', 'md', '--out', 'a-file/again'], folder),
      /--out '\/.*\/a-file\/again' is not a writable folder: ENOTDIR/,
      folder,
    );
  });
});

describe('a refused scan', () => {
  it('leaves no output folder behind: it is created only once every input is known good', async () => {
    const folder = caseFolder();
    expectOneLineError(await exposcan(scan('--suppressions', 'missing.yaml'), folder), "'missing.yaml'", folder);
    expect(existsSync(join(folder, 'reports'))).toBe(false);
  });
});

describe('targets files', () => {
  it('a junk line is named by file and line number', async () => {
    const folder = caseFolder({
      'targets.txt': '# production\n127.0.0.1:1\n\n127.0.0.1:2   # cache\nnot a host\n127.0.0.1:3\n',
    });
    expectOneLineError(
      await exposcan(['scan', '--targets-file', 'targets.txt'], folder),
      "targets.txt:5: target 'not a host'",
      folder,
    );
  });

  it('binary junk and over-long lines stay one line, cut', async () => {
    const folder = caseFolder({
      'targets.txt': `127.0.0.1:1\n\u0000\u001b[31mred\u0007:80\n`,
      'long.txt': `${'y'.repeat(100_000)}\n`,
    });
    expectOneLineError(
      await exposcan(['scan', '--targets-file', 'targets.txt'], folder),
      /targets\.txt:2: target ' {2}\[31mred :80'/,
      folder,
    );
    expectOneLineError(
      await exposcan(['scan', '--targets-file', 'long.txt'], folder),
      /long\.txt:1: target 'y{100}…'/,
      folder,
    );
  });

  it('a range past 2^24 (IPv4 or an IPv6 /64) is refused with its line', async () => {
    const folder = caseFolder({
      'v4.txt': '127.0.0.1:1\n10.0.0.0/7\n',
      'v6.txt': '127.0.0.1:1\n127.0.0.1:2\n2001:db8::/64\n',
    });
    // Isolated: the ranges lie outside loopback (see BadInput.isolated).
    expectOneLineError(
      await exposcan(['scan', '--targets-file', 'v4.txt'], folder, IN_NAMESPACE),
      "v4.txt:2: target '10.0.0.0/7' covers 2^25 addresses; split it",
      folder,
    );
    expectOneLineError(
      await exposcan(['scan', '--targets-file', 'v6.txt'], folder, IN_NAMESPACE),
      "v6.txt:3: target '2001:db8::/64' covers 2^64 addresses",
      folder,
    );
  });

  it('only comments and blank lines: no targets', async () => {
    const folder = caseFolder({ 'targets.txt': '# nothing yet\n\n   \n' });
    expectOneLineError(await exposcan(['scan', '--targets-file', 'targets.txt'], folder), 'no targets', folder);
  });

  it('duplicate targets, however spelt and wherever given, are scanned once', async () => {
    const port = await freePort();
    const folder = caseFolder({
      'targets.txt': `127.0.0.1:${port}\nhttp://127.0.0.1:${port}\n127.0.0.1:${port}  # again\n`,
    });
    const result = await exposcan(
      [
        'scan',
        '--target',
        `127.0.0.1:${port}`,
        '--target',
        `HTTP://127.0.0.1:${port}/`,
        '--target',
        `http://127.0.0.1:${port}/.`,
        '--targets-file',
        'targets.txt',
        '--no-history',
        '--out',
        'out',
      ],
      folder,
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(folder, 'out', 'report.json'), 'utf8'));
    // One host:port target and one URL target: two endpoints, each probed once.
    expect(report.scan.targets).toEqual([`127.0.0.1:${port}`, `HTTP://127.0.0.1:${port}/`]);
    expect(report.scan.stats.endpoints).toBe(2);
  });
});

describe('a host name that does not resolve', () => {
  // Inside `unshare -n` there is only a loopback interface: the name lookup fails on this machine,
  // without a packet reaching the DNS server in /etc/resolv.conf.
  it.skipIf(!canUnshare)('is recorded as a DNS failure; the scan completes', async () => {
    const port = await freePort();
    const folder = caseFolder();
    const result = await exposcan(
      [
        'scan',
        '--target',
        'no-such-host.invalid:80',
        '--target',
        `127.0.0.1:${port}`,
        '--no-history',
        '--out',
        'out',
        '--timeout',
        '5s',
      ],
      folder,
      IN_NAMESPACE,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/unexpected error|^\s+at /m);
    const report = JSON.parse(readFileSync(join(folder, 'out', 'report.json'), 'utf8'));
    expect(report.scan.targets).toEqual(['no-such-host.invalid:80', `127.0.0.1:${port}`]);
    expect(report.scan.partial).toBe(false);
    expect(report.scan.stats).toMatchObject({ endpoints: 2, failures: { dns: 1, refused: 1 } });
  });

  // Before: `0 findings … 0 open`, exit 0 with --strict, nothing on stderr, "Complete: yes" in HTML.
  it.skipIf(!canUnshare)('is named on stderr, in every report format and in coverage; --strict exits 2', async () => {
    const port = await freePort();
    const folder = caseFolder();
    const args = [
      'scan',
      '--target',
      'nosuchhost.invalid',
      '--target',
      `127.0.0.1:${port}`,
      '--ports',
      '80,443',
      '--no-history',
      '--out',
      'out',
      '--fail-on',
      'info',
    ];
    const result = await exposcan(
      [...args, '--strict', ...['md', 'html', 'junit', 'sarif'].flatMap((format) => ['--format', format])],
      folder,
      IN_NAMESPACE,
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      "exposcan: target 'nosuchhost.invalid' was not reached: the name does not resolve (2 endpoints, none reached)\n",
    );
    expect(result.stderr).toContain(
      '--strict: the check was incomplete: 1 target(s) never reached (nosuchhost.invalid)',
    );
    expect(result.stdout).toContain('NOT REACHED: 1 target');
    const out = (name: string) => readFileSync(join(folder, 'out', name), 'utf8');
    const report = JSON.parse(out('report.json'));
    // The closed loopback port answered (refused): that target was reached and is not listed.
    expect(report.coverage).toEqual([
      {
        kind: 'target',
        target: 'nosuchhost.invalid',
        endpoints: 2,
        failures: { dns: 2 },
        message: 'the name does not resolve (2 endpoints, none reached)',
      },
    ]);
    expect(out('report.md')).toMatch(/## Not checked[\s\S]*\| nosuchhost\.invalid \| 2 \| the name does not resolve/);
    expect(out('report.html')).toContain('<dt>Complete</dt><dd>no: 1 target never reached</dd>');
    expect(out('report.html')).toContain('<td class="mono">nosuchhost.invalid</td>');
    expect(out('report.junit.xml')).toContain('name="target nosuchhost.invalid"');
    expect(JSON.parse(out('report.sarif')).runs[0].invocations[0].toolExecutionNotifications[0].message.text).toBe(
      'Not reached: target nosuchhost.invalid: the name does not resolve (2 endpoints, none reached)',
    );
    // Without --strict the scan passes (nothing was found), but still says what it could not reach.
    const lenient = await exposcan(args, caseFolder(), IN_NAMESPACE);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stderr).toContain("target 'nosuchhost.invalid' was not reached");
  });
});

describe('nmap range syntax', () => {
  // Before: '127.0.0.1-2' was taken as a host name and silently resolved to nothing.
  it('a.b.c.d-e is scanned as a range of addresses', async () => {
    const port = await freePort();
    const folder = caseFolder();
    const result = await exposcan(
      ['scan', '--target', '127.0.0.1-2', '--ports', String(port), '--no-history', '--out', 'out', '--strict'],
      folder,
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(folder, 'out', 'report.json'), 'utf8'));
    expect(report.scan.stats).toMatchObject({ endpoints: 2, failures: { refused: 2 } });
    expect(report.coverage).toEqual([]);
  });

  it('what is not contiguous is refused in one line', async () => {
    const folder = caseFolder();
    expectOneLineError(
      await exposcan(['scan', '--target', '127.0-1.0.1'], folder),
      "--target: target '127.0-1.0.1' is not a range exposcan reads (nmap range syntax",
      folder,
    );
  });
});

describe('--debug', () => {
  /** Makes `exposcan rules` fail as a bug would: a TypeError thrown from inside the command. */
  const bug = join(work, 'simulated-bug.mjs');
  writeFileSync(
    bug,
    "const write = process.stdout.write.bind(process.stdout);\nprocess.stdout.write = (chunk, ...rest) => {\n  if (String(chunk).includes('redis-unauthenticated')) throw new TypeError('simulated bug');\n  return write(chunk, ...rest);\n};\n",
  );
  const withBug = [process.execPath, '--import', bug, bin];

  it('adds no stack to a usage error', async () => {
    const folder = caseFolder();
    expectOneLineError(
      await exposcan(['scan', '--target', '127.0.0.1:1', '--concurrency', '0', '--debug'], folder),
      '--concurrency: must be at least 1',
      folder,
    );
  });

  it('shows the stack of an unexpected error, which is otherwise one line', async () => {
    const folder = caseFolder();
    const plain = await exposcan(['rules'], folder, withBug);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe('exposcan: unexpected error: simulated bug (run with --debug for details)\n');
    const debug = await exposcan(['rules', '--debug'], folder, withBug);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(
      /^exposcan: unexpected error: simulated bug\nTypeError: simulated bug\n(\s+at .+\n)+$/,
    );
  });
});
