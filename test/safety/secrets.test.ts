// Secrets a scanned server shows never reach anything exposcan writes. ONE scan through the built
// CLI over a lab with secrets planted where exposcan reads (see canaries.ts): a real, open
// redis-server (secret config path in INFO, secret key, masterauth), and purpose-built servers on
// recorded responses (secret-servers.ts: Prometheus configuration with credentials, Jenkins page
// and JSON with cookie, crumb, token and AWS key, Elasticsearch with secret-shaped cluster and
// index names, a hostile Redis whose kept INFO fields carry secrets, services greeting with keys,
// HTTP headers with credentials). Every file in --out, stdout, stderr, the history database (its
// bytes, WAL included), `exposcan report` re-renderings and `exposcan history` output are searched
// for every canary, as is and encoded. Each product must also be seen, so the test cannot pass by
// seeing nothing.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { redisBinary } from '../helpers/services.js';
import { CANARIES, encodedForms, leaksIn } from './canaries.js';
import { startSecretRedis, type SecretRedis } from './real-redis.js';
import { runCli } from './run-cli.js';
import {
  BANNERS,
  startBannerService,
  startElasticsearchLike,
  startHeaderLeaker,
  startHostileRedis,
  startJenkinsLike,
  startPrometheusLike,
  type LabServer,
} from './secret-servers.js';

const FORMATS = ['md', 'sarif', 'html', 'junit', 'csv', 'ocsf', 'asff'];

