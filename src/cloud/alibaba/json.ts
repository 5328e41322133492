// Reading Alibaba Cloud's JSON without trusting its shape: RPC lists come wrapped
// (`Permissions.Permission[]`, `Items.DBInstance[]`), numbers sometimes arrive as strings
// ("Priority": "1", "Port": "3306"), and anything may be missing.
import type { Json } from './client.js';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects at `path` (each step a key), e.g. list(body, 'Permissions', 'Permission'); [] when absent. */
export function list(value: unknown, ...path: string[]): Json[] {
  let node: unknown = value;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return Array.isArray(node) ? node.filter(isObject) : [];
}

/** The strings at `path`; a single string counts as a list of one. */
export function strings(value: unknown, ...path: string[]): string[] {
  let node: unknown = value;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  if (typeof node === 'string') return node ? [node] : [];
  return Array.isArray(node) ? node.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

/** A non-empty string field, numbers included as text. */
export function text(value: unknown, key: string): string | undefined {
  const field = isObject(value) ? value[key] : undefined;
  if (typeof field === 'string') return field || undefined;
  if (typeof field === 'number' || typeof field === 'bigint') return String(field);
  // json-bigint hands large numbers back as BigNumber objects.
  if (isObject(field) && typeof field.toFixed === 'function') return String(field);
  return undefined;
}

/** An integer field, from a number or a numeric string. */
export function int(value: unknown, key: string): number | undefined {
  const raw = text(value, key);
  if (raw === undefined || !/^-?\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}

export function bool(value: unknown, key: string): boolean | undefined {
  const field = isObject(value) ? value[key] : undefined;
  if (typeof field === 'boolean') return field;
  if (field === 'true') return true;
  if (field === 'false') return false;
  return undefined;
}

/** A comma-separated IP list ("10.0.0.0/8,127.0.0.1") as entries. */
export function ipList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Order-keeping de-duplication. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
