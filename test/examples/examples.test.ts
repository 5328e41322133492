// The example files are documentation: they must stay valid for the code they document.
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { suppressionsFileSchema } from '../../src/findings/suppressions.js';

const read = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

describe('examples/', () => {
  it('suppressions.yaml is a valid suppressions file', () => {
    expect(suppressionsFileSchema.safeParse(parse(read('suppressions.yaml'))).success).toBe(true);
  });

  it.each(['github-actions.yml', 'gitlab-ci.yml'])('%s is YAML that runs exposcan with flags it has, on documentation addresses only', (name) => {
    const text = read(name);
    expect(() => parse(text)).not.toThrow();
    for (const flag of text.match(/--[a-z][a-z-]+/g) ?? []) {
      expect(['--target', '--format', '--suppressions', '--baseline', '--fail-on', '--depth'], flag).toContain(flag);
    }
    for (const address of text.match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? []) expect(address).toMatch(/^192\.0\.2\./);
  });

  it.each(['cronjob.yaml', 'cron.txt'])('%s runs exposcan with a history file and flags it has, on documentation addresses only', (name) => {
    const text = read(name);
    if (name.endsWith('.yaml')) {
      const documents = parseAllDocuments(text);
      expect(documents.every((document) => document.errors.length === 0)).toBe(true);
      expect(documents.map((document) => (document.toJS() as { kind: string }).kind)).toEqual(['PersistentVolumeClaim', 'CronJob']);
    }
    expect(text).toMatch(/exposcan scan\s[\s\S]*--history \S+/);
    for (const flag of text.match(/--[a-z][a-z-]+/g) ?? []) expect(['--target', '--history', '--out', '--format', '--depth'], flag).toContain(flag);
    for (const address of text.match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? []) expect(address).toMatch(/^192\.0\.2\./);
  });
});
