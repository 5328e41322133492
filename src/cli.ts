// The only file that touches argv, stdout and the exit code. Exit codes: 0 no finding at or above
// --fail-on, 1 such a finding exists, 2 usage, config or fatal error (or an interrupted scan
// that found nothing above the threshold: an incomplete check is never a pass).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { loadConfigFile, mergeConfig } from './config/load.js';
import { FAIL_ON, FORMATS, type Format, type ScanConfig, type ScanConfigInput } from './config/schema.js';
import { allRules, defaultPorts, selectRules, selectors } from './engine/registry.js';
import { runScan } from './engine/run.js';
import { atOrAbove } from './engine/types.js';
import { UsageError } from './errors.js';
import { renderConsole } from './report/console.js';
import { stripControl } from './report/escape.js';
import { RENDERERS } from './report/formats.js';
import { buildReport, type Report } from './report/report.js';
import { reportProblem } from './report/validate.js';
import { dedupeTargets, endpointCount, expandTargets } from './targets/expand.js';
import { parseTarget, parseTargetsFile, type Target } from './targets/target.js';
import { TOOL } from './version.js';
import { createProgress } from './progress.js';
import { applySuppressions, loadSuppressions } from './findings/suppressions.js';
import { loadBaseline, splitByBaseline } from './findings/baseline.js';
import { collectInventory, hasAccounts } from './cloud/collect.js';
import type { Inventory } from './cloud/inventory.js';
import { defaultHistoryFile, HistoryStore } from './history/store.js';
import { diffReports, renderDiff } from './history/diff.js';

const debug = process.argv.includes('--debug');

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  await yargs(argv)
    .scriptName('exposcan')
    .usage('$0 <command> [options]')
    .command(
      'scan',
      'probe targets read-only and report what is exposed',
      (y) =>
        y
          .option('target', { alias: 't', type: 'string', array: true, describe: 'URL, host:port, host or CIDR range (repeatable)' })
          .option('targets-file', { type: 'string', describe: 'file with one target a line (# comments allowed)' })
          .option('config', { alias: 'c', type: 'string', describe: 'YAML file with any of these options; flags win' })
          .option('ports', { type: 'string', describe: 'ports for bare hosts and ranges, e.g. 80,443,9200 (default: every selected rule’s ports)' })
          .option('rules', { type: 'string', array: true, describe: 'only these rule ids, tags or products (comma-separated or repeated)' })
          .option('exclude-rules', { type: 'string', array: true, describe: 'skip these rule ids, tags or products' })
          .option('concurrency', { type: 'number', describe: 'endpoints probed at once (default 64)' })
          .option('per-host', { type: 'number', describe: 'simultaneous probes against one host (default 4)' })
          .option('rate', { type: 'number', describe: 'probes per second across the scan, 0 for no limit (default 1000)' })
          .option('timeout', { type: 'string', describe: 'per probe, e.g. 500ms, 5s (default 5s)' })
          .option('out', { alias: 'o', type: 'string', describe: 'output folder (default reports/)' })
          .option('format', { alias: 'f', type: 'string', array: true, choices: FORMATS, describe: 'extra formats beside report.json' })
          .option('fail-on', { type: 'string', choices: FAIL_ON, describe: 'exit 1 when a finding at or above this severity exists (default none)' })
          .option('credential-checks', { type: 'boolean', describe: 'also try documented default credentials (e.g. RabbitMQ guest/guest); read-only requests, off by default' })
          .option('suppressions', { type: 'string', describe: 'YAML file of accepted findings (by id, or rule + exact target/resource), each with a reason and an expiry date' })
          .option('baseline', { type: 'string', describe: 'a previous report.json: only findings it does not list count against --fail-on' })
          .option('strict', { type: 'boolean', describe: 'exit 2 when the check was incomplete: interrupted, cloud reads that could not be made, expired or unused suppressions' })
          .option('history', { type: 'string', describe: 'scan history file (SQLite; default $XDG_DATA_HOME/exposcan/history.sqlite); --no-history to record nothing' }),
      async (args) => {
        exitCode = await scanCommand(args);
      },
    )
    .command(
      'rules',
      'list the rules',
      (y) => y.option('json', { type: 'boolean', default: false, describe: 'print a JSON array for machines' }),
      (args) => {
        process.stdout.write(rulesCommand(args.json));
      },
    )
    .command(
      'report <file>',
      're-render a saved report.json',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'a report.json written by exposcan scan' })
          .option('format', { alias: 'f', type: 'string', array: true, choices: FORMATS, demandOption: true, describe: 'formats to write' })
          .option('out', { alias: 'o', type: 'string', describe: 'output folder (default: beside the file)' }),
      (args) => {
        const written = reportCommand(args.file, args.format as Format[], args.out);
        process.stdout.write(written.map((file) => `wrote ${file}\n`).join(''));
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
        process.stdout.write(args.json ? `${JSON.stringify(diff, null, 2)}\n` : renderDiff(diff));
      },
    )
    .command(
      'history [action] [scan]',
      'list the recorded scans (history), or one scan\'s findings (history show SCAN_ID)',
      (y) =>
        y
          .positional('action', { type: 'string', choices: ['list', 'show'], default: 'list', describe: 'list (default) or show' })
          .positional('scan', { type: 'string', describe: 'the scan id, for show' })
          .option('strict', { type: 'boolean', describe: 'exit 2 when the check was incomplete: interrupted, cloud reads that could not be made, expired or unused suppressions' })
          .option('history', { type: 'string', describe: 'scan history file (default $XDG_DATA_HOME/exposcan/history.sqlite)' })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON for machines' }),
      (args) => {
        process.stdout.write(historyCommand(args.action ?? 'list', args.scan, args.history, args.json));
      },
    )
    .option('debug', { type: 'boolean', describe: 'show stack traces of unexpected errors' })
    .demandCommand(1, 'a command is required: scan, rules, report, diff or history')
    .strict()
    .version(TOOL.version)
    .help()
    .fail((message, error) => {
      if (error) throw error;
      // yargs writes some messages over several lines; a usage error is always one.
      throw new UsageError((message ?? 'invalid command line').replace(/\s*\n\s*/g, ' '));
    })
    .parseAsync();
  return exitCode;
}

