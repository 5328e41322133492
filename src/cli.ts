// The only file that touches argv, stdout and the exit code. Exit codes: 0 no finding at or above
// --fail-on, 1 such a finding exists, 2 usage, config or fatal error (or an interrupted scan
// that found nothing above the threshold: an incomplete check is never a pass).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { RULES } from '../rules/index.js';
import { loadConfigFile, mergeConfig } from './config/load.js';
import { FORMATS, type Format, type ScanConfig, type ScanConfigInput } from './config/schema.js';
import { defaultPorts, selectRules, selectors } from './engine/registry.js';
import { ORDER_NAME } from './engine/order.js';
import { runScan } from './engine/run.js';
import { UsageError } from './errors.js';
import { renderConsole, wantsColour } from './report/console.js';
import { stripControl, terminalJson, terminalText } from './report/escape.js';
import {
  ensureWritable,
  readReportFile,
  reportFiles,
  withWriteFailures,
  writeReport,
  type WriteOutcome,
} from './report/files.js';
import { buildReport, isTargetGap, NO_CLOUD_READ, type Report } from './report/report.js';
import { isEndpointRule, isResourceRule } from './engine/rule.js';
import { expandTargets } from './targets/expand.js';
import { parseTarget } from './targets/target.js';
import { TargetSource } from './targets/source.js';
import { TARGETS_FORMATS, type TargetsFormat } from './targets/formats/index.js';
import { TOOL } from './version.js';
import { didYouMean } from './suggest.js';
import { parsePorts } from './targets/ports.js';
import { Exclusions } from './targets/exclude.js';
import { createProgress } from './progress.js';
import { gateExitCode, gateSummary, loadGateInputs, splitForGate, type GateInputs } from './gate.js';
import { applySuppressions } from './findings/suppressions.js';
import type { Finding } from './findings/finding.js';
import { hasAccounts } from './cloud/accounts.js';
import { useScanHeapGrowth } from './heap.js';
import type { Inventory } from './cloud/inventory.js';
import { defaultHistoryFile } from './history/store.js';
import { notify } from './notify/run.js';
import { asffUnplaced } from './report/asff.js';
import { missingSecretEnv, notifyFromFlags } from './notify/config.js';
import { checkHistory, openHistory, withHistory } from './scan/history.js';
import { CHECKPOINT_FILE, ScanJournal, SPOOL_FILE } from './scan/journal.js';
import { LOCK_FILE, lockOutFolder } from './scan/out-lock.js';
import { planConnections, readFdLimit } from './scan/fd-budget.js';
import { mergeCommand } from './commands/merge.js';
import { historyHtmlCommand } from './commands/history-html.js';
import { diffReports, renderDiff } from './history/diff.js';
import { planOptions } from './commands/plan-options.js';
import { gateOptions, notifyOptions, splitCommas } from './commands/gate-options.js';
import { lostStream, onStreamLost, watchStandardStreams } from './standard-streams.js';

const debug = process.argv.includes('--debug');
watchStandardStreams(process.stdout, process.stderr);

// The terminal sink: everything exposcan prints goes through one of these two. Whatever a server,
// a report.json, a plan or the history said, and any path the user typed, reaches the terminal
// without C0/C1 controls (escape sequences) or bidi overrides; only exposcan's own line breaks stay.
const say = (text: string): void => void process.stdout.write(terminalText(text));
const warn = (line: string): void => void process.stderr.write(`${stripControl(line)}\n`);

