import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The benchmark's own parts (nmap XML parsing, parity verdicts, lab relays) are tested with the product.
    include: ['test/**/*.test.ts', 'bench/**/*.test.ts'],
    // Integration tests start real servers (PostgreSQL initdb takes a second or two).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make real services fight for CPU.
    maxWorkers: 2,
    // Scans the tests run record their history (default file under XDG_DATA_HOME): never in the user's own.
    env: { XDG_DATA_HOME: join(tmpdir(), `exposcan-test-data-${process.pid}`) },
    // `.only` must never slip into CI.
    allowOnly: !process.env.CI,
  },
});
