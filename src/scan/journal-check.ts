// What --resume reads back from the --out folder (the checkpoint and the spool) is input like any
// other: a folder can be shared, restored from a backup, or written by someone else. Each part is
// checked before it is trusted, and against the others, so a tampered journal is refused in one
// line instead of crashing the scan at its end, writing a report that fails its own schema, or
// calling a scan of 36 endpoints out of 256 complete. Pure checks; the I/O is in journal.ts.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { PROBE_FAILURES, type ProbeFailure } from '../engine/types.js';
import { REPORT_SCHEMA } from '../report/schema.js';
import { BEFORE_CONNECT } from './reach.js';
import { CompletionLedger, type Checkpoint } from './checkpoint.js';
import { MAX_SPOOL_LINE_BYTES, SpoolLineTooLongError, type SpoolRecord } from './spool.js';

/**
 * Runs kept above the watermark are gaps left by endpoints in flight (checkpoint.ts), at most the
 * discovery pool (65,536) plus identification (4,096) at once. Twice that is still a few MB; a
 * checkpoint listing millions of runs (1.6 GB once parsed) is not one exposcan wrote.
 */
const MAX_DONE_RUNS = 2 * (65_536 + 4_096);

export class JournalProblem extends Error {}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Failure tallies: known names, counts; returns their sum. */
function failureSum(value: unknown, allowed: readonly string[], where: string): number {
  if (!isObject(value)) throw new JournalProblem(`${where} is not a table of failures`);
  let sum = 0;
  for (const [name, count] of Object.entries(value)) {
    if (!allowed.includes(name)) throw new JournalProblem(`${where} names an unknown failure '${name.slice(0, 40)}'`);
    if (!isCount(count)) throw new JournalProblem(`${where}.${name} is not a count`);
    sum += count;
  }
  return sum;
}

export interface CheckpointContext {
  /** How many targets the scan has (the reach table is indexed by them). */
  readonly targets: number;
  /** A shard marks the other shards' endpoints done without counting them. */
  readonly sharded: boolean;
}

/** Shape, bounds and inner consistency of a parsed checkpoint. Throws JournalProblem naming the first problem. */
export function checkCheckpoint(data: unknown, context: CheckpointContext): Checkpoint {
  if (!isObject(data) || data.version !== 1) throw new JournalProblem('is not an exposcan checkpoint (version 1)');
  for (const key of ['identity', 'implied', 'startedAt'] as const) {
    if (typeof data[key] !== 'string' || (data[key] as string).length > 256)
      throw new JournalProblem(`has no valid ${key}`);
  }
  if (Number.isNaN(Date.parse(data.startedAt as string))) throw new JournalProblem('has no valid startedAt');
  if (!isCount(data.watermark)) throw new JournalProblem('has a watermark that is not a count');
  if (!isCount(data.spoolBytes)) throw new JournalProblem('has a spool length that is not a count');
  const done = data.done;
  if (!Array.isArray(done)) throw new JournalProblem('has no list of finished runs');
  if (done.length > MAX_DONE_RUNS)
    throw new JournalProblem(`lists ${done.length} finished runs, more than a scan can leave (${MAX_DONE_RUNS})`);
  // As the ledger writes them: above the watermark, sorted, each non-empty, apart from the next.
  let finished = data.watermark;
  let previousEnd = data.watermark;
  for (const run of done as unknown[]) {
    if (
      !Array.isArray(run) ||
      run.length !== 2 ||
      !isCount(run[0]) ||
      !isCount(run[1]) ||
      run[0] <= previousEnd ||
      run[1] <= run[0]
    ) {
      throw new JournalProblem('has finished runs that are not sorted, disjoint runs above the watermark');
    }
    finished += run[1] - run[0];
    previousEnd = run[1];
  }
  if (!Number.isSafeInteger(finished)) throw new JournalProblem('claims more finished endpoints than can be counted');

  const counters = data.counters;
  if (!isObject(counters)) throw new JournalProblem('has no counters');
  const { endpoints, open, identified } = counters;
  if (!isCount(endpoints) || !isCount(open) || !isCount(identified))
    throw new JournalProblem('has counters that are not counts');
  if (identified > open || open > endpoints)
    throw new JournalProblem('counts more identified than open, or more open than probed, endpoints');
  if (failureSum(counters.failures, PROBE_FAILURES, 'counters.failures') > endpoints)
    throw new JournalProblem('counts more failures than probed endpoints');
  // Every endpoint counted was marked done; without a shard, nothing else was.
  if (context.sharded ? endpoints > finished : endpoints !== finished) {
    throw new JournalProblem(`counts ${endpoints} probed endpoints but marks ${finished} done`);
  }
  if (counters.targets !== undefined) checkReach(counters.targets, context.targets, endpoints);
  return data as unknown as Checkpoint;
}

function checkReach(value: unknown, targets: number, endpoints: number): void {
  if (!isObject(value)) throw new JournalProblem('has a reach table that is not a table');
  const beforeConnect = [...BEFORE_CONNECT] as ProbeFailure[];
  for (const [key, tally] of Object.entries(value)) {
    const target = Number(key);
    if (!isCount(target) || String(target) !== key || target >= targets)
      throw new JournalProblem(`has reach for target '${key.slice(0, 40)}', which this scan does not have`);
    if (tally === null) continue;
    if (!isObject(tally) || !isCount(tally.endpoints) || tally.endpoints > endpoints)
      throw new JournalProblem(`has a reach tally for target ${key} that is not a count of probed endpoints`);
    if (failureSum(tally.failures, beforeConnect, `reach of target ${key}`) !== tally.endpoints)
      throw new JournalProblem(`has a reach tally for target ${key} whose failures do not add up`);
  }
}

