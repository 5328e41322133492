import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Bounded but generous: the suite must pass on a loaded machine (seven jobs on two cores, or
    // stress-ng beside it), where starting one CLI child can take tens of seconds. What a test
    // waits for is an event (a child's exit, a port that listens); these deadlines only stop a
    // hang, and the CLI helpers (test/helpers/cli.ts) fail first, naming what they waited for.
    testTimeout: 240_000,
    hookTimeout: 300_000,
    // Two cores: more workers only make real services fight for CPU.
    maxWorkers: 2,
    // Scans the tests run record their history (default file under XDG_DATA_HOME): never in the user's own.
    env: { XDG_DATA_HOME: join(tmpdir(), `exposcan-test-data-${process.pid}`) },
    // `.only` must never slip into CI.
    allowOnly: !process.env.CI,
    // The hostile-server scan holds 40+ adversarial servers and one CLI scan at a 2 s probe timeout
    // in a single test; beside the rest of the suite's workers (real databases starting, other CLI
    // scans) it lost that race in CI while passing alone at the same load average. It runs as a
    // group of its own after everything else, so its verdicts are about the servers, not the suite.
    projects: [
      // The benchmark's own parts (nmap XML parsing, parity verdicts, lab relays) are tested with the product.
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['test/hostile/**', 'node_modules/**', 'dist/**'],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'hostile', include: ['test/hostile/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
