// `exposcan plan tfplan.json`: a Terraform plan judged by the same resource rules as a live
// account, gated like a scan (--fail-on, --suppressions, --baseline, --strict) and written in the
// same report formats. Nothing is probed: the plan's resources do not exist yet.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Format } from '../config/schema.js';
import type { PlanArgs } from './plan-options.js';
import { judgeInventory } from '../engine/judge.js';
import { selectRules, selectors } from '../engine/registry.js';
import { isResourceRule, type Rule } from '../engine/rule.js';
import { UsageError } from '../errors.js';
import { buildFindings } from '../findings/build.js';
import { rank } from '../findings/rank.js';
import { gateExitCode, gateSummary, loadGateInputs, splitForGate, type FailOn } from '../gate.js';
import { planInventory } from '../plan/inventory.js';
import { readPlanFile } from '../plan/read.js';
import { sourceLocator } from '../plan/source.js';
import { renderConsole } from '../report/console.js';
import { ensureWritable, reportFiles, withWriteFailures, writeReport } from '../report/files.js';
import { buildReport } from '../report/report.js';
import { TOOL } from '../version.js';

export type { PlanArgs } from './plan-options.js';

function hasTerraformFiles(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => name.endsWith('.tf'));
  } catch {
    return false;
  }
}

function sourceFolder(planFile: string, source: string | undefined): string {
  if (source !== undefined) {
    if (!existsSync(source)) throw new UsageError(`--source '${source}' does not exist`);
    return resolve(source);
  }
  const beside = dirname(resolve(planFile));
  return hasTerraformFiles(beside) ? beside : process.cwd();
}

export function planCommand(
  args: PlanArgs,
  catalogue: readonly Rule[],
  write: (text: string) => void,
  warn: (line: string) => void,
): number {
  const startedAt = new Date();
  const failOn = (args['fail-on'] ?? 'none') as FailOn;
  const formats = (args.format ?? []) as Format[];
  const rules = selectRules(catalogue, selectors(args.rules), selectors(args['exclude-rules'])).filter(isResourceRule);
  if (rules.length === 0) throw new UsageError('--rules/--exclude-rules leave no rule that judges cloud resources');
  const gateInputs = loadGateInputs({ suppressions: args.suppressions, baseline: args.baseline });
  const plan = readPlanFile(args.file);
  // Created only once every input is known good: a refused run leaves no empty folder.
  const outDir = resolve(args.out ?? 'reports');
  ensureWritable(outDir, '--out', reportFiles(['json', ...formats]));

  const inventory = planInventory(plan, sourceLocator(plan.configuration, sourceFolder(args.file, args.source)));
  const findings = rank(buildFindings([], judgeInventory(inventory, rules, { now: startedAt })));
  const finishedAt = new Date();
  const gate = splitForGate(findings, gateInputs, finishedAt);
  const report = buildReport({
    id: randomUUID(),
    tool: TOOL,
    targets: [`terraform-plan:${basename(args.file)}`],
    rules: rules.map((rule) => rule.meta.id),
    // Nothing is probed: the probe settings are placeholders the schema requires.
    settings: { concurrency: 1, perHost: 1, rate: 0, timeoutMs: 1, ports: [] },
    outcome: {
      startedAt,
      finishedAt,
      partial: false,
      stats: { endpoints: 0, open: 0, identified: 0, failures: {}, findings: findings.length },
      services: [],
      findings,
      coverage: inventory.gaps,
      unreached: [],
    },
    ...(gate.suppressions ? { suppressions: gate.suppressions } : {}),
    ...(gate.baseline ? { baseline: gate.baseline } : {}),
  });
  const { written, failed } = writeReport(report, ['json', ...formats], outDir, catalogue);
  write(
    `${basename(args.file)}: ${plan.resources.length} planned resource instance${plan.resources.length === 1 ? '' : 's'} read, judged as ${inventory.resources.length} cloud resource${inventory.resources.length === 1 ? '' : 's'} (plan format ${plan.formatVersion}${plan.terraformVersion ? `, Terraform ${plan.terraformVersion}` : ''}); nothing was probed\n`,
  );
  write(renderConsole(report, written, { judged: 'the plan' }));
  write(gateSummary(report));
  return withWriteFailures(gateExitCode(report, gate.gated, failOn, args.strict ?? false, warn), failed, warn);
}
