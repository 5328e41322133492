// Where the secrets are in a text: one left-to-right pass that never looks at a character more
// than a constant number of times, whatever a server sent. Regular expressions were the first
// version of this, and backtracking made them quadratic on long runs of letters and digits (a
// 200,000-character Redis version blocked the event loop for minutes: issue 20), so the shapes are
// matched by hand here:
// - each character class's runs are measured once per text (`Runs`: one backward pass), so "how
//   far does this run of token characters go" is a table look-up, not a rescan from every start;
// - the one open-ended search (a private-key block's END line) consumes what it scans;
// - name checks only look at identifiers of at most MAX_NAME characters.
// `ScanCost.steps` counts the work, so a test can hold the linear bound without a clock.
// The shapes themselves are listed, with examples, in SECURITY.md ("What exposcan stores").

/** Half-open [start, end) ranges of `text` to replace, in order, not overlapping. */
export type Span = readonly [start: number, end: number];

/** Work done, in character visits: for the property test that holds redaction linear. */
export interface ScanCost {
  steps: number;
}

type CharClass = (code: number) => boolean;

const code = (char: string) => char.charCodeAt(0);
/** A class from its ASCII members (a table look-up) and whether characters past ASCII belong to it. */
function asciiClass(
  member: (char: string) => boolean,
  beyondAscii: (code: number) => boolean = () => false,
): CharClass {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = member(String.fromCharCode(c)) ? 1 : 0;
  return (c) => (c < 128 ? table[c] === 1 : beyondAscii(c));
}
const oneOf = (chars: string): CharClass => asciiClass((char) => chars.includes(char));
const alnum = (char: string) => /[0-9A-Za-z]/.test(char);
const space = (char: string) => /\s/.test(char);

/** JavaScript's `\s` past ASCII. */
const isWideSpace = (c: number) =>
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;
const notWideSpace = (c: number) => !isWideSpace(c);
const isQuote = oneOf(`"'`);
const isUpperOrDigit = asciiClass((char) => /[0-9A-Z]/.test(char));

// The classes whose runs are measured. Each is a module-level constant: `Runs` keys its tables by identity.
/** Names (keys, header names, environment variables) and the tail of a token cut short. */
const NAME = asciiClass((char) => alnum(char) || '_.-'.includes(char));
const ALNUM = asciiClass(alnum);
const ALNUM_UNDERSCORE = asciiClass((char) => alnum(char) || char === '_');
const WORD_DASH = asciiClass((char) => alnum(char) || '_-'.includes(char));
const ALNUM_DASH = asciiClass((char) => alnum(char) || char === '-');
/** What a Bearer or Basic credential is made of (base64, base64url, opaque tokens). */
const CREDENTIAL = asciiClass((char) => alnum(char) || '._~+/-'.includes(char));
const EQUALS = oneOf('=');
const SPACE = asciiClass(space, isWideSpace);
/** A URL's user name: up to the `:` before the password. */
const URL_USER = asciiClass((char) => !space(char) && !':/@'.includes(char), notWideSpace);
/** How far a URL can reach: its password may hold `@` and `/`, so it is cut at the last `@` of this run. */
const URL_RUN = asciiClass((char) => !space(char) && !`"'<>\``.includes(char), notWideSpace);
const QUOTED_VALUE = asciiClass(
  (char) => !`"'\n\\`.includes(char),
  () => true,
);
const UNQUOTED_VALUE = asciiClass((char) => !space(char) && !`"',;&\\`.includes(char), notWideSpace);
const SCHEME = asciiClass((char) => alnum(char) || '+.-'.includes(char));

/** Longer than this is not a key name: checked in constant time. */
const MAX_NAME = 128;
/** A PEM header's label (`RSA PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`) is short. */
const MAX_PEM_LABEL = 64;

/** For each class, where the run starting at each index ends: computed once per text, on first use. */
class Runs {
  private readonly ends = new Map<CharClass, Int32Array>();
  private lastAt: Int32Array | undefined;

  constructor(
    private readonly text: string,
    private readonly cost: ScanCost,
  ) {}