async function main(argv: string[]): Promise<number> {
  checkBooleanValues(argv);
  let exitCode = 0;
  await yargs(argv)
    .scriptName('exposcan')
    .usage('$0 <command> [options]')
    .command(
      'scan [targets..]',
      'probe targets read-only and report what is exposed',
      (y) =>
        y
          .positional('targets', { type: 'string', array: true, describe: 'targets, as with --target' })
          // A value option given no value is an error, not a silently kept default.
          .requiresArg([
            'target',
            'targets-file',
            'targets-format',
            'config',
            'ports',
            'rules',
            'exclude-rules',
            'exclude',
            'concurrency',
            'connect-concurrency',
            'connect-retries',
            'per-host',
            'rate',
            'timeout',
            'out',
            'format',
            'fail-on',
            'suppressions',
            'baseline',
            'history',
            'shard',
            'notify',
            'notify-severity',
          ])
          .option('target', {
            alias: 't',
            type: 'string',
            array: true,
            describe:
              'URL, host:port, host, CIDR range or nmap range such as 192.0.2.1-20 (repeatable; targets may also be given without the flag)',
          })
          .option('exclude', {
            type: 'string',
            array: true,
            describe: 'hosts and ranges never to probe (comma-separated or repeated)',
            coerce: splitCommas,
          })
          .option('jsonl', {
            type: 'boolean',
            describe:
              'stream each finding to stdout as one JSON line as soon as its endpoint is done; the summary goes to stderr',
          })
          .option('targets-file', {
            type: 'string',
            describe:
              'file with one target a line (# comments allowed), or masscan -oJ/-oL, nmap -oX/-oG or naabu -json output (their open TCP ports); - reads standard input',
          })
          .option('targets-format', {
            type: 'string',
            choices: TARGETS_FORMATS,
            describe: 'what --targets-file holds (default auto: told from its first line)',
          })
          .option('config', {
            alias: 'c',
            type: 'string',
            describe:
              'YAML file with any of these options; flags replace its values, except --target, which adds to its targets',
          })
          .option('ports', {
            type: 'string',
            describe: 'ports for bare hosts and ranges, e.g. 80,443,8000-8100 (default: every selected rule’s ports)',
          })
          .option('rules', {
            type: 'string',
            array: true,
            describe: 'only these rule ids, tags or products (comma-separated or repeated)',
          })
          .option('exclude-rules', { type: 'string', array: true, describe: 'skip these rule ids, tags or products' })
          .option('concurrency', {
            type: 'number',
            describe: 'endpoints identified at once, among those that accepted a connection (default 64)',
          })
          .option('connect-concurrency', {
            type: 'number',
            describe:
              'connection attempts in flight while discovering open ports (default 4096, kept under the open-file limit)',
          })
          .option('connect-retries', {
            type: 'number',
            describe:
              'times an unanswered connection attempt is retried, so a lost SYN is not a missed port (default 2)',
          })
          .option('per-host', {
            type: 'number',
            describe: 'simultaneous connection attempts or probes against one host (default 4)',
          })
          .option('rate', {
            type: 'number',
            describe: 'connection attempts per second across the scan, retries included; 0 for no limit (default 5000)',
          })
          .option('timeout', { type: 'string', describe: 'per probe, e.g. 500ms, 5s (default 5s)' })
          .options(
            gateOptions({
              suppressions:
                'YAML file of accepted findings (by id, or rule + exact target/resource), each with a reason and an expiry date',
              strict:
                'exit 2 when the check was incomplete: interrupted, cloud reads that could not be made, expired or unused suppressions, history not updated',
            }),
          )
          .option('fail-on-version-matches', {
            type: 'boolean',
            describe:
              'let --fail-on count findings known only from a version number (confidence "version"; a distribution build may carry the fix)',
          })
          .option('credential-checks', {
            type: 'boolean',
            describe:
              'also try documented default credentials (e.g. RabbitMQ guest/guest); read-only requests, off by default',
          })
          .option('history', {
            type: 'string',
            describe:
              'scan history file (SQLite; default $XDG_DATA_HOME/exposcan/history.sqlite); --no-history to record nothing',
          })
          .option('resume', {
            type: 'boolean',
            describe:
              'continue the unfinished scan whose checkpoint is in --out, without probing again what it finished',
          })
          .option('shard', {
            type: 'string',
            describe: 'probe only shard i of n of the endpoints, e.g. 2/5 (join the reports with exposcan merge)',
          })
          .options(
            notifyOptions(
              'announce findings that opened (new, reopened) to a webhook URL, slack:URL or command:CMD (repeatable; config notify: for signing and more)',
            ),
          ),
      async (args) => {
        exitCode = await scanCommand(args);
      },
    )
    .command(
      'merge <reports..>',
      'join the report.json files of a sharded scan (--shard i/n) into one report',
      (y) =>
        y
          .positional('reports', {
            type: 'string',
            array: true,
            demandOption: true,
            describe: "the shards' report.json files",
          })
          .options(
            gateOptions({
              suppressions: 'YAML file of accepted findings, applied to the joined findings',
              strict: 'exit 2 when the check was incomplete',
            }),
          )
          .option('fail-on-version-matches', {
            type: 'boolean',
            describe: 'let --fail-on count findings known only from a version number',
          })
          .option('history', {
            type: 'string',
            describe:
              'scan history file to record the joined scan in (default as for scan); --no-history to record nothing',
          })
          .options(
            notifyOptions(
              'announce findings of the joined scan that opened (new, reopened) to a webhook URL, slack:URL or command:CMD',
            ),
          )
          .option('config', {
            alias: 'c',
            type: 'string',
            describe: "the shards' config file: its notify: key is used (signed webhooks and more)",
          }),
      async (args) => {
        exitCode = await mergeCommand(args, RULES);
      },
    )
    .command(
      'plan <file>',
      'judge a Terraform plan (terraform show -json) with the cloud rules, and gate on it like a scan',
      (y) => planOptions(y),
      async (args) => {
        const { planCommand } = await import('./commands/plan.js');
        exitCode = planCommand(args, RULES, say, warn);
      },
    )
    .command(
      'rules',
      'list the rules',
      (y) => y.option('json', { type: 'boolean', default: false, describe: 'print a JSON array for machines' }),
      (args) => {
        say(rulesCommand(args.json));
      },
    )
    .command(
      'report <file>',
      're-render a saved report.json',
      (y) =>
        y
          .positional('file', {
            type: 'string',
            demandOption: true,
            describe: 'a report.json written by exposcan scan',
          })
          .option('format', {
            alias: 'f',
            type: 'string',
            array: true,
            choices: FORMATS,
            demandOption: true,
            coerce: splitCommas,
            describe: 'formats to write (comma-separated or repeated)',
          })
          .option('out', { alias: 'o', type: 'string', describe: 'output folder (default: beside the file)' })
          .requiresArg(['format', 'out']),
      (args) => {
        const { written, failed } = reportCommand(args.file, args.format as Format[], args.out);
        say(written.map((file) => `wrote ${file}\n`).join(''));
        exitCode = withWriteFailures(0, failed, warn);
      },
    )
    .command(
      'diff <old> <new>',
      'compare two report.json files by finding id: new, fixed and still open',
      (y) =>
        y
          .positional('old', { type: 'string', demandOption: true, describe: 'the earlier report.json' })
          .positional('new', { type: 'string', demandOption: true, describe: 'the later report.json' })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON for machines' }),
      (args) => {
        const diff = diffReports(readReportFile(args.old), readReportFile(args.new));
        say(args.json ? terminalJson(diff) : renderDiff(diff));
      },
    )
    .command(
      'history [action] [scan]',
      "list the recorded scans (history), one scan's findings (history show SCAN_ID), or write the trend page (history --html FILE)",
      (y) =>
        y
          .positional('action', {
            type: 'string',
            choices: ['list', 'show'],
            default: 'list',
            describe: 'list (default) or show',
          })
          .positional('scan', { type: 'string', describe: 'the scan id, for show' })
          .option('strict', {
            type: 'boolean',
            describe:
              'exit 2 when the check was incomplete: interrupted, cloud reads that could not be made, expired or unused suppressions, history not updated',
          })
          .option('history', {
            type: 'string',
            requiresArg: true,
            describe: 'scan history file (default $XDG_DATA_HOME/exposcan/history.sqlite)',
          })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON for machines' })
          .option('html', {
            type: 'string',
            requiresArg: true,
            describe:
              'write the trend page to this file: open findings over time by severity, days open, new, reopened and fixed per scan (standalone HTML, no scripts)',
          }),
      (args) => {
        if (args.html !== undefined) {
          if (args.action === 'show' || args.scan !== undefined)
            throw new UsageError('--html draws the whole history: not with history show');
          if (args.json) throw new UsageError('--html and --json: give one');
          say(`wrote ${historyHtmlCommand(args.history ?? defaultHistoryFile(), args.html)}\n`);
          return;
        }
        say(historyCommand(args.action ?? 'list', args.scan, args.history, args.json));
      },
    )
    .option('debug', { type: 'boolean', describe: 'show stack traces of unexpected errors' })
    .demandCommand(1, 'a command is required: scan, plan, merge, rules, report, diff or history')
    .strict()
    // One value per flag: `scan -t a 127.0.0.1` must leave 127.0.0.1 a positional target.
    .parserConfiguration({ 'greedy-arrays': false })
    .version(TOOL.version)
    .alias('V', 'version')
    .help()
    .alias('h', 'help')
    .fail((message, error) => {
      // yargs's own validation errors (YError, e.g. a missing value) are usage errors too.
      if (error && error.name !== 'YError') throw error;
      if (error)
        throw new UsageError(
          error.message.replace(
            /^Not enough arguments following: (.+)$/,
            (_all, key: string) => `${key.length === 1 ? '-' : '--'}${key} needs a value`,
          ),
        );
      // yargs writes some messages over several lines; a usage error is always one.
      throw new UsageError(withSuggestion((message ?? 'invalid command line').replace(/\s*\n\s*/g, ' '), argv));
    })
    .parseAsync();
  return exitCode;
}

