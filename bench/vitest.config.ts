// The benchmark's own unit tests (bench/*.test.ts), apart from the product's suite under test/.
// Run: npx vitest run --config bench/vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
