// HTTP evidence under fuzz: every product fingerprint's suggestedBy and identify, fed observations
// whose responses sit at the very paths the fingerprint asks for, with JSON built from the words
// the fingerprints themselves read (so `version.number`, `status.overall`, … turn up, with the
// wrong types as often as the right ones), HTML-ish text, odd headers and failures.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HTTP_FINGERPRINTS, servicesOf } from '../../../src/fingerprints/index.js';
import { requestSpec, type HttpFingerprint } from '../../../src/fingerprints/service.js';
import { comparableVersion, versionIn } from '../../../src/fingerprints/version.js';
import type { HttpObservation, HttpOutcome, HttpResponse } from '../../../src/probes/http-observation.js';
import { PROBE_FAILURES } from '../../../src/engine/types.js';
import { expectReportable, withinTime } from './contract.js';
import { LARGE } from './decoder.js';
import { mutatedRecorded, recordedHttpResponses } from './recorded.js';

/** Property names and string literals from src/fingerprints: the vocabulary the parsers look for. */
function fingerprintVocabulary(): string[] {
  const folder = fileURLToPath(new URL('../../../src/fingerprints/', import.meta.url));
  const words = new Set<string>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(`${folder}${file}`, 'utf8');
    for (const match of source.matchAll(/\.([A-Za-z_][\w]{1,30})\b|'([^'\n\\]{1,40})'/g))
      words.add(match[1] ?? match[2]!);
  }
  return [...words].sort();
}

const VOCABULARY = fingerprintVocabulary();
const word = fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 12 }));
const version = fc.oneof(
  fc.constantFrom(
    '7.10.2',
    '8.11.0-SNAPSHOT',
    'v1.28.3+k3s1',
    '19.03.15',
    '5.5.5-10.3.2-MariaDB',
    '2.4.1.1',
    '0.0.0',
    '',
    'x.y.z',
  ),
  fc.string({ maxLength: 16 }),
);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1));

const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    word,
    version,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(word, tie('value'), { maxKeys: 8 }),
  ),
})).value;

/** `{"k":{"k":…}}` or `[[…]]` thousands of levels deep, for any code that walks JSON recursively. */
const deepJson = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom(...VOCABULARY), fc.boolean())
  .map(([depth, key, array]) =>
    array
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${`{"${JSON.stringify(key).slice(1, -1)}":`.repeat(depth)}1${'}'.repeat(depth)}`,
  );
const html = fc
  .array(
    fc.oneof(
      word,
      fc.constantFrom(
        '<title>',
        '</title>',
        '<meta name="',
        '" content="',
        '<script>',
        '<a href="/login">',
        ' ',
        '\n',
        '"',
      ),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));
const body = fc.oneof(
  { weight: 4, arbitrary: json.map((value) => JSON.stringify(value) ?? '') },
  { weight: 1, arbitrary: deepJson },
  { weight: 2, arbitrary: html },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);
const headerName = fc.oneof(
  fc.constantFrom(
    'content-type',
    'location',
    'server',
    'www-authenticate',
    'set-cookie',
    'x-jenkins',
    'kbn-name',
    'osd-name',
    'x-influxdb-version',
    'x-consul-index',
    'api-version',
    'docker-experimental',
    'constructor',
  ),
  word.map((text) => text.toLowerCase()),
);
const headers = fc.dictionary(headerName, fc.oneof(word, version, html), { maxKeys: 6 });

const synthetic: fc.Arbitrary<HttpResponse> = fc.record({
  status: fc.oneof(fc.constantFrom(200, 200, 200, 301, 302, 401, 403, 404, 500), fc.integer({ min: 100, max: 599 })),
  headers,
  body,
  // Mostly whole: a cut body is read by no JSON parser, so it hides the paths worth fuzzing.
  truncated: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** Synthetic responses, and real recorded ones (as is or with their JSON edited). */
const httpResponse: fc.Arbitrary<HttpResponse> = fc.oneof(synthetic, mutatedRecorded(recordedHttpResponses(), json));

const outcome: fc.Arbitrary<HttpOutcome> = fc.oneof(
  { weight: 5, arbitrary: httpResponse.map((response) => ({ ok: true as const, response })) },
  { weight: 1, arbitrary: fc.constantFrom(...PROBE_FAILURES).map((failure) => ({ ok: false as const, failure })) },
);

/** An observation holding, at each path `fingerprint` asks for, a response, a failure or nothing. */
function observationFor(fingerprint: HttpFingerprint): fc.Arbitrary<HttpObservation> {
  const keys = fingerprint.requests.map((request) => requestSpec(request).key);
  return fc
    .tuple(
      httpResponse,
      fc.array(fc.option(outcome, { nil: undefined, freq: 4 }), { minLength: keys.length, maxLength: keys.length }),
      fc.boolean(),
    )
    .map(([root, outcomes, tls]) => ({
      protocol: 'http',
      tls,
      baseUrl: `${tls ? 'https' : 'http'}://127.0.0.1:8080/`,
      root,
      responses: new Map(keys.flatMap((key, index) => (outcomes[index] ? [[key, outcomes[index]] as const] : []))),
    }));
}

