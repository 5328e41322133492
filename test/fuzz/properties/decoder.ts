// What the properties need to know about one decoder: how to call it, what bytes to feed it,
// and how its result becomes report data.
import type fc from 'fast-check';
import type { Parser } from '../../../src/probes/conn.js';

/** An incremental parser, as Conn.exchange calls it with the bytes received so far. */
export interface IncrementalDecoder {
  readonly name: string;
  readonly parse: Parser<unknown>;
  /** Structure-aware inputs: valid frames, mutated frames, random bytes. */
  readonly inputs: fc.Arbitrary<Buffer>;
  /** Turns a matched value into what a report holds (an observation); must not throw. */
  readonly observe?: (value: never) => unknown;
  /** About 64 KiB shaped to be slow to decode, if the decoder had a slow path. */
  readonly large: fc.Arbitrary<Buffer>;
}

/** A one-shot recogniser (a greeting, a stray reply): returns a result or undefined, never throws. */
export interface Recognizer {
  readonly name: string;
  readonly recognize: (bytes: Buffer) => unknown;
  readonly inputs: fc.Arbitrary<Buffer>;
  /** Whether the result goes into a report as is (then it must be plain data). */
  readonly reportable: boolean;
}

export interface ProtocolFuzz {
  readonly decoders: readonly IncrementalDecoder[];
  readonly recognizers: readonly Recognizer[];
}

export const LARGE = 64 * 1024;
