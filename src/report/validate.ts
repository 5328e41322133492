// Checks a report.json read back from disk against the schema before re-rendering it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { REPORT_SCHEMA } from './schema.js';

let compiled: ReturnType<Ajv2020['compile']> | undefined;

/** undefined when valid; otherwise one line naming the first problem. */
export function reportProblem(data: unknown): string | undefined {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    compiled = ajv.compile(REPORT_SCHEMA);
  }
  if (compiled(data)) return undefined;
  const error = compiled.errors?.[0];
  return `${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}`;
}