/** A service as rules and reports read it: a product, plain-data details, at least one signal. */
function expectService(service: unknown): void {
  if (service === undefined) return;
  expectReportable(service);
  const { product, signals } = service as { product: unknown; signals: unknown };
  if (typeof product !== 'string' || product === '')
    throw new Error(`service without a product: ${JSON.stringify(service)}`);
  if (!Array.isArray(signals) || signals.some((signal) => typeof signal !== 'string'))
    throw new Error(`signals are not strings: ${JSON.stringify(service)}`);
}

export function fingerprintNeverThrows(fingerprint: HttpFingerprint) {
  return fc.property(observationFor(fingerprint), (observation) => {
    if (typeof fingerprint.suggestedBy(observation.root) !== 'boolean')
      throw new Error('suggestedBy did not return a boolean');
    expectService(fingerprint.identify(observation));
  });
}

/** Every fingerprint over one observation whose bodies are 64 KiB of one repeated unit (the ReDoS shape). */
export function fingerprintsAreFastOnLargeBodies(limitMs = 5000) {
  const unit = fc.oneof(
    fc.constantFrom(...VOCABULARY),
    fc.constantFrom(' ', 'a', '<', '"', '{"a":', '\n', '<title>', '0.'),
  );
  return fc.property(unit, fc.constantFrom(200, 401), (text, status) => {
    const response: HttpResponse = {
      status,
      headers: { 'content-type': 'text/html', location: text.repeat(64), server: text.repeat(64) },
      body: text.repeat(Math.ceil(LARGE / text.length)).slice(0, LARGE),
      truncated: false,
    };
    const responses = new Map<string, HttpOutcome>();
    for (const fingerprint of HTTP_FINGERPRINTS)
      for (const request of fingerprint.requests) responses.set(requestSpec(request).key, { ok: true, response });
    const observation: HttpObservation = {
      protocol: 'http',
      tls: false,
      baseUrl: 'http://127.0.0.1:8080/',
      root: response,
      responses,
    };
    withinTime(limitMs, () => {
      for (const fingerprint of HTTP_FINGERPRINTS) fingerprint.suggestedBy(response);
      for (const service of servicesOf(observation)) expectService(service);
    });
  });
}

/** Version text as services report it, compared against a range: undefined or a SemVer, never a throw. */
export function versionsNeverThrow() {
  const text = fc.oneof(
    version,
    fc.string({ maxLength: 300 }),
    fc
      .array(fc.constantFrom('0', '1', '9', '.', '-', 'v', '5.5.5-', ' ', '+'), { maxLength: 80 })
      .map((parts) => parts.join('')),
  );
  return fc.property(text, fc.constantFrom('<7.0.0', '>=1.0.0 <2.0.0', '*'), (value, range) => {
    comparableVersion(value);
    if (typeof versionIn(value, range) !== 'boolean') throw new Error('versionIn did not return a boolean');
    withinTime(2000, () => comparableVersion(value.repeat(Math.ceil(LARGE / Math.max(1, value.length)))));
  });
}
