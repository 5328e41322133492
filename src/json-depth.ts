// How deeply a parsed JSON document nests, measured without recursion. JSON.parse itself takes
// any depth, but everything after it (schema checks, module walks, renderers) recurses once per
// level: a plan with a 20,000-deep `child_modules` chain overflowed the stack. Documents a user
// hands in are checked against a bound first, so depth is a one-line usage error, not a crash.

/**
 * The deepest level any input document may nest: far beyond what Terraform, exposcan or any real
 * tool writes (a plan nests a few levels per module, and modules are rarely ten deep), and far
 * below where a recursive walk could exhaust the stack.
 */
export const MAX_JSON_DEPTH = 512;

/** True when `value` nests deeper than `limit` objects/arrays. Stops at the first too-deep branch. */
export function nestsDeeperThan(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > limit) return true;
    for (const child of Object.values(next.value)) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth });
    }
  }
  return false;
}
