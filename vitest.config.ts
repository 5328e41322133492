import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The benchmark's own parts (nmap XML parsing, parity verdicts, lab relays) are tested with the product.
    include: ['test/**/*.test.ts', 'bench/**/*.test.ts'],
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
  },
});
