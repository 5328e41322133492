// Responses recorded from real servers (test/fixtures/recorded) as seeds for the fuzzers: real
// shapes, then mutated. HTTP files become HttpResponses; JSON bodies are mutated as JSON (a value
// replaced by one of another type, a key removed, a value wrapped in an array).
import fc from 'fast-check';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HttpResponse } from '../../../src/probes/http-observation.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { recordedResponse } from '../../helpers/recorded-http.js';

const ROOT = fileURLToPath(new URL('../../fixtures/recorded/', import.meta.url));

/** Paths under test/fixtures/recorded ending in one of `extensions`, relative to it. */
export function recordedFiles(folder: string, extensions: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(ROOT + folder)) {
    const path = folder === '' ? name : `${folder}/${name}`;
    if (statSync(ROOT + path).isDirectory()) found.push(...recordedFiles(path, extensions));
    else if (extensions.some((extension) => name.endsWith(extension))) found.push(path);
  }
  return found.sort();
}

/** Every recorded HTTP exchange and JSON or HTML body, as the engine would hand it to a fingerprint. */
export function recordedHttpResponses(): HttpResponse[] {
  return recordedFiles('', ['.http', '.json', '.html']).map((path) => {
    if (path.endsWith('.http')) return recordedResponse(path);
    const contentType = path.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8';
    return {
      status: 200,
      headers: { 'content-type': contentType },
      body: recordedBytes(path).toString('utf8'),
      truncated: false,
    };
  });
}

/** The raw bytes of recorded wire replies in `folder` (e.g. 'mysql'), for the wire decoders. */
export function recordedWire(folder: string, extensions: readonly string[] = ['.bin', '.txt']): Buffer[] {
  return recordedFiles(folder, extensions).map((path) => recordedBytes(path));
}

type Json = unknown;
type Edit = readonly [at: number, replacement: Json, kind: 'replace' | 'delete' | 'wrap'];

/** Every [container, key] in a parsed JSON value, depth first. */
function slots(
  value: Json,
  into: [Record<string, Json> | Json[], string | number][] = [],
): [Record<string, Json> | Json[], string | number][] {
  if (Array.isArray(value)) value.forEach((item, index) => (into.push([value, index]), slots(item, into)));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) {
      into.push([value as Record<string, Json>, key]);
      slots(item, into);
    }
  return into;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let value: Json;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  for (const [at, replacement, kind] of edits) {
    const all = slots(value);
    if (all.length === 0) break;
    const [container, key] = all[at % all.length]!;
    const record = container as Record<string | number, Json>;
    if (kind === 'replace') record[key] = replacement;
    else if (kind === 'wrap') record[key] = [record[key]];
    else if (Array.isArray(container)) container.splice(key as number, 1);
    else delete record[key];
  }
  return JSON.stringify(value);
}

/** A recorded response as is, or with its JSON body edited one to four times. */
export function mutatedRecorded(
  seeds: readonly HttpResponse[],
  replacement: fc.Arbitrary<Json>,
): fc.Arbitrary<HttpResponse> {
  const edit = fc.tuple(
    fc.nat(),
    replacement,
    fc.constantFrom('replace', 'replace', 'delete', 'wrap') as fc.Arbitrary<'replace' | 'delete' | 'wrap'>,
  );
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { maxLength: 4 }))
    .map(([seed, edits]) => (edits.length === 0 ? seed : { ...seed, body: applyEdits(seed.body, edits) }));
}
