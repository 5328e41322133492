// The scan's targets, at any scale: the --target texts and the targets file, each target once,
// in order. Read in two passes so memory stays a few bytes a target:
//   1. load(): every line is read and parsed (a bad line is a usage error before any probe,
//      naming the file and the line), duplicates are dropped by fingerprint (fingerprint-set.ts),
//      and each new target's text is appended to a spool file in a private temporary folder,
//      while the counts and a digest (for --resume's identity) are kept;
//   2. targets(): the spool is read back a line at a time as the scan pulls endpoints.
// The spool makes standard input and discovery-tool formats (formats/) readable twice alike.
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { identityOf } from './expand.js';
import { FingerprintSet } from './fingerprint-set.js';
import { FORMAT_NAMES, formatOf, readerFor, type TargetsFormat } from './formats/index.js';
import { readLines } from './lines.js';
import { parseTarget, type Target } from './target.js';

export interface TargetsFile {
  readonly path: string;
  /** How the file is named in errors: the flag or the config key. */
  readonly label: string;
  readonly format: TargetsFormat;
}

/** A report lists its targets whole up to this many; beyond, it names the file with its count and digest. */
export const LISTED_TARGETS = 10_000;

export class TargetSource {
  private constructor(
    private readonly inline: readonly Target[],
    private readonly spool: string | undefined,
    /** How the targets file is named in a report: its path, or standard input. */
    private readonly fileName: string | undefined,
    /** Distinct targets. */
    readonly count: number,
    /** Targets that are one endpoint each (URLs, host:port), and addresses that take every port (hosts, range members). */
    private readonly singles: bigint,
    private readonly addresses: bigint,
    /** sha256 of the targets' texts in order: what --resume compares. */
    readonly digest: string,
  ) {}

  /** Endpoints the targets expand to with `ports` (before --exclude). */
  endpoints(ports: readonly number[]): number {
    return Number(this.singles + this.addresses * BigInt(ports.length));
  }

  /** The targets, each once, in order: read back from the spool as they are pulled. */
  *targets(): Generator<Target> {
    yield* this.inline;
    if (this.spool) for (const line of readLines(this.spool)) if (line.text !== '') yield parseTarget(line.text);
  }

  /** Every target's text. */
  texts(): string[] {
    const texts: string[] = [];
    for (const target of this.targets()) texts.push(target.text);
    return texts;
  }

  /**
   * The report's list of targets: every text, or past LISTED_TARGETS the --target texts and one
   * entry naming the file, its count and digest (a million texts in report.json, report.md and
   * the history would cost more memory than the whole scan; the same file gives the same entry,
   * so the history still compares scans of the same targets).
   */
  listed(): string[] {
    if (this.count <= LISTED_TARGETS || this.fileName === undefined) return this.texts();
    return [
      ...this.inline.map((target) => target.text),
      `${this.fileName}: ${this.count - this.inline.length} targets (sha256 ${this.digest.slice(0, 16)})`,
    ];
  }

  /** The texts of the targets at these positions (the report names the unreached ones). */
  textsAt(positions: Iterable<number>): Map<number, string> {
    const wanted = new Set(positions);
    const texts = new Map<number, string>();
    if (wanted.size === 0) return texts;
    let position = 0;
    for (const target of this.targets()) {
      if (wanted.has(position)) texts.set(position, target.text);
      position++;
    }
    return texts;
  }

  /** Removes the spool. */
  close(): void {
    if (this.spool) rmSync(join(this.spool, '..'), { recursive: true, force: true });
  }

  /** `given`: the --target texts already parsed. `file`: the targets file, if any. */
  static load(given: readonly Target[], file: TargetsFile | undefined): TargetSource {
    const seen = new FingerprintSet();
    const hash = createHash('sha256');
    let singles = 0n;
    let addresses = 0n;
    const take = (target: Target): boolean => {
      if (!seen.add(identityOf(target))) return false;
      hash.update(target.text).update('\n');
      if (target.kind === 'url' || target.kind === 'host-port') singles += 1n;
      else addresses += target.kind === 'host' ? 1n : target.size;
      return true;
    };
    const inline = given.filter(take);
    if (!file)
      return new TargetSource(inline, undefined, undefined, inline.length, singles, addresses, hash.digest('hex'));
    const dir = mkdtempSync(join(tmpdir(), 'exposcan-targets-'));
    const spool = join(dir, 'targets');
    let written = inline.length;
    try {
      const out = openSync(spool, 'wx', 0o600);
      try {
        let pending: string[] = [];
        const flush = () => {
          if (pending.length > 0) writeSync(out, `${pending.join('\n')}\n`);
          pending = [];
        };
        for (const target of readTargetsFile(file)) {
          if (!take(target)) continue;
          pending.push(target.text);
          written++;
          if (pending.length >= 4096) flush();
        }
        flush();
      } finally {
        closeSync(out);
      }
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return new TargetSource(
      inline,
      spool,
      file.path === '-' ? 'standard input' : file.path,
      written,
      singles,
      addresses,
      hash.digest('hex'),
    );
  }
}

/** The file's targets, in order, in its own format or the one named; errors name the file and line. */
export function* readTargetsFile(file: TargetsFile): Generator<Target> {
  let format: Exclude<TargetsFormat, 'auto'> | undefined = file.format === 'auto' ? undefined : file.format;
  let reader = format && format !== 'list' ? readerFor(format) : undefined;
  let lastLine = 0;
  const fail = (line: number, why: string) => new UsageError(`${file.path}:${line}: ${why}`);
  const lines = readLines(file.path);
  let next: IteratorResult<{ text: string; number: number }>;
  try {
    // The file is opened at the first pull: its own errors (ENOENT, EISDIR) surface here.
    next = lines.next();
  } catch (error) {
    throw new UsageError(
      `${file.label} '${file.path}' cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  for (; !next.done; next = lines.next()) {
    const { text, number } = next.value;
    lastLine = number;
    if (format === undefined) {
      if (text.trim() === '') continue;
      format = formatOf(text);
      reader = format === 'list' ? undefined : readerFor(format);
    }
    if (!reader) {
      const target = text.replace(/#.*$/, '').trim();
      if (target === '') continue;
      try {
        yield parseTarget(target);
      } catch (error) {
        if (error instanceof UsageError) throw fail(number, error.message);
        throw error;
      }
      continue;
    }
    const result = reader.line(text);
    if (!Array.isArray(result))
      throw fail(number, `not ${FORMAT_NAMES[format!]}: ${(result as { error: string }).error}`);
    for (const target of result as readonly string[]) {
      try {
        yield parseTarget(target);
      } catch (error) {
        if (error instanceof UsageError) throw fail(number, error.message);
        throw error;
      }
    }
  }
  const ending = reader?.end();
  if (ending) throw fail(lastLine, ending);
}