/** `-f md,html` as `-f md -f html`: lists read the same as for --rules. */
const COMMANDS = ['scan', 'plan', 'merge', 'rules', 'report', 'diff', 'history'];
const FLAGS = [
  'target',
  'targets-file',
  'targets-format',
  'config',
  'ports',
  'rules',
  'exclude-rules',
  'exclude',
  'jsonl',
  'concurrency',
  'connect-concurrency',
  'connect-retries',
  'per-host',
  'rate',
  'timeout',
  'out',
  'format',
  'fail-on',
  'fail-on-version-matches',
  'credential-checks',
  'suppressions',
  'baseline',
  'strict',
  'history',
  'no-history',
  'resume',
  'shard',
  'notify',
  'notify-severity',
  'notify-digest',
  'json',
  'html',
  'debug',
  'help',
  'version',
];

/** yargs's "Unknown argument: tagret" with the nearest command or flag: "… (did you mean --target?)". */
function withSuggestion(message: string, argv: readonly string[]): string {
  const listed = /^Unknown arguments?: (.+)$/.exec(message)?.[1]?.split(', ');
  if (listed === undefined) return message;
  // A first word that is no command is a mistyped command (whatever else yargs then finds unknown).
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && !COMMANDS.includes(first) && listed.includes(first))
    return `unknown command '${first}'${didYouMean(first, COMMANDS)}`;
  const unknown = listed[0]!;
  const typed = argv.find((arg) => arg.replace(/^-+/, '').split('=')[0] === unknown) ?? unknown;
  return `${message}${didYouMean(unknown, FLAGS, typed.startsWith('--') || unknown.length > 1 ? '--' : '-')}`;
}

