// Property-based fuzzing of every wire-protocol decoder and the raw HTTP response parser: no
// server, the decoders are pure. Inputs are purpose-built hostile bytes (valid frames with lying
// lengths, cuts, huge counts, junk; random bytes). See test/fuzz/properties/ for the generators
// and docs/fuzzing.md for the long run outside CI.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { PROPERTY_TIMEOUT_MS, runs } from './properties/settings.js';
import {
  chunkedMatchesWhole,
  INCREMENTAL_DECODERS,
  largeInputIsFast,
  neverThrows,
  recognizerNeverThrows,
  RECOGNIZERS,
} from './properties/wire.js';

describe.each(INCREMENTAL_DECODERS.map((decoder) => [decoder.name, decoder] as const))('%s', (_name, decoder) => {
  it(
    'returns incomplete, mismatch or a match (whose observation is plain data) and never throws',
    () => {
      fc.assert(neverThrows(decoder), runs(1000));
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'gives the same verdict whether the bytes arrive at once or in chunks',
    () => {
      fc.assert(chunkedMatchesWhole(decoder), runs(600));
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'decodes 64 KiB of its slowest-looking input quickly',
    () => {
      fc.assert(largeInputIsFast(decoder), runs(3, 0.001));
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe.each(RECOGNIZERS.map((recognizer) => [recognizer.name, recognizer] as const))('%s', (_name, recognizer) => {
  it(
    'returns a result or undefined and never throws',
    () => {
      fc.assert(recognizerNeverThrows(recognizer), runs(1000));
    },
    PROPERTY_TIMEOUT_MS,
  );
});
