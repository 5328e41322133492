// `exposcan merge A.json B.json …`: the shard reports of one scan → one report, written in the
// requested formats, recorded in the history, announced (--notify) and gated exactly like
// `exposcan scan`. A shard alone records no history, so a sharded scan is announced here.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { FAIL_ON, FORMATS, type Format } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { Rule } from '../engine/rule.js';
import { gateExitCode, gateSummary, loadGateInputs, splitForGate, type FailOn } from '../gate.js';
import { defaultHistoryFile } from '../history/store.js';
import { renderConsole } from '../report/console.js';
import { terminalText } from '../report/escape.js';
import { ensureWritable, readReportFile, reportFiles, withWriteFailures, writeReport } from '../report/files.js';
import { mergeReports } from '../report/merge.js';
import { buildReport } from '../report/report.js';
import { checkHistory, withHistory } from '../scan/history.js';
import { loadConfigFile } from '../config/load.js';
import {
  missingSecretEnv,
  notifyFromFlags,
  notifySchema,
  type NotifyConfig,
  type NotifyFlags,
} from '../notify/config.js';
import { notify } from '../notify/run.js';

export interface MergeArgs extends NotifyFlags {
  reports: string[];
  /** The shards' config file: merge reads its notify: key (sinks with signing secrets). */
  config?: string | undefined;
  out?: string | undefined;
  format?: string[] | undefined;
  'fail-on'?: string | undefined;
  'fail-on-version-matches'?: boolean | undefined;
  suppressions?: string | undefined;
  baseline?: string | undefined;
  strict?: boolean | undefined;
  history?: string | false | undefined;
}

export async function mergeCommand(
  args: MergeArgs,
  rules: readonly Rule[],
  io: { stdout: (text: string) => void; stderr: (text: string) => void } = defaultIo,
): Promise<number> {
  const formats = (args.format ?? []) as Format[];
  for (const format of formats)
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format: '${format}' is not one of ${FORMATS.join(', ')}`);
  const failOn = (args['fail-on'] ?? 'none') as FailOn;
  if (!(FAIL_ON as readonly string[]).includes(failOn))
    throw new UsageError(`--fail-on: '${failOn}' is not one of ${FAIL_ON.join(', ')}`);
  const merged = mergeReports(args.reports.map((file) => ({ file, report: readReportFile(file) })));
  if (merged.suppressions && args.suppressions !== undefined) {
    throw new UsageError(
      `--suppressions: the shard reports were already filtered by '${merged.suppressions.file}'; give --suppressions to the shards or to merge, not both`,
    );
  }
  if (merged.baselineFile !== undefined && args.baseline === undefined) {
    throw new UsageError(
      `--baseline: the shard reports were compared with '${merged.baselineFile}'; give merge the same --baseline so it can gate the joined findings`,
    );
  }
  const gateInputs = loadGateInputs({ suppressions: args.suppressions, baseline: args.baseline });
  // Created only once every input is known good: a refused merge leaves no empty folder.
  const outDir = resolve(args.out ?? 'reports');
  ensureWritable(outDir, '--out', reportFiles(['json', ...formats]));
  const history = args.history === false ? undefined : checkHistory(args.history ?? defaultHistoryFile());
  const notifyConfig = mergeNotifyConfig(args);
  if (notifyConfig && !history) throw new UsageError('--notify needs the scan history: not with --no-history');
  if (merged.merged.missing.length > 0) {
    io.stderr(
      `exposcan: merge: shard${merged.merged.missing.length === 1 ? '' : 's'} ${merged.merged.missing.map((index) => `${index}/${merged.merged.count}`).join(', ')} missing: the joined report is partial\n`,
    );
  }

  const gate = splitForGate(merged.outcome.findings, gateInputs, new Date());
  const suppressions = gate.suppressions ?? merged.suppressions;
  const built = buildReport({
    id: randomUUID(),
    tool: merged.tool,
    targets: merged.targets,
    targetNames: merged.targetNames,
    rules: merged.rules,
    ...(merged.skippedRules ? { skippedRules: merged.skippedRules } : {}),
    settings: merged.settings,
    outcome: merged.outcome,
    ...(suppressions ? { suppressions } : {}),
    ...(gate.baseline ? { baseline: gate.baseline } : {}),
  });
  const report = { ...built, scan: { ...built.scan, merged: merged.merged } };
  const recorded = history ? withHistory(report, history) : report;
  // As in scan: report.json is written as delivery starts and again when it has ended, so a merge
  // killed during a slow delivery leaves a valid report and an owed announcement, never a loss.
  const final = notifyConfig
    ? {
        ...recorded,
        notifications: await notify(recorded, notifyConfig, {
          beforeDelivery: (pending) =>
            void writeReport({ ...recorded, notifications: pending }, ['json'], outDir, rules),
        }),
      }
    : recorded;
  for (const failure of final.notifications?.failures ?? [])
    io.stderr(
      `exposcan: notification (${failure.kind}) to ${failure.sink} failed after ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}: ${failure.error}\n`,
    );
  if (final.notifications?.skipped) io.stderr(`exposcan: notifications not sent: ${final.notifications.skipped}\n`);
  const { written, failed } = writeReport(final, ['json', ...formats], outDir, rules);
  io.stdout(renderConsole(final, written));
  io.stdout(gateSummary(final));
  const code = gateExitCode(
    final,
    gate.gated,
    failOn,
    args.strict ?? false,
    (line) => io.stderr(`${line}\n`),
    args['fail-on-version-matches'] ?? false,
  );
  return withWriteFailures(code, failed, (line) => io.stderr(`${line}\n`));
}

/** --notify and the config file's notify: key, validated now: a bad sink is refused before anything is written. */
function mergeNotifyConfig(args: MergeArgs): NotifyConfig | undefined {
  const file = args.config !== undefined ? loadConfigFile(args.config).notify : undefined;
  const input = notifyFromFlags(file, args) ?? file;
  if (input === undefined) return undefined;
  const checked = notifySchema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UsageError(`--notify: ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  const unset = missingSecretEnv(checked.data, process.env);
  if (unset) throw new UsageError(`notify: environment variable ${unset} (secretEnv) is not set`);
  return checked.data;
}

const defaultIo = {
  // The terminal sink (see cli.ts): no control or bidi character from a shard report reaches the terminal.
  stdout: (text: string) => void process.stdout.write(terminalText(text)),
  stderr: (text: string) => void process.stderr.write(terminalText(text)),
};
