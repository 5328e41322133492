// Suppressions: findings a team has accepted, for a stated reason and until a stated date.
// An entry names one finding by its id, or a rule and an exact place: an endpoint "host:port" or
// a cloud resource "<provider>/<account>/<region> <type> <id>", exactly as placeOf prints them.
// Nothing is matched by substring, glob or regex. An entry past its `expires` date stops
// suppressing and is reported as expired; an entry that matched nothing is reported as unused.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { Finding } from './finding.js';
import { endpointText, placeOf } from './place.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
  }, 'expected a real calendar date YYYY-MM-DD');

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const suppressionEntrySchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[0-9a-f]{24}$/, 'expected a finding id (24 lowercase hex characters, as in report.json)')
      .optional(),
    rule: nonEmpty.optional(),
    target: z
      .string()
      .regex(
        /^(\[[0-9a-fA-F:.%\w]+\]|[^\s:[\]*?]+):\d{1,5}$/,
        "expected 'host:port' exactly as the report prints it, e.g. 127.0.0.1:9200 (no wildcards)",
      )
      .optional(),
    resource: z
      .string()
      .regex(
        /^[^\s/]+\/[^\s/]+\/[^\s/]+ \S+ \S+$/,
        "expected '<provider>/<account>/<region> <type> <id>' exactly as the report prints it",
      )
      .optional(),
    reason: nonEmpty,
    expires: isoDate,
    owner: nonEmpty.optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.id !== undefined) {
      for (const key of ['rule', 'target', 'resource'] as const) {
        if (entry[key] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: "not allowed with 'id': an entry names a finding id, or a rule and a target or resource",
          });
      }
      return;
    }
    if (entry.rule === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: "required: give 'id', or 'rule' with 'target' or 'resource'",
      });
      return;
    }
    if (entry.target === undefined && entry.resource === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: "required with 'rule': give 'target' (host:port) or 'resource'",
      });
    if (entry.target !== undefined && entry.resource !== undefined)
      ctx.addIssue({ code: 'custom', path: ['resource'], message: "not allowed with 'target': give one of them" });
  });

export const suppressionsFileSchema = z.strictObject({ suppressions: z.array(suppressionEntrySchema) });

export type SuppressionEntry = z.output<typeof suppressionEntrySchema>;

/** What an entry matches on, as written in the file. */
interface SuppressionMatch {
  readonly id?: string;
  readonly rule?: string;
  readonly target?: string;
  readonly resource?: string;
}

interface EntryInfo extends SuppressionMatch {
  /** 1-based position of the entry in the file. */
  readonly entry: number;
  readonly reason: string;
  readonly expires: string;
  readonly owner?: string;
}

export interface SuppressedFinding {
  /** The finding's id. */
  readonly id: string;
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly place: string;
  /** 1-based position of the entry that suppressed it. */
  readonly entry: number;
  readonly reason: string;
  readonly expires: string;
  readonly owner?: string;
}

export interface ExpiredSuppression extends EntryInfo {
  /** Ids of the findings it matched and no longer suppresses. */
  readonly findings: readonly string[];
}

export interface UnusedSuppression extends EntryInfo {
  /** Whether its date has passed as well. */
  readonly expired: boolean;
}

export interface SuppressionOutcome {
  readonly kept: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly expired: readonly ExpiredSuppression[];
  readonly unused: readonly UnusedSuppression[];
}

