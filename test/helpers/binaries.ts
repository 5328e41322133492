// Real services are started from the binaries on this machine. Where one is missing a test
// skips and says why, except under CI, where .ci/run installs everything and a gap must fail.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function findBinary(name: string, extraDirs: readonly string[] = []): string | undefined {
  for (const dir of extraDirs) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Returns the binary, or undefined (the caller skips); under CI a missing binary throws. */
export function requireBinary(name: string, extraDirs: readonly string[] = []): string | undefined {
  const found = findBinary(name, extraDirs);
  if (!found && process.env.CI) throw new Error(`${name} is not installed; .ci/run must install it`);
  if (!found) console.warn(`skipping: ${name} is not installed on this machine`);
  return found;
}