describe.skipIf(!redisBinary())('secrets seen in responses are redacted from every output', () => {
  const work = mkdtempSync(join(tmpdir(), 'exposcan-safety-secrets-'));
  const out = join(work, 'reports');
  const historyDir = join(work, 'history');
  const history = join(historyDir, 'history.sqlite');
  const lab: Record<string, LabServer> = {};
  let redis: SecretRedis;
  let report: Report;
  /** Every text exposcan produced, by where it went. */
  const outputs = new Map<string, Buffer | string>();

  const portOf = (name: string) => (name === 'real-redis' ? redis.port : lab[name]!.port);

  beforeAll(async () => {
    redis = await startSecretRedis();
    const started = await Promise.all([
      startPrometheusLike(),
      startJenkinsLike(),
      startElasticsearchLike(),
      startHostileRedis(),
      startHeaderLeaker(),
      ...Object.keys(BANNERS).map((name) => startBannerService(name)),
    ]);
    for (const server of started) lab[server.name] = server;

    const targets = ['real-redis', ...Object.keys(lab)].flatMap((name) => ['--target', `127.0.0.1:${portOf(name)}`]);
    const scan = await runCli([
      'scan',
      ...targets,
      '--timeout',
      '3s',
      '--out',
      out,
      ...FORMATS.flatMap((format) => ['--format', format]),
      '--history',
      history,
    ]);
    outputs.set('scan stdout', scan.stdout);
    outputs.set('scan stderr', scan.stderr);
    if (scan.code !== 0) throw new Error(`scan exited ${scan.code}: ${scan.stderr}`);
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;

    // Re-rendered from the saved report, and the history read back through the CLI.
    const again = join(work, 'again');
    const rerender = await runCli([
      'report',
      join(out, 'report.json'),
      ...FORMATS.flatMap((format) => ['--format', format]),
      '--out',
      again,
    ]);
    outputs.set('report stdout', rerender.stdout);
    outputs.set('report stderr', rerender.stderr);
    const list = await runCli(['history', '--history', history, '--json']);
    const show = await runCli(['history', 'show', report.scan.id, '--history', history, '--json']);
    outputs.set('history list', list.stdout + list.stderr);
    outputs.set('history show', show.stdout + show.stderr);

    for (const dir of [out, again, historyDir]) {
      for (const file of readdirSync(dir)) outputs.set(join(dir, file), readFileSync(join(dir, file)));
    }
  });

  afterAll(async () => {
    await Promise.all([redis?.stop(), ...Object.values(lab).map((server) => server.close())]);
  });

  it('wrote every format, a valid report and a history database (the search has something to search)', () => {
    expect(reportProblem(report)).toBeUndefined();
    for (const file of ['report.json', 'report.md', 'report.sarif', 'report.html', 'report.junit.xml', 'report.csv'])
      expect(existsSync(join(out, file)), file).toBe(true);
    expect(existsSync(join(work, 'again', 'report.html'))).toBe(true);
    expect(existsSync(history)).toBe(true);
    expect(outputs.get('history show')).toContain(report.scan.id);
  });

  it('saw every planted server: the findings and services that carried the secrets exist', () => {
    const at = (name: string) =>
      report.findings.filter((finding) => finding.target?.port === portOf(name)).map((finding) => finding.ruleId);
    expect(at('real-redis')).toContain('redis-unauthenticated');
    expect(at('hostile-redis')).toContain('redis-unauthenticated');
    expect(at('prometheus')).toContain('prometheus-unauthenticated');
    expect(at('jenkins')).toContain('jenkins-unauthenticated');
    expect(at('elasticsearch')).toContain('elasticsearch-unauthenticated');
    const banner = (name: string) => report.services.find((service) => service.port === portOf(name))?.banner;
    for (const name of Object.keys(BANNERS)) expect(banner(name), name).toMatch(/\[redacted\]/);
    // The cap cut the token: what was kept of it, its start, is what was redacted.
    expect(banner('banner-cut')).toMatch(/^220 a+ \[redacted\]$/);
    expect(report.services.some((service) => service.port === portOf('headers') && service.protocol === 'http')).toBe(
      true,
    );
  });

  it('kept the secret-shaped values it records, with the secret replaced (redaction ran, not a lucky miss)', () => {
    const finding = (name: string, rule: string) =>
      report.findings.find((candidate) => candidate.target?.port === portOf(name) && candidate.ruleId === rule)!;
    const es = finding('elasticsearch', 'elasticsearch-unauthenticated').evidence;
    expect(es.clusterName).toBe('prod password=[redacted]');
    expect(es.largestIndices).toEqual(['token=[redacted]', '[redacted]', '[redacted]', '[redacted]', 'logs-2026.11']);
    expect(finding('prometheus', 'prometheus-unauthenticated').evidence.discovery).toEqual([
      'file',
      'password=[redacted]',
    ]);
    const hostile = finding('hostile-redis', 'redis-unauthenticated');
    expect(hostile.evidence).toMatchObject({ os: 'Linux password=[redacted] x86_64', role: 'master token=[redacted]' });
    expect(hostile.version).toBe('6.0.9-secret=[redacted]');
  });

  it.each(Object.keys(CANARIES))('canary %s appears in no output, in any encoding', (name) => {
    const canary = CANARIES[name as keyof typeof CANARIES];
    const where = [...outputs].filter(([, content]) =>
      encodedForms(canary).some((form) =>
        (typeof content === 'string' ? content : content.toString('latin1')).includes(form),
      ),
    );
    expect(where.map(([label]) => label)).toEqual([]);
  });

  it('the leak search itself finds a canary where one is (so a pass means absence)', () => {
    expect(leaksIn(`x ${CANARIES.promBearer} y`)).toEqual(['promBearer (as is)']);
    expect(leaksIn(Buffer.from(`admin:${CANARIES.headerChallenge}`).toString('base64')).length).toBeGreaterThan(0);
    expect(leaksIn(Buffer.from(`ab${CANARIES.esIndexToken}cd`).toString('base64')).length).toBeGreaterThan(0);
    expect(leaksIn(Buffer.from(CANARIES.realRedisDir).toString('hex'))).toEqual([
      `realRedisDir (${Buffer.from(CANARIES.realRedisDir).toString('hex')})`,
    ]);
  });
});
