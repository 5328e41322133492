// The contract every decoder is held to, as reusable property checks.
//   - An incremental parser (what Conn.exchange calls with everything received so far) returns
//     'incomplete', 'mismatch' or 'matched'. It never throws: hostile bytes are data, not errors.
//   - Feeding the same bytes in chunks gives what one buffer gives (the connection re-parses the
//     growing buffer after every read and stops at the first verdict).
//   - A recogniser (greeting, stray reply, fingerprint) returns its result or undefined; it never throws.
//   - A decoder with a typed error (BsonError, CqlBodyError) throws that and nothing else.
//   - What reaches a report is plain data: no bigint, no NaN or Infinity, nothing JSON would drop.
//   - 64 KiB of input is decoded in well under a second (asserted with a wide margin).
import { performance } from 'node:perf_hooks';
import type { ParseResult, Parser } from '../../../src/probes/conn.js';

const STATES = new Set(['incomplete', 'mismatch', 'matched']);

export function checkParseResult<T>(result: ParseResult<T>): ParseResult<T> {
  if (typeof result !== 'object' || result === null || !STATES.has(result.state))
    throw new Error(`not a ParseResult: ${String(result)}`);
  return result;
}

/** What Conn.exchange sees from one buffer: a verdict before the end, else the verdict at the end. */
export function parseWhole<T>(parse: Parser<T>, bytes: Buffer): ParseResult<T> {
  const early = checkParseResult(parse(bytes, false));
  return early.state === 'incomplete' ? checkParseResult(parse(bytes, true)) : early;
}

/** What Conn.exchange sees when the same bytes arrive in these chunks. */
export function parseChunked<T>(parse: Parser<T>, chunks: readonly Buffer[]): ParseResult<T> {
  let received = Buffer.alloc(0);
  for (const chunk of chunks) {
    received = Buffer.concat([received, chunk]);
    const verdict = checkParseResult(parse(received, false));
    if (verdict.state !== 'incomplete') return verdict;
  }
  return checkParseResult(parse(received, true));
}

/** Runs `decode`; a throw passes only if it is an instance of `typed`. */
export function throwsOnlyTyped(decode: () => unknown, typed: abstract new (...args: never[]) => Error): void {
  try {
    decode();
  } catch (error) {
    if (error instanceof typed) return;
    throw new Error(
      `threw ${(error as Error)?.name ?? typeof error} instead of ${typed.name}: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Says what in `value` would not survive into a JSON report unchanged, or undefined. Buffers,
 * Maps and Dates are decoder-internal and are refused here: this is for observations and services.
 */
function reportProblem(value: unknown, path = '$'): string | undefined {
  switch (typeof value) {
    case 'undefined':
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${value}`;
    case 'object': {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        for (const [index, item] of value.entries()) {
          const problem = reportProblem(item, `${path}[${index}]`);
          if (problem) return problem;
        }
        return undefined;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype)
        return `${path} is a ${value.constructor?.name ?? 'non-plain object'}`;
      for (const [key, item] of Object.entries(value)) {
        const problem = reportProblem(item, `${path}.${key}`);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return `${path} is a ${typeof value}`;
  }
}

export function expectReportable(value: unknown): void {
  const problem = reportProblem(value);
  if (problem) throw new Error(`not reportable: ${problem}`);
}

/** Fails when `work` takes longer than `limitMs` (callers give 10x or more what it needs on an idle machine). */
export function withinTime(limitMs: number, work: () => void): void {
  const start = performance.now();
  work();
  const took = performance.now() - start;
  if (took > limitMs) throw new Error(`took ${Math.round(took)} ms, limit ${limitMs} ms`);
}