/** The checkpoint's claims against the endpoints the scan can have (known once cloud accounts are read). */
export function checkAgainstSpace(
  checkpoint: Pick<Checkpoint, 'watermark' | 'done'>,
  endpointsAtMost: number,
  lastSpooledIndex: number,
): void {
  const last = checkpoint.done.length > 0 ? checkpoint.done[checkpoint.done.length - 1]![1] : checkpoint.watermark;
  if (last > endpointsAtMost)
    throw new JournalProblem(`marks ${last} endpoints done, but this scan has at most ${endpointsAtMost}`);
  if (lastSpooledIndex >= endpointsAtMost)
    throw new JournalProblem(
      `holds results for endpoint ${lastSpooledIndex}, but this scan has at most ${endpointsAtMost}`,
    );
}

const findingItem = REPORT_SCHEMA.properties.findings.items;
const serviceItem = REPORT_SCHEMA.properties.services.items;
const f = findingItem.properties;
/** A spool line as the scan writes it (run.ts spoolRecord): services and findings as the report holds them, drafts as rules make them. */
const SPOOL_RECORD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['i'],
  properties: {
    i: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    services: { type: 'array', items: serviceItem },
    findings: { type: 'array', items: findingItem },
    drafts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ruleId', 'place', 'draft'],
        properties: {
          ruleId: f.ruleId,
          place: {
            type: 'object',
            additionalProperties: false,
            required: ['endpoint', 'tls', 'protocol'],
            properties: {
              endpoint: {
                type: 'object',
                additionalProperties: false,
                required: ['host', 'port'],
                properties: {
                  host: { type: 'string' },
                  port: { type: 'integer', minimum: 1, maximum: 65535 },
                  target: { type: 'integer', minimum: 0 },
                  url: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['scheme', 'basePath'],
                    properties: { scheme: { enum: ['http', 'https'] }, basePath: { type: 'string' } },
                  },
                },
              },
              address: { type: 'string' },
              tls: { type: 'boolean' },
              protocol: { type: 'string' },
              url: { type: 'string' },
            },
          },
          draft: {
            type: 'object',
            additionalProperties: false,
            required: ['product', 'message', 'confidence', 'evidence'],
            properties: {
              product: f.product,
              version: f.version,
              message: f.message,
              confidence: f.confidence,
              evidence: f.evidence,
              exposure: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  documents: { type: 'integer', minimum: 0 },
                  bytes: { type: 'integer', minimum: 0 },
                  keys: { type: 'integer', minimum: 0 },
                  ransomNote: { type: 'boolean' },
                },
              },
              resource: { type: 'string' },
              references: { type: 'array', items: { type: 'string', pattern: '^https://' } },
              severity: f.severity,
            },
          },
        },
      },
    },
  },
};

let compiled: ReturnType<Ajv2020['compile']> | undefined;

/** One spool line, parsed; throws JournalProblem when it is not a record this scan could have written. */
function checkSpoolRecord(data: unknown): SpoolRecord {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    compiled = ajv.compile(SPOOL_RECORD_SCHEMA);
  }
  if (compiled(data)) return data as SpoolRecord;
  const error = compiled.errors?.[0];
  throw new JournalProblem(`${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}`);
}

/**
 * Every spooled line against the checkpoint: its endpoint is marked done (lines are written as an
 * endpoint finishes, before it is marked done, and the spool is cut back to the checkpoint's
 * length), and there are no more lines than endpoints probed. Returns the highest index seen.
 */
export function checkSpool(
  lines: Iterable<string>,
  checkpoint: Pick<Checkpoint, 'watermark' | 'done' | 'counters'>,
): number {
  const ledger = new CompletionLedger(checkpoint.watermark, checkpoint.done);
  let line = 0;
  let last = -1;
  const iterator = lines[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<string>;
    try {
      next = iterator.next();
    } catch (error) {
      if (error instanceof SpoolLineTooLongError)
        throw new JournalProblem(
          `line ${line + 1} is longer than ${MAX_SPOOL_LINE_BYTES / 1024 / 1024} MiB: not a result exposcan wrote`,
        );
      throw error;
    }
    if (next.done) return last;
    line++;
    if (line > checkpoint.counters.endpoints)
      throw new JournalProblem(
        `has more lines than the ${checkpoint.counters.endpoints} endpoints the checkpoint counts`,
      );
    let record: SpoolRecord;
    try {
      record = checkSpoolRecord(JSON.parse(next.value));
    } catch (error) {
      throw new JournalProblem(
        `line ${line} ${error instanceof SyntaxError ? 'is not JSON' : `is not a result exposcan wrote: ${(error as Error).message}`}`,
      );
    }
    if (!ledger.isDone(record.i))
      throw new JournalProblem(
        `line ${line} holds results for endpoint ${record.i}, which the checkpoint does not mark done`,
      );
    last = Math.max(last, record.i);
  }
}
