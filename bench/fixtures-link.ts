// The emulators read recorded responses from test/fixtures/recorded relative to their own module
// (test/helpers/fixtures.ts). Compiled into dist/test/, they look in dist/test/fixtures/, which tsc
// does not copy: a relative symlink to the sources makes them find the recordings. Must run before
// the emulators are imported (some read recordings at load time), hence lab.js is imported after it.
import { existsSync, lstatSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';

export function linkFixtures(repoRoot: string): void {
  const link = path.join(repoRoot, 'dist/test/fixtures');
  if (existsSync(link)) return;
  // A link left dangling (the repository moved) is replaced.
  if (lstatSync(link, { throwIfNoEntry: false })) unlinkSync(link);
  symlinkSync(path.relative(path.dirname(link), path.join(repoRoot, 'test/fixtures')), link, 'dir');
}