/** An entry suppresses through the whole of its `expires` day (UTC) and stops at the next midnight UTC. */
export function isExpired(entry: Pick<SuppressionEntry, 'expires'>, now: Date): boolean {
  const end = new Date(`${entry.expires}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000;
  return now.getTime() >= end;
}

/** "<provider>/<account>/<region> <type> <id>": placeOf's text without the optional " (name)". */
function resourceText(finding: Pick<Finding, 'resource'>): string | undefined {
  if (!finding.resource) return undefined;
  const { provider, account, region, type, id } = finding.resource;
  return `${provider}/${account}/${region} ${type} ${id}`;
}

/** Exact comparison only: equal strings, never a prefix, substring or pattern. */
function entryMatches(entry: SuppressionMatch, finding: Finding): boolean {
  if (entry.id !== undefined) return finding.id === entry.id;
  if (entry.rule === undefined || finding.ruleId !== entry.rule) return false;
  if (entry.target !== undefined)
    return finding.target !== undefined && endpointText(finding.target.host, finding.target.port) === entry.target;
  if (entry.resource !== undefined)
    return (
      finding.resource !== undefined &&
      (resourceText(finding) === entry.resource || placeOf(finding) === entry.resource)
    );
  return false;
}

function info(entry: SuppressionEntry, index: number): EntryInfo {
  return {
    entry: index + 1,
    ...(entry.id !== undefined ? { id: entry.id } : {}),
    ...(entry.rule !== undefined ? { rule: entry.rule } : {}),
    ...(entry.target !== undefined ? { target: entry.target } : {}),
    ...(entry.resource !== undefined ? { resource: entry.resource } : {}),
    reason: entry.reason,
    expires: entry.expires,
    ...(entry.owner !== undefined ? { owner: entry.owner } : {}),
  };
}

/** Pure: splits findings into kept and suppressed, and reports expired and unused entries. */
export function applySuppressions(
  findings: readonly Finding[],
  entries: readonly SuppressionEntry[],
  now: Date,
): SuppressionOutcome {
  const expiredNow = entries.map((entry) => isExpired(entry, now));
  const matched = entries.map(() => [] as string[]);
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    let by: number | undefined;
    entries.forEach((entry, index) => {
      if (!entryMatches(entry, finding)) return;
      matched[index]!.push(finding.id);
      if (!expiredNow[index] && by === undefined) by = index;
    });
    if (by === undefined) {
      kept.push(finding);
      continue;
    }
    const entry = entries[by]!;
    suppressed.push({
      id: finding.id,
      ruleId: finding.ruleId,
      severity: finding.severity,
      place: placeOf(finding),
      entry: by + 1,
      reason: entry.reason,
      expires: entry.expires,
      ...(entry.owner !== undefined ? { owner: entry.owner } : {}),
    });
  }
  const expired: ExpiredSuppression[] = [];
  const unused: UnusedSuppression[] = [];
  entries.forEach((entry, index) => {
    if (matched[index]!.length === 0) unused.push({ ...info(entry, index), expired: expiredNow[index]! });
    else if (expiredNow[index]) expired.push({ ...info(entry, index), findings: matched[index]! });
  });
  return { kept, suppressed, expired, unused };
}

/** Parses and validates a suppressions file's text; errors are one line naming the entry and field. */
export function parseSuppressions(text: string, file: string): SuppressionEntry[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `suppressions file '${file}' is not valid YAML: ${String((error as Error).message).split('\n')[0]}`,
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new UsageError(`suppressions file '${file}' must be a mapping with a 'suppressions' list`);
  const checked = suppressionsFileSchema.safeParse(data);
  if (checked.success) return checked.data.suppressions;
  throw new UsageError(`suppressions file '${file}': ${describe(checked.error.issues[0]!)}`);
}

export function loadSuppressions(file: string): SuppressionEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `suppressions file '${file}' cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return parseSuppressions(text, file);
}

function describe(issue: z.core.$ZodIssue): string {
  const [top, index, field] = issue.path;
  const message = plain(issue);
  if (top !== 'suppressions') {
    if (issue.code === 'unrecognized_keys') return `unknown key '${issue.keys[0]}' (expected 'suppressions')`;
    return `'${String(top ?? 'suppressions')}': ${message}`;
  }
  if (typeof index !== 'number') return `'suppressions': ${message}`;
  const where = `entry ${index + 1} (suppressions[${index}])`;
  if (issue.code === 'unrecognized_keys')
    return `${where}: unknown field '${issue.keys[0]}' (fields: id, rule, target, resource, reason, expires, owner)`;
  if (field === undefined) return `${where}: ${message}`;
  return `${where} field '${String(field)}': ${message}`;
}

function plain(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : `expected ${issue.expected}`;
    case 'too_small':
      return 'must not be empty';
    default:
      return issue.message;
  }
}
