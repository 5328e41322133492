// Property-based fuzzing of redaction (src/findings/redact.ts, secret-spans.ts): linear work on
// 1 MiB of adversarial text (issue 20: the regular expressions it replaced were quadratic, and one
// long server string blinded a whole scan), and idempotence on mixed text.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { linearOnRepeatedUnits, redactionIsIdempotent } from './properties/redaction.js';
import { PROPERTY_TIMEOUT_MS, runs } from './properties/settings.js';

describe('redaction', () => {
  it(
    'does linear work on 1 MiB of repeated adversarial units (counted, not timed)',
    () => {
      fc.assert(linearOnRepeatedUnits(), runs(8, 0.0005));
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'is idempotent on text mixing every shape it knows',
    () => {
      fc.assert(redactionIsIdempotent(), runs(500, 0.2));
    },
    PROPERTY_TIMEOUT_MS,
  );
});
