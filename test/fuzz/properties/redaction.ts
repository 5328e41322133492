// Redaction under adversarial text: the shapes its matchers start on (`a://`, `eyJ`, `AKIA`,
// secret names, `Bearer `, PEM headers), repeated into long runs with letters and digits between
// them: the input that made the regular-expression version quadratic (issue 20). Work is counted
// in character visits (ScanCost), never timed.
import fc from 'fast-check';
import { secretSpans, type ScanCost } from '../../../src/findings/secret-spans.js';
import { redactText } from '../../../src/findings/redact.js';

/** The starts of every shape, and what makes each one keep going or fail late. */
const UNITS = [
  'a',
  'Z9',
  'a://',
  'redis://:',
  '@',
  '/',
  'eyJ',
  'eyJaaaaaaaaaaaa.',
  'AKIA',
  'ASIA',
  'LTAI',
  'ghp_',
  'github_pat_',
  'glpat-',
  'xoxb-',
  'password=',
  'SECRET_KEY=',
  '"token":"',
  '\\"',
  'Bearer ',
  'basic ',
  '-----BEGIN RSA PRIVATE KEY-----',
  '-----END ',
  '=',
  ' ',
  '\n',
  "'",
];

/** One adversarial pattern: a short sequence of units, repeated to the size asked for. */
const adversarialUnit = fc
  .array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 6 })
  .map((units) => units.join(''));

function redactionSteps(text: string): number {
  const cost: ScanCost = { steps: 0 };
  secretSpans(text, cost);
  return cost.steps;
}

/** At most this many character visits per character: a constant, whatever the text. */
const STEPS_PER_CHAR = 24;

/**
 * Linear on any repetition of adversarial units: the work on 1 MiB is within a constant per
 * character, and at most 16 times (its size ratio) the work on 64 KiB, with a small allowance.
 */
export function linearOnRepeatedUnits(): fc.IPropertyWithHooks<[string]> {
  return fc.property(adversarialUnit, (unit) => {
    // Whole units only: a unit cut at a different place in each text can use one more character
    // class, whose run table (built once, n steps) then shows as a constant per character, not as
    // growth (seen with `a"token":"a`: 3.09 steps a character at 64 KiB, 4.09 at 1 MiB).
    const smallText = unit.repeat(Math.max(1, Math.floor((64 * 1024) / unit.length)));
    const largeText = unit.repeat(Math.max(1, Math.floor((1024 * 1024) / unit.length)));
    const small = redactionSteps(smallText);
    const large = redactionSteps(largeText);
    if (large > STEPS_PER_CHAR * 1024 * 1024) throw new Error(`${large} steps for 1 MiB of ${JSON.stringify(unit)}`);
    if (large > (largeText.length / smallText.length) * small * 1.25 + 1024)
      throw new Error(`64 KiB → ${small} steps, 1 MiB → ${large}: not linear, for ${JSON.stringify(unit)}`);
  });
}

/** On mixed text: never throws, idempotent, and the redacted text is never longer than its cut-off input plus markers. */
export function redactionIsIdempotent(): fc.IPropertyWithHooks<[string]> {
  const text = fc
    .array(fc.oneof(fc.constantFrom(...UNITS), fc.string({ maxLength: 8 })), { maxLength: 40 })
    .map((parts) => parts.join(''));
  return fc.property(text, (input) => {
    const once = redactText(input);
    const twice = redactText(once);
    if (twice !== once)
      throw new Error(`not idempotent: ${JSON.stringify(input)} → ${JSON.stringify(once)} → ${JSON.stringify(twice)}`);
  });
}
