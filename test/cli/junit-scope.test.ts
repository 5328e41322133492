// JUnit of a scan that read no cloud account: the cloud-resource rules had nothing to judge, so
// they are skipped test cases, never passes. The built CLI against one closed loopback port (no
// server: a refusal is all it meets).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

it('a scan with no cloud account lists the cloud rules as skipped, with why, and the endpoint rules as run', async () => {
  const out = mkdtempSync(join(tmpdir(), 'exposcan-junit-'));
  const port = await freePort();
  const run = await runCli(['scan', '-t', `127.0.0.1:${port}`, '--format', 'junit', '--out', out, '--no-history']);
  expect(run.code, run.stderr).toBe(0);
  const xml = readFileSync(join(out, 'report.junit.xml'), 'utf8');
  const suite = (id: string) => new RegExp(`<testsuite name="${id}"[^>]*>([\\s\\S]*?)</testsuite>`).exec(xml);
  // Before: <testcase classname="aws-s3-bucket-public" name="no finding"/>, a pass for a check never made.
  const s3 = suite('aws-s3-bucket-public');
  expect(s3?.[0]).toMatch(/skipped="1"/);
  expect(s3?.[1]).toContain('<skipped message="no cloud account was read: nothing for this rule to judge"/>');
  expect(xml).not.toMatch(/classname="aws-s3-bucket-public" name="no finding"/);
  // An endpoint rule did run, and passes; the end-of-life rule judges endpoints too, so it ran.
  expect(suite('redis-unauthenticated')?.[1]).toMatch(/name="no finding" time="0"\/>/);
  expect(suite('software-end-of-life')?.[0]).toMatch(/skipped="0"/);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
    scan: { skippedRules?: { rule: string; reason: string }[] };
  };
  expect(report.scan.skippedRules?.map((skipped) => skipped.rule)).toContain('aws-s3-bucket-public');
  expect(report.scan.skippedRules?.map((skipped) => skipped.rule)).not.toContain('software-end-of-life');
});
