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

  it.each(['github-actions.yml', 'gitlab-ci.yml'])(
    '%s is YAML that runs exposcan with flags it has, on documentation addresses only',
    (name) => {
      const text = read(name);
      expect(() => parse(text)).not.toThrow();
      for (const flag of text.match(/--[a-z][a-z-]+/g) ?? []) {
        expect(['--target', '--format', '--suppressions', '--baseline', '--fail-on', '--depth'], flag).toContain(flag);
      }
      for (const address of text.match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? []) expect(address).toMatch(/^192\.0\.2\./);
    },
  );

  it.each(['terraform-pull-request.yml', 'terraform-gitlab-ci.yml'])(
    '%s plans, writes the plan JSON and gates it with exposcan plan, with flags it has',
    (name) => {
      const text = read(name);
      expect(() => parse(text)).not.toThrow();
      expect(text).toContain('terraform show -json tfplan > tfplan.json');
      expect(text).toMatch(/exposcan\.js plan infra\/tfplan\.json/);
      for (const flag of text.match(/--[a-z][a-z-]+/g) ?? []) {
        expect(
          ['--source', '--format', '--suppressions', '--baseline', '--fail-on', '--out', '--depth'],
          flag,
        ).toContain(flag);
      }
      // The setup-terraform wrapper would write its own lines into the JSON.
      if (name.endsWith('pull-request.yml')) expect(text).toContain('terraform_wrapper: false');
    },
  );

  it.each(['cronjob.yaml', 'cron.txt'])(
    '%s runs exposcan with a history file and flags it has, on documentation addresses only',
    (name) => {
      const text = read(name);
      if (name.endsWith('.yaml')) {
        const documents = parseAllDocuments(text);
        expect(documents.every((document) => document.errors.length === 0)).toBe(true);
        expect(documents.map((document) => (document.toJS() as { kind: string }).kind)).toEqual([
          'PersistentVolumeClaim',
          'CronJob',
        ]);
      }
      expect(text).toMatch(/exposcan scan\s[\s\S]*--history \S+/);
      for (const flag of text.match(/--[a-z][a-z-]+/g) ?? [])
        expect(['--target', '--history', '--out', '--format', '--depth'], flag).toContain(flag);
      for (const address of text.match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? []) expect(address).toMatch(/^192\.0\.2\./);
    },
  );

  // Shards are numbered from 1: the examples must pass n = the number of shards run, and indices 1..n.
  it.each(['k8s-indexed-job.yaml', 'github-actions-shards.yml'])(
    '%s runs every shard of one scan and merges them, with flags exposcan has, on documentation addresses only',
    (name) => {
      const text = read(name);
      const documents = parseAllDocuments(text);
      expect(documents.every((document) => document.errors.length === 0)).toBe(true);
      for (const flag of text.match(/--[a-z][a-z-]+/g) ?? []) {
        expect(
          ['--target', '--shard', '--out', '--resume', '--format', '--fail-on', '--history', '--depth'],
          flag,
        ).toContain(flag);
      }
      for (const address of text.match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? []) expect(address).toMatch(/^192\.0\.2\./);
      expect(text).toMatch(/exposcan merge \S*\*\S*report\.json/);
      const count = /--shard (?:\$SHARD|\$\{\{ matrix\.shard \}\})\/(\d+)/.exec(text)?.[1];
      if (name.endsWith('.yaml')) {
        const job = documents
          .map(
            (document) =>
              document.toJS() as {
                kind: string;
                metadata: { name: string };
                spec: { completionMode?: string; completions?: number };
              },
          )
          .find((doc) => doc.spec.completionMode === 'Indexed');
        expect(job?.spec.completions).toBe(Number(count));
        expect(text).toContain('SHARD=$((JOB_COMPLETION_INDEX + 1))');
      } else {
        const workflow = documents[0]!.toJS() as { jobs: { scan: { strategy: { matrix: { shard: number[] } } } } };
        expect(workflow.jobs.scan.strategy.matrix.shard).toEqual(
          Array.from({ length: Number(count) }, (_, i) => i + 1),
        );
      }
    },
  );
});
