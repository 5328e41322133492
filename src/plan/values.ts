// One attribute of a planned resource, in one of three states: known (with its value), unknown
// until apply (`after_unknown` marks it), or not set (absent or null in `after`). Not set is where
// provider defaults apply (defaults.ts); unknown is never read as a safe value.
import { providerDefault } from './defaults.js';
import type { Json, PlannedResource } from './read.js';

export type Value =
  { readonly state: 'known'; readonly value: unknown } | { readonly state: 'unknown' } | { readonly state: 'unset' };

const UNSET: Value = { state: 'unset' };
const UNKNOWN: Value = { state: 'unknown' };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `after_unknown` at a path: `true` marks the value (or everything under it) unknown. */
function unknownAt(afterUnknown: unknown, path: readonly (string | number)[], partial: boolean): boolean {
  let cursor = afterUnknown;
  for (const key of path) {
    if (cursor === true) return true;
    if (typeof key === 'number' ? !Array.isArray(cursor) : !isObject(cursor)) return false;
    cursor = (cursor as Record<string | number, unknown>)[key];
  }
  return partial ? containsTrue(cursor) : cursor === true;
}

/** Anything under it unknown (one element of a whitelist) makes the whole value unknown. */
function containsTrue(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(containsTrue);
  return isObject(value) && Object.values(value).some(containsTrue);
}

/** The value at `path` in `after` (a nested block is `['ingress', 0, 'cidr_blocks']`). */
export function valueAt(
  resource: Pick<PlannedResource, 'after' | 'afterUnknown'>,
  path: readonly (string | number)[],
  options: { partial?: boolean } = {},
): Value {
  if (unknownAt(resource.afterUnknown, path, options.partial ?? true)) return UNKNOWN;
  let cursor: unknown = resource.after;
  for (const key of path) {
    if (cursor === null || cursor === undefined || typeof cursor !== 'object') return UNSET;
    cursor = (cursor as Record<string | number, unknown>)[key];
  }
  return cursor === null || cursor === undefined ? UNSET : { state: 'known', value: cursor };
}

/** The whole attribute is unknown (not just a part of it, such as one field of one block). */
export function wholeUnknown(resource: Pick<PlannedResource, 'afterUnknown'>, name: string): boolean {
  return isObject(resource.afterUnknown) && resource.afterUnknown[name] === true;
}

/** A top-level attribute, with the provider's default when the plan leaves it unset. */
export function attribute(resource: PlannedResource, name: string): Value {
  const value = valueAt(resource, [name]);
  if (value.state !== 'unset') return value;
  const fallback = providerDefault(resource.type, name);
  return fallback === undefined ? UNSET : { state: 'known', value: fallback };
}

export function knownString(value: Value): string | undefined {
  return value.state === 'known' && typeof value.value === 'string' ? value.value : undefined;
}

export function knownNumber(value: Value): number | undefined {
  if (value.state !== 'known') return undefined;
  if (typeof value.value === 'number') return value.value;
  if (typeof value.value === 'string' && /^-?\d+$/.test(value.value.trim())) return Number(value.value);
  return undefined;
}

/** true / false, also "true" / "false" (some providers keep booleans as strings). */
export function knownBoolean(value: Value): boolean | undefined {
  if (value.state !== 'known') return undefined;
  if (typeof value.value === 'boolean') return value.value;
  if (value.value === 'true' || value.value === 'false') return value.value === 'true';
  return undefined;
}

/** A list or set of strings; a comma-separated string is split (Alibaba whitelists accept both). */
export function knownStrings(value: Value): string[] | undefined {
  if (value.state !== 'known') return undefined;
  if (typeof value.value === 'string')
    return value.value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  if (Array.isArray(value.value)) return value.value.filter((entry): entry is string => typeof entry === 'string');
  return undefined;
}

/** Known true, false, or 'unknown' until apply; unset is `fallback`. */
export function tristate(value: Value, fallback: boolean): boolean | 'unknown' {
  if (value.state === 'unknown') return 'unknown';
  return knownBoolean(value) ?? fallback;
}
