import { describe, expect, it } from 'vitest';
import { comparableVersion, versionIn } from '../../src/fingerprints/version.js';

describe('comparableVersion', () => {
  it.each([
    ['7.17.27', '7.17.27'],
    ['5.5.5-10.11.19-MariaDB-0+deb12u1', '10.11.19'],
    ['19.03.15', '19.3.15'],
    ['v2.42.0+ds', '2.42.0'],
    ['15.20', '15.20.0'],
    ['8.0.0-SNAPSHOT', '8.0.0'],
  ])('%s → %s', (raw, expected) => {
    expect(comparableVersion(raw)?.version).toBe(expected);
  });

  it('says nothing for what is not a version', () => {
    expect(comparableVersion('unknown')).toBeUndefined();
    expect(versionIn('unknown', '*')).toBe(false);
  });

  it('compares Docker versions despite their zero padding', () => {
    expect(versionIn('19.03.0', '>=19.3.0 <19.3.1')).toBe(true);
    expect(versionIn('19.03.1', '>=19.3.0 <19.3.1')).toBe(false);
  });
});
