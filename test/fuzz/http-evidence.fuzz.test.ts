// Property-based fuzzing of the HTTP evidence parsers: every product fingerprint (suggestedBy,
// identify) and the version comparison. No server: synthetic observations built from the words
// the fingerprints read, JSON of the wrong shapes, JSON nested thousands deep, HTML-ish text.
// (The raw HTTP response parser is fuzzed with the wire decoders, in wire.fuzz.test.ts.)
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { HTTP_FINGERPRINTS } from '../../src/fingerprints/index.js';
import {
  fingerprintNeverThrows,
  fingerprintsAreFastOnLargeBodies,
  versionsNeverThrow,
} from './properties/fingerprints.js';
import { PROPERTY_TIMEOUT_MS, runs } from './properties/settings.js';

describe.each(HTTP_FINGERPRINTS.map((fingerprint) => [fingerprint.products.join(', '), fingerprint] as const))(
  'fingerprint %s',
  (_name, fingerprint) => {
    it(
      'identifies a plain-data service or nothing, and never throws',
      () => {
        fc.assert(fingerprintNeverThrows(fingerprint), runs(400));
      },
      PROPERTY_TIMEOUT_MS,
    );
  },
);

describe('all fingerprints together', () => {
  it(
    'read 64 KiB bodies of one repeated unit quickly (no backtracking blow-up)',
    () => {
      fc.assert(fingerprintsAreFastOnLargeBodies(), runs(10, 0.002));
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('version comparison', () => {
  it(
    'never throws on any version text, and stays fast on 64 KiB of it',
    () => {
      fc.assert(versionsNeverThrow(), runs(200, 0.1));
    },
    PROPERTY_TIMEOUT_MS,
  );
});