interface ScanArgs {
  target?: string[] | undefined;
  'targets-file'?: string | undefined;
  config?: string | undefined;
  ports?: string | undefined;
  rules?: string[] | undefined;
  'exclude-rules'?: string[] | undefined;
  concurrency?: number | undefined;
  'per-host'?: number | undefined;
  rate?: number | undefined;
  timeout?: string | undefined;
  out?: string | undefined;
  format?: string[] | undefined;
  'fail-on'?: string | undefined;
  'credential-checks'?: boolean | undefined;
  suppressions?: string | undefined;
  baseline?: string | undefined;
  history?: string | false | undefined;
  strict?: boolean | undefined;
}

async function scanCommand(args: ScanArgs): Promise<number> {
  const config = resolveConfig(args);
  const cloud = config.cloud;
  const targets = collectTargets(config, hasAccounts(cloud));
  const rules = selectRules(allRules(), selectors(config.rules), selectors(config.excludeRules));
  const ports = config.ports ?? defaultPorts(rules, allRules());
  const outDir = resolve(config.out);
  ensureWritable(outDir);
  // Read both before the first probe: a bad file is a usage error now, not after the scan.
  const suppressionEntries = config.suppressions !== undefined ? loadSuppressions(config.suppressions) : undefined;
  const baseline = config.baseline !== undefined ? loadBaseline(config.baseline) : undefined;
  const history = config.history === false ? undefined : openHistory(config.history ?? defaultHistoryFile());

  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130);
    process.stderr.write(`\nexposcan: ${name} received; finishing the report (send again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // Cloud accounts first: the endpoints their resources imply join the targets of this scan.
  let inventory: Inventory | undefined;
  if (hasAccounts(cloud)) {
    try {
      inventory = await collectInventory(cloud, { timeoutMs: config.timeout * 3, concurrency: 4, signal: controller.signal });
    } catch (error) {
      // Interrupted while reading the accounts: the scan still writes its (partial) report.
      if (!controller.signal.aborted) throw error;
      inventory = { resources: [], gaps: [] };
    }
  }

  const total = endpointCount(targets, ports);
  const progress = createProgress(process.stderr, total);
  const settings = { concurrency: config.concurrency, perHost: config.perHost, rate: config.rate, timeoutMs: config.timeout, credentialChecks: config.credentialChecks };
  const outcome = await runScan(expandTargets(targets, ports), rules, settings, {
    signal: controller.signal,
    onEndpoint: (done) => progress.update(done),
    ...(inventory ? { inventory } : {}),
  });
  progress.done();

  const applied = suppressionEntries && config.suppressions !== undefined ? applySuppressions(outcome.findings, suppressionEntries, new Date()) : undefined;
  const kept = applied ? applied.kept : outcome.findings;
  const split = baseline ? splitByBaseline(kept, baseline.ids) : undefined;
  const report = buildReport({
    id: randomUUID(),
    tool: TOOL,
    targets: targets.map((target) => target.text),
    rules: rules.map((rule) => rule.meta.id),
    settings: { ...settings, ports },
    outcome,
    ...(applied && config.suppressions !== undefined ? { suppressions: { file: config.suppressions, suppressed: applied.suppressed, expired: applied.expired, unused: applied.unused } } : {}),
    ...(baseline && split ? { baseline: { file: baseline.file, known: split.known.length, new: split.fresh.length } } : {}),
  });
  const final = history ? withHistory(report, history) : report;
  const written = writeReport(final, ['json', ...config.format], outDir);
  process.stdout.write(renderConsole(final, written));
  process.stdout.write(gateSummary(final));
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  // With a baseline, only findings it does not list can fail the gate.
  const gated = split ? split.fresh : report.findings;
  const failing = config.failOn !== 'none' && gated.some((finding) => atOrAbove(finding.severity, config.failOn as Exclude<typeof config.failOn, 'none'>));
  if (failing) return 1;
  if (report.scan.partial) return 2;
  // --strict: a check that could not be made in full is not a pass either.
  if (config.strict && incompleteBecause(final).length > 0) {
    process.stderr.write(`exposcan: --strict: the check was incomplete: ${incompleteBecause(final).join('; ')}\n`);
    return 2;
  }
  return 0;
}

function incompleteBecause(report: Report): string[] {
  const reasons: string[] = [];
  if (report.coverage.length > 0) reasons.push(`${report.coverage.length} cloud read(s) could not be made`);
  if ((report.suppressions?.expired.length ?? 0) > 0) reasons.push(`${report.suppressions!.expired.length} suppression(s) expired`);
  if ((report.suppressions?.unused.length ?? 0) > 0) reasons.push(`${report.suppressions!.unused.length} suppression(s) matched nothing`);
  return reasons;
}

function openHistory(file: string): HistoryStore {
  try {
    return new HistoryStore(file);
  } catch (error) {
    throw new UsageError(`--history '${file}' cannot be opened as a scan history: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Records the scan and adds each finding's status and first-seen date, and the fixed findings. */
function withHistory(report: Report, store: HistoryStore): Report {
  try {
    const result = store.record(report);
    return {
      ...report,
      findings: report.findings.map((finding) => ({ ...finding, status: result.status.get(finding.id)!, firstSeen: result.firstSeen.get(finding.id)! })),
      history: { file: store.file, ...(result.previousScan !== undefined ? { previousScan: result.previousScan } : {}), fixed: result.fixed },
    };
  } finally {
    store.close();
  }
}

function readReportFile(file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code ? `report file '${file}' cannot be read: ${code}` : `report file '${file}' is not JSON`);
  }
  const problem = reportProblem(data);
  if (problem) throw new UsageError(`report file '${file}' is not an exposcan report (schema version 1): ${problem}`);
  return data as Report;
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
      if (json) return `${JSON.stringify(shown, null, 2)}\n`;
      const { scan, sightings } = shown;
      const lines = [
        `scan ${scan.id}${scan.partial ? ' (partial)' : ''}`,
        `  ${scan.startedAt} to ${scan.finishedAt}`,
        `  targets: ${scan.targets.map(stripControl).join(', ') || '(none)'}`,
        `  ${scan.findings} finding${scan.findings === 1 ? '' : 's'}`,
        ...sightings.map((sighting) => stripControl(`  ${sighting.severity.padEnd(8)}  ${sighting.ruleId}  ${sighting.place}  ${sighting.findingId}`)),
      ];
      return `${lines.join('\n')}\n`;
    }
    const scans = store.list();
    if (json) return `${JSON.stringify(scans, null, 2)}\n`;
    if (scans.length === 0) return `no scans recorded in ${store.file}\n`;
    return scans.map((scan) => stripControl(`${scan.id}  ${scan.startedAt}  ${String(scan.findings).padStart(4)} finding${scan.findings === 1 ? ' ' : 's'}${scan.partial ? '  partial' : ''}  ${scan.targets.join(', ')}`)).join('\n') + '\n';
  } finally {
    store.close();
  }
}

