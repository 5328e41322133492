// Config file + flags → one validated ScanConfig. The file is checked on its own first (so an
// error names the config key), then the merge is checked (so an error names the flag).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { closest } from '../suggest.js';
import { parseTarget } from '../targets/target.js';
import { FLAG_OF, scanConfigSchema, type ScanConfig, type ScanConfigInput } from './schema.js';

export function loadConfigFile(path: string): ScanConfigInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `config file '${path}' cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new UsageError(`config file '${path}' is not valid YAML: ${String((error as Error).message).split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new UsageError(`config file '${path}' must be a mapping of keys to values`);
  const checked = scanConfigSchema.safeParse(data);
  if (!checked.success) throw new UsageError(describeIssue(checked.error, (key) => `config key '${key}' in ${path}`));
  checkTargets(checked.data.targets, path);
  return data as ScanConfigInput;
}

/** Each target in the file is parsed now, so that a bad one is named by its key and item, not as a --target flag. */
function checkTargets(targets: readonly string[], path: string): void {
  targets.forEach((text, index) => {
    try {
      parseTarget(text);
    } catch (error) {
      if (error instanceof UsageError)
        throw new UsageError(`config key 'targets' in ${path} (item ${index + 1}): ${error.message}`);
      throw error;
    }
  });
}

/** Flags win over the file; undefined flags leave the file's value. */
export function mergeConfig(file: ScanConfigInput, flags: Partial<ScanConfigInput>): ScanConfig {
  const merged: Record<string, unknown> = { ...file };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) merged[key] = value;
  const checked = scanConfigSchema.safeParse(merged);
  if (!checked.success) {
    throw new UsageError(
      describeIssue(checked.error, (key) =>
        key in flags && flags[key as keyof ScanConfigInput] !== undefined
          ? (FLAG_OF[key as keyof ScanConfig] ?? key)
          : `config key '${key}'`,
      ),
    );
  }
  return checked.data;
}

function describeIssue(error: z.ZodError, where: (key: string) => string): string {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    if (issue.path.length > 0) {
      const path = issue.path
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
        .join('')
        .slice(1);
      const hint = /secret|password|access.?key|token/i.test(String(issue.keys[0]))
        ? " (credentials are read from the environment and the SDKs' default chains, never from the config file)"
        : '';
      return `unknown config key '${path}.${issue.keys[0]}'${hint}`;
    }
    const key = String(issue.keys[0]);
    const nearest = closest(key, Object.keys(FLAG_OF));
    if (nearest !== undefined) return `unknown config key '${key}' (did you mean '${nearest}'?)`;
    return `unknown config key '${key}' (known keys: ${Object.keys(FLAG_OF).join(', ')})`;
  }
  const key = String(issue.path[0] ?? '');
  // A list of values: "(item 2)". Deeper structures (cloud accounts): the whole dotted path.
  if (issue.path.length === 2 && typeof issue.path[1] === 'number')
    return `${where(key)} (item ${issue.path[1] + 1}): ${plainMessage(issue)}`;
  if (issue.path.length > 1) {
    const path = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .slice(1);
    return `${where(key).replace(`'${key}'`, `'${path}'`)}: ${plainMessage(issue)}`;
  }
  return `${where(key)}: ${plainMessage(issue)}`;
}

/** YAML's words for zod's types: a user writes lists and mappings, not arrays and objects. */
const EXPECTED: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'a mapping',
  int: 'a whole number',
  boolean: 'true or false',
};

function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `must list at least ${String(issue.minimum)}`;
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `must list at most ${String(issue.maximum)}`;
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}
