import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real servers (PostgreSQL initdb takes a second or two).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make real services fight for CPU.
    maxWorkers: 2,
    // `.only` must never slip into CI.
    allowOnly: !process.env.CI,
  },
});