  /** The first index at or after `from` whose character is not in `cls` (the text's length at the end). */
  end(cls: CharClass, from: number): number {
    const n = this.text.length;
    if (from >= n) return n;
    let ends = this.ends.get(cls);
    if (!ends) {
      ends = new Int32Array(n + 1);
      ends[n] = n;
      for (let i = n - 1; i >= 0; i--) ends[i] = cls(this.text.charCodeAt(i)) ? ends[i + 1]! : i;
      this.cost.steps += n;
      this.ends.set(cls, ends);
    }
    return ends[from]!;
  }

  /** The index of the last `@` before `end` in the URL_RUN run that ends there (-1 when none). */
  lastAtBefore(end: number): number {
    if (!this.lastAt) {
      const n = this.text.length;
      const table = new Int32Array(n + 1);
      let last = -1;
      for (let i = 0; i <= n; i++) {
        table[i] = last;
        if (i === n) break;
        const c = this.text.charCodeAt(i);
        if (!URL_RUN(c)) last = -1;
        else if (c === code('@')) last = i;
      }
      this.cost.steps += n;
      this.lastAt = table;
    }
    return this.lastAt[end]!;
  }
}

/** A matcher tried at `i`: the index to go on from when it found a secret there (its spans pushed), else undefined. */
type Matcher = (scan: Scan, i: number) => number | undefined;

interface Scan {
  readonly text: string;
  readonly runs: Runs;
  readonly spans: Span[];
  readonly cost: ScanCost;
}

export function secretSpans(text: string, cost: ScanCost = { steps: 0 }): Span[] {
  const scan: Scan = { text, runs: new Runs(text, cost), spans: [], cost };
  let i = 0;
  while (i < text.length) {
    cost.steps++;
    const c = text.charCodeAt(i);
    // Each matcher is tried only where its shape can start: most characters are passed over at once.
    const next =
      (c === code('-') ? privateKeyBlock(scan, i) : undefined) ??
      (c === code(':') ? urlPassword(scan, i) : undefined) ??
      (TOKEN_INITIALS(c) ? knownToken(scan, i) : undefined) ??
      (c === code('b') || c === code('B') ? credentialAfterScheme(scan, i) : undefined) ??
      (NAME(c) && startsName(scan, i) ? valueAfterSecretName(scan, i) : undefined);
    i = next ?? i + 1;
  }
  return scan.spans;
}

/**
 * Whether a name starts at `i`: at the start of the text, after a character that is not a name's,
 * or right after a span this scan redacts. The last is what keeps redaction idempotent: once a
 * span is replaced, the `]` of `[redacted]` ends whatever name ran into it, so a second pass would
 * see a name start there (`xoxb-glpat-SECRET_KEY=v`: the token ends inside the name, and `_KEY=v`
 * must be judged in the first pass too).
 */
function startsName({ text, spans }: Scan, i: number): boolean {
  if (i === 0 || !NAME(text.charCodeAt(i - 1))) return true;
  const last = spans[spans.length - 1];
  return last !== undefined && last[1] === i;
}

