// Choosing rules by id or tag (or product), and the ports a bare host is probed on. The engine
// never imports the catalogue: the composition root (src/cli.ts) passes rules/index.ts's RULES in.
import { UsageError } from '../errors.js';
import type { Rule } from './rule.js';

function matches(rule: Rule, selector: string): boolean {
  const wanted = selector.toLowerCase();
  return rule.meta.id === wanted || rule.meta.tags.includes(wanted) || rule.meta.products.includes(wanted);
}

/** Splits "a,b" and repeated flags into one list of selectors. */
export function selectors(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** `labels` name where each list came from in errors: the flag, or the config key. */
export function selectRules(
  rules: readonly Rule[],
  include: readonly string[],
  exclude: readonly string[],
  labels: { include: string; exclude: string } = { include: '--rules', exclude: '--exclude-rules' },
): Rule[] {
  for (const [flag, list] of [
    [labels.include, include],
    [labels.exclude, exclude],
  ] as const) {
    for (const selector of list) {
      if (!rules.some((rule) => matches(rule, selector))) {
        throw new UsageError(`${flag}: '${selector}' matches no rule id, tag or product (see 'exposcan rules')`);
      }
    }
  }
  const chosen = rules.filter(
    (rule) =>
      (include.length === 0 || include.some((selector) => matches(rule, selector))) &&
      !exclude.some((selector) => matches(rule, selector)),
  );
  if (chosen.length === 0) throw new UsageError('--rules/--exclude-rules leave no rule to run');
  return chosen;
}

/**
 * Ports for bare hosts and ranges: every selected rule's default ports, plus the ports of the
 * products a product-agnostic rule (end of life) reads, so it has something to read.
 */
export function defaultPorts(selected: readonly Rule[], all: readonly Rule[]): number[] {
  const products = new Set(selected.flatMap((rule) => rule.meta.products));
  const ports = new Set(selected.flatMap((rule) => rule.meta.defaultPorts));
  for (const rule of all)
    if (rule.meta.products.some((product) => products.has(product)))
      rule.meta.defaultPorts.forEach((port) => ports.add(port));
  return [...ports].sort((a, b) => a - b);
}
