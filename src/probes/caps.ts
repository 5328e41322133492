// Length caps on text a server controls, applied once, as an observation reaches the engine and
// before any rule, fingerprint comparison or redaction reads it. A hostile server can send a
// 1 MiB "version" (issue 20); no real product does, and code that reads versions (semver,
// end-of-life tables, message templates) was never meant to see one. HTTP bodies are not cut
// here: they have their own byte cap (--max-body) and the fingerprints that read them are fuzzed
// on large bodies.

/** A version longer than this is not a version (real ones, build suffixes included, stay under 100). */
const MAX_VERSION_CHARS = 256;
/** Any other text a server controls: a refusal line, an error message, a name, a detail. */
const MAX_SERVER_TEXT_CHARS = 1024;
/** Appended where text was cut, so a reader knows it was. */
const CUT = '…';

/** `text` cut to `max` characters (the cut marked). */
function capText(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) + CUT : text;
}

/**
 * A copy of `value` with every string cut: `version` fields to MAX_VERSION_CHARS, the rest to
 * MAX_SERVER_TEXT_CHARS. Plain objects and arrays are followed (observations are a few levels
 * deep); anything else (a Map, a Buffer) is kept as it is. Unchanged values are returned as they
 * are, so the common case costs no copy.
 */
export function capStrings<T>(value: T, key?: string): T {
  if (typeof value === 'string')
    return capText(value, key === 'version' ? MAX_VERSION_CHARS : MAX_SERVER_TEXT_CHARS) as T;
  if (Array.isArray(value)) {
    const capped = value.map((item: unknown) => capStrings(item));
    return (capped.some((item, index) => item !== value[index]) ? capped : value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const entries = Object.entries(value).map(([name, item]) => {
      const capped = capStrings(item, name);
      changed ||= capped !== item;
      return [name, capped] as const;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}