/** yargs reads `--strict=maybe` as false without a word: a boolean flag given a value must say true or false. */
function checkBooleanValues(argv: readonly string[]): void {
  for (const arg of argv) {
    const given = /^(--[a-z-]+)=(.*)$/s.exec(arg);
    if (given && BOOLEAN_FLAGS.has(given[1]!) && !/^(true|false)$/.test(given[2]!))
      throw new UsageError(`${given[1]}: expected true or false, got '${given[2]}'`);
  }
}
const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  '--jsonl',
  '--fail-on-version-matches',
  '--credential-checks',
  '--strict',
  '--resume',
  '--json',
  '--debug',
]);

interface ScanArgs {
  targets?: string[] | undefined;
  target?: string[] | undefined;
  exclude?: string[] | undefined;
  jsonl?: boolean | undefined;
  'targets-file'?: string | undefined;
  'targets-format'?: string | undefined;
  config?: string | undefined;
  ports?: string | undefined;
  rules?: string[] | undefined;
  'exclude-rules'?: string[] | undefined;
  concurrency?: number | undefined;
  'connect-concurrency'?: number | undefined;
  'connect-retries'?: number | undefined;
  'per-host'?: number | undefined;
  rate?: number | undefined;
  timeout?: string | undefined;
  out?: string | undefined;
  format?: string[] | undefined;
  'fail-on'?: string | undefined;
  'fail-on-version-matches'?: boolean | undefined;
  'credential-checks'?: boolean | undefined;
  suppressions?: string | undefined;
  baseline?: string | undefined;
  history?: string | false | undefined;
  strict?: boolean | undefined;
  resume?: boolean | undefined;
  shard?: string | undefined;
  notify?: string[] | undefined;
  'notify-severity'?: string | undefined;
  'notify-digest'?: boolean | undefined;
}

