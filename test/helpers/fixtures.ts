// Recorded real responses (test/fixtures/recorded, sources in SOURCES.md beside them).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../fixtures/recorded/', import.meta.url));

export function recorded(path: string): string {
  return readFileSync(root + path, 'utf8');
}

export function recordedBytes(path: string): Buffer {
  return readFileSync(root + path);
}
