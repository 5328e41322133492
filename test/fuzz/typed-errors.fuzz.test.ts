// Property-based fuzzing of the decoders whose contract is a typed error (BsonError, CqlBodyError).
// Pure functions, no server: purpose-built hostile bytes (mutated valid documents and frames,
// nesting thousands of levels deep).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { PROPERTY_TIMEOUT_MS, runs } from './properties/settings.js';
import { bsonDepthIsBounded, bsonThrowsOnlyBsonError, cqlBodyThrowsOnlyCqlBodyError } from './properties/typed.js';

describe('BSON decoder', () => {
  it(
    'throws BsonError and nothing else on mutated documents',
    () => {
      fc.assert(bsonThrowsOnlyBsonError(), runs(1500));
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'refuses nesting past MAX_DEPTH with too-deep, however deep',
    () => {
      fc.assert(bsonDepthIsBounded(), runs(40, 0.01));
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('CQL body decoder', () => {
  it(
    'throws CqlBodyError and nothing else on any frame the header parser accepted',
    () => {
      fc.assert(cqlBodyThrowsOnlyCqlBodyError(), runs(1500));
    },
    PROPERTY_TIMEOUT_MS,
  );
});