function startsWithIgnoringCase(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** `-----BEGIN … PRIVATE KEY-----` (or `… PRIVATE KEY BLOCK-----`): the body up to its END line, or to the end of a block cut short. */
const privateKeyBlock: Matcher = ({ text, spans, cost }, i) => {
  const body = pemLine(text, i, '-----BEGIN ');
  if (body === undefined) return undefined;
  for (let from = body; ;) {
    const end = text.indexOf('-----END ', from);
    cost.steps += (end < 0 ? text.length : end) - from;
    if (end < 0) {
      spans.push([body, text.length]);
      return text.length;
    }
    const after = pemLine(text, end, '-----END ');
    if (after !== undefined) {
      spans.push([body, end]);
      return after;
    }
    from = end + 1;
  }
};

/** Where a private-key PEM line starting with `prefix` at `at` ends (after its closing dashes), if it is one. */
function pemLine(text: string, at: number, prefix: string): number | undefined {
  if (!text.startsWith(prefix, at)) return undefined;
  const labelStart = at + prefix.length;
  const close = text.indexOf('-----', labelStart);
  if (close < 0 || close - labelStart > MAX_PEM_LABEL) return undefined;
  return /^[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?$/.test(text.slice(labelStart, close)) ? close + 5 : undefined;
}

/**
 * `scheme://user:password@host`, the user possibly empty: the password runs to the last `@`
 * before a space or quote, so one holding `@` or `/` is hidden whole.
 */
const urlPassword: Matcher = ({ text, runs, spans }, i) => {
  if (!text.startsWith('://', i) || i === 0 || !SCHEME(text.charCodeAt(i - 1))) return undefined;
  const userEnd = runs.end(URL_USER, i + 3);
  if (text.charCodeAt(userEnd) !== code(':')) return undefined;
  const password = userEnd + 1;
  const at = runs.lastAtBefore(runs.end(URL_RUN, password));
  if (at <= password) return undefined;
  spans.push([password, at]);
  return at + 1;
};

/** Token shapes with a fixed prefix; a shape cut short at the very end of the text (a length cap) is redacted by its prefix alone. */
const knownToken: Matcher = (scan, i) => {
  const { text, runs, spans } = scan;
  const prefix = tokenPrefix(text, i);
  if (prefix === undefined) return undefined;
  const end = tokenEnd(scan, i, prefix);
  if (end !== undefined) {
    spans.push([i, end]);
    return end;
  }
  if (runs.end(NAME, i + prefix.length) === text.length) {
    spans.push([i, text.length]);
    return text.length;
  }
  return undefined;
};

const TOKEN_PREFIXES = [
  'AKIA',
  'ASIA',
  'LTAI',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'github_pat_',
  'glpat-',
  'xoxa-',
  'xoxb-',
  'xoxp-',
  'xoxr-',
  'eyJ',
] as const;
type TokenPrefix = (typeof TOKEN_PREFIXES)[number];
const TOKEN_INITIALS = oneOf(TOKEN_PREFIXES.map((prefix) => prefix[0]).join(''));

function tokenPrefix(text: string, i: number): TokenPrefix | undefined {
  // Every prefix starts with one of these letters: most positions are passed over at once.
  if (!TOKEN_INITIALS(text.charCodeAt(i))) return undefined;
  return TOKEN_PREFIXES.find((prefix) => text.startsWith(prefix, i));
}

/** Where the whole token starting at `i` ends, when it has its full shape. */
function tokenEnd({ text, runs }: Scan, i: number, prefix: TokenPrefix): number | undefined {
  const start = i + prefix.length;
  const atLeast = (cls: CharClass, min: number) => {
    const end = runs.end(cls, start);
    return end - start >= min ? end : undefined;
  };
  switch (prefix) {
    case 'AKIA':
    case 'ASIA': {
      // Exactly sixteen upper-case letters or digits (AWS access key ids).
      for (let k = start; k < start + 16; k++) {
        if (!isUpperOrDigit(text.charCodeAt(k))) return undefined;
      }
      return start + 16;
    }
    case 'LTAI': {
      const end = atLeast(ALNUM, 12);
      return end === undefined ? undefined : Math.min(end, start + 20);
    }
    case 'github_pat_':
      return atLeast(ALNUM_UNDERSCORE, 22);
    case 'glpat-':
      return atLeast(WORD_DASH, 20);
    case 'xoxa-':
    case 'xoxb-':
    case 'xoxp-':
    case 'xoxr-':
      return atLeast(ALNUM_DASH, 10);
    case 'eyJ': {
      // A JSON Web Token: three base64url parts of ten characters or more, joined by dots.
      let end = start;
      for (let part = 0; part < 3; part++) {
        const partEnd = runs.end(WORD_DASH, end);
        if (partEnd - end < 10) return undefined;
        if (part < 2 && text.charCodeAt(partEnd) !== code('.')) return undefined;
        end = part < 2 ? partEnd + 1 : partEnd;
      }
      return end;
    }
    default:
      // ghp_, gho_, ghu_, ghs_, ghr_: GitHub tokens.
      return atLeast(ALNUM, 30);
  }
}

const CREDENTIAL_SCHEMES = ['bearer', 'basic'] as const;
const VALUE_SCHEMES = ['bearer', 'basic', 'token'] as const;

/** `Bearer …` / `Basic …`: a credential of 8 characters or more, or any length where the text ends with it. */
const credentialAfterScheme: Matcher = ({ text, runs, spans }, i) => {
  const scheme = CREDENTIAL_SCHEMES.find((word) => startsWithIgnoringCase(text, i, word));
  if (!scheme) return undefined;
  const start = runs.end(SPACE, i + scheme.length);
  if (start === i + scheme.length) return undefined;
  const body = runs.end(CREDENTIAL, start);
  const end = runs.end(EQUALS, body);
  if (body - start >= 8 || (body > start && end === text.length)) {
    spans.push([start, end]);
    return end;
  }
  return undefined;
};

/**
 * A value after a name that says it is secret, and `:` or `=`: `password=…`, `"api_key": "…"`,
 * `SECRET_KEY=…`, `GITHUB_TOKEN=…`, `DB_PASSWORD: …`. Quotes may arrive escaped (`\"`: JSON
 * inside a string). A quoted value runs to its closing quote, spaces and all; an unquoted one
 * (3 characters or more) to a space, quote, backslash, `,`, `;` or `&`. A credential scheme in
 * front of the value (`Basic`, `Bearer`, `Token`) is not the secret.
 */
/** Tried at the start of a name only. */
const valueAfterSecretName: Matcher = ({ text, runs, spans }, i) => {
  const nameEnd = runs.end(NAME, i);
  let k = nameEnd;
  if (text.charCodeAt(k) === code('\\')) k++;
  if (isQuote(text.charCodeAt(k))) k++;
  k = runs.end(SPACE, k);
  if (text[k] !== ':' && text[k] !== '=') return undefined;
  if (!isSecretName(text, i, nameEnd)) return undefined;
  const valueStart = runs.end(SPACE, k + 1);

  // Quoted: up to the same quote, itself possibly escaped.
  let open = valueStart;
  if (text.charCodeAt(open) === code('\\')) open++;
  const quote = text.charCodeAt(open);
  if (isQuote(quote)) {
    const start = open + 1;
    const end = runs.end(QUOTED_VALUE, start);
    if (end > start) {
      if (text.charCodeAt(end) === quote) return pushed(spans, start, end, end + 1);
      if (text.charCodeAt(end) === code('\\') && text.charCodeAt(end + 1) === quote)
        return pushed(spans, start, end, end + 2);
    }
  }

  // Unquoted, perhaps after an opening quote that never closes.
  let start = valueStart;
  if (text.charCodeAt(start) === code('\\') && isQuote(text.charCodeAt(start + 1))) start += 2;
  else if (isQuote(text.charCodeAt(start))) start++;
  const scheme = VALUE_SCHEMES.find((word) => startsWithIgnoringCase(text, start, word));
  if (scheme) {
    const afterScheme = runs.end(SPACE, start + scheme.length);
    const end = runs.end(UNQUOTED_VALUE, afterScheme);
    if (afterScheme > start + scheme.length && end - afterScheme >= 3) return pushed(spans, afterScheme, end, end);
  }
  const end = runs.end(UNQUOTED_VALUE, start);
  return end - start >= 3 ? pushed(spans, start, end, end) : undefined;
};

function pushed(spans: Span[], start: number, end: number, next: number): number {
  spans.push([start, end]);
  return next;
}

/**
 * Whether a key names a secret: it contains `secret`, `token`, `password`/`passwd` or
 * `passphrase`, or (a plural `s` aside) ends in `pass`, `pwd`, `auth`, `credential`, `_key`,
 * `-key`, `apikey`, `accesskey` or `privatekey`.
 */
function isSecretName(text: string, start: number, end: number): boolean {
  if (end - start > MAX_NAME) return false;
  const name = text.slice(start, end).toLowerCase();
  if (/secret|token|passw|passphrase/.test(name)) return true;
  return /(?:pass|pwd|auth|credential|[_-]key|apikey|accesskey|privatekey)s?$/.test(name);
}
