// The plan command's options, apart from the command itself: the CLI registers them on every run,
// while the command (which reaches the cloud modules and their SDKs) loads only when it runs, so
// a scan does not pay ~100 MB of resident memory for SDKs it never calls.
import type { Argv } from 'yargs';
import { gateOptions } from './gate-options.js';

export interface PlanArgs {
  file: string;
  source?: string | undefined;
  out?: string | undefined;
  format?: string[] | undefined;
  'fail-on'?: string | undefined;
  suppressions?: string | undefined;
  baseline?: string | undefined;
  strict?: boolean | undefined;
  rules?: string[] | undefined;
  'exclude-rules'?: string[] | undefined;
}

export function planOptions<T>(y: Argv<T>) {
  return y
    .positional('file', {
      type: 'string',
      demandOption: true,
      describe: 'the JSON of a saved plan: terraform show -json tfplan > tfplan.json',
    })
    .option('source', {
      type: 'string',
      describe:
        'folder of the root module’s .tf files, to point findings at file and line (default: the plan file’s folder if it has .tf files, else the current folder)',
    })
    .options(
      gateOptions({
        suppressions:
          'YAML file of accepted findings (by id, or rule + exact resource), each with a reason and an expiry date',
        strict: 'exit 2 when the check was incomplete: expired or unused suppressions',
      }),
    )
    .option('rules', { type: 'string', array: true, describe: 'only these rule ids, tags or products' })
    .option('exclude-rules', { type: 'string', array: true, describe: 'skip these rule ids, tags or products' });
}