/** Extra summary lines for --suppressions and --baseline (the renderers are left as they are). */
function gateSummary(report: Report): string {
  const lines: string[] = [];
  const suppressions = report.suppressions;
  if (suppressions) {
    lines.push(`suppressions: ${suppressions.suppressed.length} suppressed, ${suppressions.expired.length} expired, ${suppressions.unused.length} unused (${stripControl(suppressions.file)})`);
    for (const entry of suppressions.expired) {
      lines.push(`  EXPIRED: entry ${entry.entry} (${stripControl(entryLabel(entry))}) expired ${entry.expires} and no longer suppresses ${entry.findings.length} finding${entry.findings.length === 1 ? '' : 's'}`);
    }
    for (const entry of suppressions.unused) lines.push(`  UNUSED: entry ${entry.entry} (${stripControl(entryLabel(entry))}) matched no finding${entry.expired ? ' (also expired)' : ''}`);
  }
  const baseline = report.scan.baseline;
  if (baseline) lines.push(`baseline: ${baseline.known} known, ${baseline.new} new finding${baseline.new === 1 ? '' : 's'} (${stripControl(baseline.file)}); only new findings count against --fail-on`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function entryLabel(entry: { id?: string; rule?: string; target?: string; resource?: string }): string {
  if (entry.id !== undefined) return `id ${entry.id}`;
  return `rule ${entry.rule ?? '?'} ${entry.target !== undefined ? `target ${entry.target}` : `resource ${entry.resource ?? '?'}`}`;
}

function resolveConfig(args: ScanArgs): ScanConfig {
  const file = args.config ? loadConfigFile(args.config) : {};
  const flags: Partial<ScanConfigInput> = {
    ...(args.target ? { targets: [...(file.targets ?? []), ...args.target] } : {}),
    ...(args['targets-file'] !== undefined ? { targetsFile: args['targets-file'] } : {}),
    ...(args.ports !== undefined ? { ports: parsePorts(args.ports) } : {}),
    ...(args.rules ? { rules: args.rules } : {}),
    ...(args['exclude-rules'] ? { excludeRules: args['exclude-rules'] } : {}),
    ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
    ...(args['per-host'] !== undefined ? { perHost: args['per-host'] } : {}),
    ...(args.rate !== undefined ? { rate: args.rate } : {}),
    ...(args.timeout !== undefined ? { timeout: args.timeout } : {}),
    ...(args.out !== undefined ? { out: args.out } : {}),
    ...(args.format ? { format: args.format as Format[] } : {}),
    ...(args['fail-on'] !== undefined ? { failOn: args['fail-on'] as ScanConfigInput['failOn'] } : {}),
    ...(args['credential-checks'] !== undefined ? { credentialChecks: args['credential-checks'] } : {}),
    ...(args.suppressions !== undefined ? { suppressions: args.suppressions } : {}),
    ...(args.baseline !== undefined ? { baseline: args.baseline } : {}),
    ...(args.history !== undefined ? { history: args.history } : {}),
    ...(args.strict !== undefined ? { strict: args.strict } : {}),
  };
  return mergeConfig(file, flags);
}

function parsePorts(text: string): number[] {
  return text.split(',').map((part) => {
    const trimmed = part.trim();
    if (!/^\d{1,5}$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > 65535) throw new UsageError(`--ports: '${trimmed}' is not a port from 1 to 65535`);
    return Number(trimmed);
  });
}

function collectTargets(config: ScanConfig, cloudAccounts: boolean): Target[] {
  const targets = config.targets.map((text) => {
    try {
      return parseTarget(text);
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`--target: ${error.message}`);
      throw error;
    }
  });
  if (config.targetsFile) {
    let content: string;
    try {
      content = readFileSync(config.targetsFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--targets-file '${config.targetsFile}' cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    targets.push(...parseTargetsFile(content, config.targetsFile));
  }
  if (targets.length === 0 && !cloudAccounts) throw new UsageError('no targets: give --target (repeatable), --targets-file, or targets or cloud accounts in --config');
  return dedupeTargets(targets);
}

function ensureWritable(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    // Find out before scanning, not after an hour of probes, that the report cannot be written.
    const probe = join(dir, `.exposcan-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new UsageError(`--out '${dir}' is not a writable folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Writes each file beside itself first and renames it into place: a reader never sees half a report. */
function writeReport(report: Report, formats: readonly Format[], outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const rules = allRules();
  return [...new Set(formats)].map((format) => {
    const renderer = RENDERERS[format];
    const file = join(outDir, renderer.file);
    writeFileSync(`${file}.tmp`, renderer.render(report, rules));
    renameSync(`${file}.tmp`, file);
    return file;
  });
}

function reportCommand(file: string, formats: readonly Format[], out: string | undefined): string[] {
  const report = readReportFile(file);
  const outDir = resolve(out ?? dirname(file));
  ensureWritable(outDir);
  return writeReport({ ...report, coverage: report.coverage ?? [] }, formats, outDir);
}

function rulesCommand(json: boolean): string {
  const rows = allRules().map(({ meta }) => ({ id: meta.id, severity: meta.severity, products: [...meta.products], tags: [...meta.tags], title: meta.title }));
  if (json) return `${JSON.stringify(rows, null, 2)}\n`;
  const idWidth = Math.max(...rows.map((row) => row.id.length));
  return rows.map((row) => `${row.id.padEnd(idWidth)}  ${row.severity.padEnd(8)}  ${row.title}  [${row.products.join(', ')}] (${row.tags.join(', ')})`).join('\n') + '\n';
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`exposcan: ${error.message}\n`);
    } else {
      process.stderr.write(`exposcan: unexpected error: ${error instanceof Error ? error.message : String(error)}${debug ? '' : ' (run with --debug for details)'}\n`);
      if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = 2;
  },
);
