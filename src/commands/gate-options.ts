// The options of every command that writes a report and gates on it (scan, merge, plan): where the
// report goes, in which formats, and what fails the run; and, for scan and merge, whom to notify.
// Declared once, so their help says the same thing; what differs between the commands (what
// --suppressions applies to, what --strict counts) is passed in.
import type { Options } from 'yargs';
import { FAIL_ON, FORMATS } from '../config/schema.js';

/** `--format a,b --format c` → `[a, b, c]`. */
export function splitCommas(values: readonly string[] | string): string[] {
  return (Array.isArray(values) ? values : [values]).flatMap((value: string) =>
    value.split(',').map((part) => part.trim()),
  );
}

export function gateOptions(describe: { readonly suppressions: string; readonly strict: string }) {
  return {
    out: { alias: 'o', type: 'string', describe: 'output folder (default reports/)' },
    format: {
      alias: 'f',
      type: 'string',
      array: true,
      choices: FORMATS,
      coerce: splitCommas,
      describe: 'extra formats beside report.json (comma-separated or repeated)',
    },
    'fail-on': {
      type: 'string',
      choices: FAIL_ON,
      describe: 'exit 1 when a finding at or above this severity exists (default none)',
    },
    suppressions: { type: 'string', describe: describe.suppressions },
    baseline: {
      type: 'string',
      describe: 'a previous report.json: only findings it does not list count against --fail-on',
    },
    strict: { type: 'boolean', describe: describe.strict },
  } as const satisfies Record<string, Options>;
}

/** `announce`: what --notify announces, and where. */
export function notifyOptions(announce: string) {
  return {
    notify: { type: 'string', array: true, describe: announce },
    'notify-severity': {
      type: 'string',
      choices: ['critical', 'high', 'medium', 'low', 'info'],
      describe: 'announce findings at or above this severity (default high)',
    },
    'notify-digest': {
      type: 'boolean',
      describe: 'also send a daily digest of every open finding at or above the threshold (once per UTC day)',
    },
  } as const satisfies Record<string, Options>;
}