async function scanCommand(args: ScanArgs): Promise<number> {
  // Before the targets and the scan make the heap grow (src/heap.ts).
  useScanHeapGrowth();
  const config = resolveConfig(args);
  const cloud = config.cloud;
  const targets = collectTargets(
    config,
    hasAccounts(cloud),
    args['targets-file'] !== undefined ? '--targets-file' : "config key 'targetsFile'",
  );
  // The targets' spool is private to this run: gone however the process ends (a usage error below included).
  process.once('exit', () => targets.close());
  const rules = selectRules(RULES, selectors(config.rules), selectors(config.excludeRules), {
    include: args.rules ? '--rules' : "config key 'rules'",
    exclude: args['exclude-rules'] ? '--exclude-rules' : "config key 'excludeRules'",
  });
  const ports = config.ports ?? defaultPorts(rules, RULES);
  const exclusions = new Exclusions(config.exclude ?? [], args.exclude ? '--exclude' : "config key 'exclude'");
  const outDir = resolve(config.out);
  // Read both before the first probe: a bad file is a usage error now, not after the scan.
  const gateInputs = loadGateInputs({ suppressions: config.suppressions, baseline: config.baseline });
  // A shard alone is not the scan of its targets: recorded, it would make the other shards' findings look fixed.
  if (config.shard && typeof config.history === 'string')
    throw new UsageError(
      '--history: a --shard run records no history; give --history to exposcan merge, which records the joined scan',
    );
  // Created only once every other input is known good: a refused scan leaves no empty folder.
  // Every name the scan will write there is checked now: a planted link is refused before any probe.
  ensureWritable(outDir, '--out', [
    ...reportFiles(['json', ...config.format]),
    SPOOL_FILE,
    CHECKPOINT_FILE,
    `${CHECKPOINT_FILE}.tmp`,
    LOCK_FILE,
  ]);
  const history =
    config.history === false || config.shard ? undefined : checkHistory(config.history ?? defaultHistoryFile());
  // What changed is known only from the history: without it every scan would announce everything.
  if (config.notify && !history)
    throw new UsageError(
      config.shard
        ? '--notify needs the scan history: not with --shard (give --notify to exposcan merge, which records the joined scan)'
        : '--notify needs the scan history: not with --no-history',
    );
  const unsetSecret = config.notify && missingSecretEnv(config.notify, process.env);
  if (unsetSecret) throw new UsageError(`notify: environment variable ${unsetSecret} (secretEnv) is not set`);
  // One scan per --out: a second one there would interleave spools and overwrite reports.
  const releaseOut = lockOutFolder(outDir);
  // The spool and checkpoint: results stream to disk, and --resume continues an interrupted run.
  // Its identity is everything that decides which endpoints exist and how they are judged.
  const journal = ScanJournal.open({
    dir: outDir,
    resume: config.resume,
    note: warn,
    scope: { targets: targets.count, endpointsAtMost: targets.endpoints(ports), sharded: config.shard !== undefined },
    identity: {
      version: TOOL.version,
      order: ORDER_NAME,
      targets: targets.digest,
      ports,
      rules: rules.map((rule) => rule.meta.id),
      shard: config.shard ?? null,
      timeoutMs: config.timeout,
      credentialChecks: config.credentialChecks,
      ...(exclusions.empty ? {} : { exclude: config.exclude }),
    },
  });

  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130);
    process.stderr.write(
      `\nexposcan: ${name} received; finishing the report (send again to quit at once). Run the same command with --resume to continue this scan later.\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Nobody reads the findings any more (`--jsonl | head -1`): stop probing, keep the report.
  const stopWatchingStreams = onStreamLost(() => controller.abort());

  // Cloud accounts first: the endpoints their resources imply join the targets of this scan.
  // The whole run is timed, cloud reads included: scan.durationMs and scan.phases.
  const began = new Date();
  let inventory: Inventory | undefined;
  if (hasAccounts(cloud)) {
    try {
      // Loaded only when accounts are configured: the cloud SDKs alone cost about 140 MB of RSS,
      // most of the memory a network-only scan of a million endpoints would otherwise use.
      const { collectInventory } = await import('./cloud/collect.js');
      inventory = await collectInventory(cloud, {
        timeoutMs: config.timeout * 3,
        concurrency: 4,
        signal: controller.signal,
      });
    } catch (error) {
      // Interrupted while reading the accounts: the scan still writes its (partial) report.
      if (!controller.signal.aborted) throw error;
      inventory = { resources: [], gaps: [] };
    }
  }

  // A shard's share is only known by walking the whole space: no progress bar for shards.
  const total = config.shard ? 0 : targets.endpoints(ports);
  const progress = createProgress(process.stderr, total);
  // Discovery holds thousands of sockets at once: as many as the open-file limit leaves room for.
  const connections = planConnections(config.connectConcurrency, config.concurrency, readFdLimit());
  if (connections.note) process.stderr.write(`${connections.note}\n`);
  const settings = {
    concurrency: config.concurrency,
    connectConcurrency: connections.connectConcurrency,
    connectRetries: config.connectRetries,
    perHost: config.perHost,
    rate: config.rate,
    timeoutMs: config.timeout,
    credentialChecks: config.credentialChecks,
  };
  const now = new Date();
  const cloudMs = Date.now() - began.getTime();
  const outcome = await runScan(exclusions.filter(expandTargets(targets.targets(), ports)), rules, settings, {
    signal: controller.signal,
    onEndpoint: (done, so) => progress.update({ done, ...so }),
    // --jsonl: each endpoint's findings as soon as it is done, suppressed ones left out as in the report.
    ...(args.jsonl
      ? { onFindings: (findings: readonly Finding[]) => process.stdout.write(jsonLines(findings, gateInputs, now)) }
      : {}),
    ...(inventory ? { inventory } : {}),
    journal,
    ...(config.shard ? { shard: config.shard } : {}),
  });
  progress.done();

  const gate = splitForGate(outcome.findings, gateInputs, new Date());
  // Every target, or for a long targets file the file named with its count and digest.
  const listedTargets = targets.listed();
  const report = buildReport({
    id: randomUUID(),
    tool: TOOL,
    targets: listedTargets,
    ...(listedTargets.length === targets.count
      ? {}
      : { targetNames: targets.textsAt(outcome.unreached.map((tally) => tally.target)) }),
    rules: rules.map((rule) => rule.meta.id),
    // With no cloud account read, the rules that judge only cloud resources had nothing to judge.
    ...(inventory
      ? {}
      : {
          skippedRules: rules
            .filter((rule) => isResourceRule(rule) && !isEndpointRule(rule))
            .map((rule) => ({ rule: rule.meta.id, reason: NO_CLOUD_READ })),
        }),
    settings: { ...settings, ports },
    outcome,
    ...(gate.suppressions ? { suppressions: gate.suppressions } : {}),
    ...(gate.baseline ? { baseline: gate.baseline } : {}),
    ...(config.shard ? { shard: config.shard } : {}),
    resumed: journal.resumed,
    began,
    phases: {
      ...(hasAccounts(cloud) ? { cloudMs } : {}),
      probesMs: Math.max(0, outcome.finishedAt.getTime() - began.getTime() - cloudMs),
    },
  });
  const recorded = history ? withHistory(report, history) : report;
  // report.json first: once it is written, a complete scan has nothing left to resume, and its
  // journal is removed before anything else, so on a nearly full disk the renderings get its room.
  // A partial scan, or one whose report.json could not be written, keeps its journal for --resume.
  const writeCanonical = (shown: Report) => {
    const canonical = writeReport(shown, ['json'], outDir, RULES);
    if (!outcome.partial && canonical.written.length > 0) journal.remove();
    return canonical;
  };
  // With --notify, report.json is written as delivery starts (its announcements counted as owed,
  // as the history records them), so a process killed during a slow delivery still leaves a valid
  // report; it is written again once every delivery has ended, its deadlines and retries bounded.
  const final = config.notify
    ? {
        ...recorded,
        notifications: await notify(recorded, config.notify, {
          beforeDelivery: (pending) => void writeCanonical({ ...recorded, notifications: pending }),
        }),
      }
    : recorded;
  for (const failure of final.notifications?.failures ?? [])
    warn(
      `exposcan: notification (${failure.kind}) to ${failure.sink} failed after ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}: ${failure.error}`,
    );
  if (final.notifications?.skipped) warn(`exposcan: notifications not sent: ${final.notifications.skipped}`);
  const canonical = writeCanonical(final);
  const renderings = writeReport(
    final,
    config.format.filter((format) => format !== 'json'),
    outDir,
    RULES,
  );
  const written = [...canonical.written, ...renderings.written];
  const failed = [...canonical.failed, ...renderings.failed];
  releaseOut();
  // report.asff.json cannot place a live finding when the report names no single AWS account: say so.
  const unplaced = config.format.includes('asff') ? asffUnplaced(final) : 0;
  if (unplaced > 0)
    warn(
      `exposcan: report.asff.json leaves out ${unplaced} finding${unplaced === 1 ? '' : 's'} with no AWS account to import into (the report read no AWS account, or several)`,
    );
  // A target never reached is not a pass: said on stderr too, where a CI log is read.
  for (const gap of final.coverage.filter(isTargetGap))
    warn(`exposcan: target '${gap.target}' was not reached: ${gap.message}`);
  // With --jsonl stdout carries only findings, one JSON object a line; the summary is for people.
  const human = args.jsonl ? process.stderr : process.stdout;
  // Coloured, the summary keeps its escape codes; renderConsole has stripped every server string in it.
  const colour = wantsColour(human, process.env);
  const summary = renderConsole(final, written, { colour });
  human.write(colour ? summary : terminalText(summary));
  human.write(terminalText(gateSummary(final)));
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  stopWatchingStreams();
  // With a baseline, only findings it does not list can fail the gate.
  const code = gateExitCode(final, gate.gated, config.failOn, config.strict, warn, config.failOnVersionMatches);
  return withWriteFailures(code, failed, warn);
}

function historyCommand(action: string, scanId: string | undefined, file: string | undefined, json: boolean): string {
  const path = file ?? defaultHistoryFile();
  if (!existsSync(path)) throw new UsageError(`--history '${path}' does not exist: no scan has been recorded there`);
  const store = openHistory(path);
  try {
    if (action === 'show') {
      if (scanId === undefined) throw new UsageError('history show needs a scan id (see exposcan history)');
      const shown = store.show(scanId);
      if (!shown) throw new UsageError(`no scan '${scanId}' in ${store.file}`);
      if (json) return terminalJson(shown);
      const { scan, sightings } = shown;
      const lines = [
        `scan ${scan.id}${scan.partial ? ' (partial)' : ''}`,
        `  ${scan.startedAt} to ${scan.finishedAt}`,
        `  targets: ${scan.targets.map(stripControl).join(', ') || '(none)'}`,
        `  ${scan.findings} finding${scan.findings === 1 ? '' : 's'}`,
        ...sightings.map((sighting) =>
          stripControl(
            `  ${sighting.severity.padEnd(8)}  ${sighting.ruleId}  ${sighting.place}  ${sighting.findingId}`,
          ),
        ),
      ];
      return `${lines.join('\n')}\n`;
    }
    const scans = store.list();
    if (json) return terminalJson(scans);
    if (scans.length === 0) return `no scans recorded in ${store.file}\n`;
    return (
      scans
        .map((scan) =>
          stripControl(
            `${scan.id}  ${scan.startedAt}  ${String(scan.findings).padStart(4)} finding${scan.findings === 1 ? ' ' : 's'}${scan.partial ? '  partial' : ''}  ${scan.targets.join(', ')}`,
          ),
        )
        .join('\n') + '\n'
    );
  } finally {
    store.close();
  }
}

function resolveConfig(args: ScanArgs): ScanConfig {
  const file = args.config ? loadConfigFile(args.config) : {};
  const flags: Partial<ScanConfigInput> = {
    ...(args.target || (args.targets?.length ?? 0) > 0
      ? { targets: [...(file.targets ?? []), ...(args.target ?? []), ...(args.targets ?? [])] }
      : {}),
    ...(args.exclude ? { exclude: args.exclude } : {}),
    ...(args['targets-file'] !== undefined ? { targetsFile: args['targets-file'] } : {}),
    ...(args['targets-format'] !== undefined ? { targetsFormat: args['targets-format'] as TargetsFormat } : {}),
    ...(args.ports !== undefined ? { ports: parsePorts(args.ports) } : {}),
    ...(args.out === '-' ? { out: refuseDashOut() } : {}),
    ...(args.rules ? { rules: args.rules } : {}),
    ...(args['exclude-rules'] ? { excludeRules: args['exclude-rules'] } : {}),
    ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
    ...(args['connect-concurrency'] !== undefined ? { connectConcurrency: args['connect-concurrency'] } : {}),
    ...(args['connect-retries'] !== undefined ? { connectRetries: args['connect-retries'] } : {}),
    ...(args['per-host'] !== undefined ? { perHost: args['per-host'] } : {}),
    ...(args.rate !== undefined ? { rate: args.rate } : {}),
    ...(args.timeout !== undefined ? { timeout: args.timeout } : {}),
    ...(args.out !== undefined ? { out: args.out } : {}),
    ...(args.format ? { format: args.format as Format[] } : {}),
    ...(args['fail-on'] !== undefined ? { failOn: args['fail-on'] as ScanConfigInput['failOn'] } : {}),
    ...(args['fail-on-version-matches'] !== undefined ? { failOnVersionMatches: args['fail-on-version-matches'] } : {}),
    ...(args['credential-checks'] !== undefined ? { credentialChecks: args['credential-checks'] } : {}),
    ...(args.suppressions !== undefined ? { suppressions: args.suppressions } : {}),
    ...(args.baseline !== undefined ? { baseline: args.baseline } : {}),
    ...(args.history !== undefined ? { history: args.history } : {}),
    ...(args.strict !== undefined ? { strict: args.strict } : {}),
    ...(args.resume !== undefined ? { resume: args.resume } : {}),
    ...(args.shard !== undefined ? { shard: args.shard } : {}),
    ...(notifyFromFlags(file.notify, args) ? { notify: notifyFromFlags(file.notify, args) } : {}),
  };
  return mergeConfig(file, flags);
}

/** One finding a line, each a complete JSON object as in report.json's findings. */
function jsonLines(findings: readonly Finding[], inputs: GateInputs, now: Date): string {
  const kept = inputs.suppressions ? applySuppressions(findings, inputs.suppressions.entries, now).kept : findings;
  return kept.map((finding) => `${JSON.stringify(finding)}\n`).join('');
}

/** `--out -` would make a folder named `-`: stdout is what was meant, and --jsonl is how. */
function refuseDashOut(): never {
  throw new UsageError(
    "--out: '-' is not a folder; for findings on stdout use --jsonl (report files still go to --out, default reports/)",
  );
}

/**
 * The targets, streamed (src/targets/source.ts): parsed and deduplicated now, so a bad line is a
 * usage error before any probe, and read back from a spool as the scan goes. `fileLabel` names
 * where the targets file came from in errors: the flag or the config key.
 */
function collectTargets(config: ScanConfig, cloudAccounts: boolean, fileLabel: string): TargetSource {
  const given = config.targets.map((text) => {
    try {
      return parseTarget(text);
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`--target: ${error.message}`);
      throw error;
    }
  });
  const source = TargetSource.load(
    given,
    config.targetsFile ? { path: config.targetsFile, label: fileLabel, format: config.targetsFormat } : undefined,
  );
  if (source.count === 0 && !cloudAccounts) {
    source.close();
    throw new UsageError(
      'no targets: give --target (repeatable), --targets-file, or targets or cloud accounts in --config',
    );
  }
  return source;
}

function reportCommand(file: string, formats: readonly Format[], out: string | undefined): WriteOutcome {
  const report = readReportFile(file);
  const outDir = resolve(out ?? dirname(file));
  ensureWritable(outDir, '--out', reportFiles(formats));
  return writeReport({ ...report, coverage: report.coverage ?? [] }, formats, outDir, RULES);
}

function rulesCommand(json: boolean): string {
  const rows = RULES.map(({ meta }) => ({
    id: meta.id,
    severity: meta.severity,
    products: [...meta.products],
    tags: [...meta.tags],
    title: meta.title,
  }));
  if (json) return terminalJson(rows);
  const idWidth = Math.max(...rows.map((row) => row.id.length));
  return (
    rows
      .map(
        (row) =>
          `${row.id.padEnd(idWidth)}  ${row.severity.padEnd(8)}  ${row.title}  [${row.products.join(', ')}] (${row.tags.join(', ')})`,
      )
      .join('\n') + '\n'
  );
}

main(hideBin(process.argv)).then(
  (code) => {
    // Output cut short is never a pass, nor a finding's exit 1.
    process.exitCode = lostStream() ? 2 : code;
  },
  (error: unknown) => {
    // One line whatever the message holds (a target or value typed with a newline is echoed in it).
    if (error instanceof UsageError) {
      process.stderr.write(`exposcan: ${stripControl(error.message)}\n`);
    } else {
      process.stderr.write(
        `exposcan: unexpected error: ${stripControl(error instanceof Error ? error.message : String(error))}${debug ? '' : ' (run with --debug for details)'}\n`,
      );
      if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = 2;
  },
);
