// Versions as services report them → something semver can compare. Products write versions in
// their own ways: MariaDB prefixes "5.5.5-", Docker pads with zeros ("19.03.15"), PostgreSQL
// appends packaging ("15.20 (Debian …)"). Data tables compare against this, never the raw text.
import semver, { type SemVer } from 'semver';

export function comparableVersion(version: string): SemVer | undefined {
  const cleaned = version
    .trim()
    .replace(/^5\.5\.5-/, '')
    .replace(/^v/i, '')
    // "19.03.15" → "19.3.15": semver refuses leading zeros.
    .replace(/(^|\.)0+(\d)/g, '$1$2');
  return semver.coerce(cleaned) ?? undefined;
}

export function versionIn(version: string, range: string): boolean {
  const comparable = comparableVersion(version);
  return comparable !== undefined && semver.satisfies(comparable, range);
}
