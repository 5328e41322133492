// How long each property runs. CI runs the modest default each test file names; the longer run
// outside CI (`npm run fuzz`, docs/fuzzing.md) sets FUZZ_RUNS to multiply it, and FUZZ_SEED to
// replay a failure that fast-check printed.
import type { Parameters } from 'fast-check';

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? '');
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? '');

/** True on the long run: tests may then allow themselves a longer vitest timeout. */
const LONG_RUN = Number.isFinite(FUZZ_RUNS) && FUZZ_RUNS > 0;

/**
 * fast-check parameters for one property: `ciRuns` runs in CI; on the long run FUZZ_RUNS is the
 * number for a property of weight 1 (a costlier property gives a weight below 1).
 */
export function runs<T>(ciRuns: number, weight = 1): Parameters<T> {
  const numRuns = LONG_RUN ? Math.max(ciRuns, Math.round(FUZZ_RUNS * weight)) : ciRuns;
  return { numRuns, ...(Number.isFinite(FUZZ_SEED) && process.env.FUZZ_SEED ? { seed: FUZZ_SEED } : {}) };
}

/** vitest timeout for a property test: generous in CI (a shared two-core machine), unbounded-ish on the long run. */
export const PROPERTY_TIMEOUT_MS = LONG_RUN ? 24 * 60 * 60 * 1000 : 60_000;
