// Reads the dated end-of-life table. Pure: the rule passes `now`; the table never decides
// "past end of life" by itself, so a scan run next year judges with next year's date.
import { versionIn } from '../../src/fingerprints/version.js';
import table from './end-of-life.data.json' with { type: 'json' };

export interface LifecycleEntry {
  readonly range: string;
  readonly cycle: string;
  readonly eol: string | null;
  readonly atLatest?: boolean;
}

export const END_OF_LIFE_AS_OF: string = table.asOf;
export const END_OF_LIFE_SOURCE: string = table.source;

const products = table.products as Readonly<Record<string, readonly LifecycleEntry[] | string>>;

/** Products whose lifecycle the table knows (aliases such as kibana → elasticsearch resolved). */
export const LIFECYCLE_PRODUCTS: readonly string[] = Object.keys(products);

export function lifecycleOf(product: string, version: string): LifecycleEntry | undefined {
  let entries = products[product];
  if (typeof entries === 'string') entries = products[entries];
  if (!Array.isArray(entries)) return undefined;
  return entries.find((entry) => versionIn(version, entry.range));
}
