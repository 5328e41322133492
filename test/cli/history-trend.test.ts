// `exposcan history --html` end to end: three scheduled scans of a real redis-server on an
// ephemeral loopback port that appears (scan 1), stays (scan 2) and vanishes (scan 3), recorded in
// one history; the trend page shows the three runs with their numbers in its table and its SVG, and
// renders in headless Chromium (a screenshot goes to the test output folder: test-output/, or
// $EXPOSCAN_TEST_OUTPUT). Bad input is one line and exit 2.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/engine/types.js';
import { HistoryStore } from '../../src/history/store.js';
import { runCli } from '../helpers/cli.js';
import { redisBinary, startRedis, stopAll, type RedisServer } from '../helpers/services.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-trend-'));
const historyFile = join(work, 'history.sqlite');
const OUTPUT = process.env.EXPOSCAN_TEST_OUTPUT ?? fileURLToPath(new URL('../../test-output/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM) && process.env.CI) throw new Error('chromium is not installed; .ci/run must install it');

interface Run {
  id: string;
  startedAt: string;
  findings: { severity: string }[];
}

/** The cells of a scan's row in a scope table, by data-col. */
function row(html: string, scanId: string): Record<string, string> {
  const match = new RegExp(`<tr data-scan="${scanId}"[^>]*>(.*?)</tr>`).exec(html);
  if (!match) throw new Error(`no row for ${scanId}`);
  return Object.fromEntries(
    [...match[1]!.matchAll(/data-col="([a-z-]+)">([^<]*)</g)].map((cell) => [cell[1], cell[2]]),
  );
}

describe.skipIf(!redisBinary())('exposcan history --html over three scheduled scans of a real Redis', () => {
  let redis: RedisServer | undefined;
  let target = '';
  const runs: Run[] = [];
  let page = '';
  let pageFile = '';

  async function scan(name: string): Promise<Run> {
    const out = join(work, name);
    const result = await runCli([
      'scan',
      '--target',
      target,
      '--timeout',
      '5s',
      '--history',
      historyFile,
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      scan: { id: string; startedAt: string };
      findings: { severity: string }[];
    };
    return { id: report.scan.id, startedAt: report.scan.startedAt, findings: report.findings };
  }

  beforeAll(async () => {
    redis = await startRedis();
    target = `127.0.0.1:${redis.port}`;
    runs.push(await scan('appears'));
    runs.push(await scan('stays'));
    await redis.stop();
    redis = undefined;
    runs.push(await scan('vanishes'));
    mkdirSync(OUTPUT, { recursive: true });
    pageFile = join(OUTPUT, 'trend.html');
    const result = await runCli(['history', '--history', historyFile, '--html', pageFile]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`wrote ${pageFile}\n`);
    page = readFileSync(pageFile, 'utf8');
  });
  afterAll(stopAll);

  it('the table shows the three runs: appears (all new), stays (still open), vanishes (all fixed)', () => {
    const found = runs[0]!.findings.length;
    expect(found).toBeGreaterThan(0);
    expect(runs[1]!.findings).toHaveLength(found);
    expect(runs[2]!.findings).toHaveLength(0);
    const bySeverity = Object.fromEntries(
      SEVERITIES.map((severity) => [
        severity,
        String(runs[0]!.findings.filter((finding) => finding.severity === severity).length),
      ]),
    );
    expect(row(page, runs[0]!.id)).toEqual({
      ...bySeverity,
      open: String(found),
      new: String(found),
      reopened: '0',
      fixed: '0',
      'mean-days': '0',
      'longest-days': '0',
    });
    expect(row(page, runs[1]!.id)).toEqual({
      ...bySeverity,
      open: String(found),
      new: '0',
      reopened: '0',
      fixed: '0',
      'mean-days': '0',
      'longest-days': '0',
    });
    expect(row(page, runs[2]!.id)).toEqual({
      critical: '0',
      high: '0',
      medium: '0',
      low: '0',
      info: '0',
      open: '0',
      new: '0',
      reopened: '0',
      fixed: String(found),
      'mean-days': '–',
      'longest-days': '–',
    });
    // In time order, one scope: the target scanned.
    const order = runs.map((run) => page.indexOf(`<tr data-scan="${run.id}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(page).toContain(`<h2>Scope: ${target}</h2>`);
    expect(page).toContain('<dt>Scans recorded</dt><dd>3, ');
  });

  it('the SVG charts draw the same numbers', () => {
    const found = runs[0]!.findings.length;
    const svg = (name: string) =>
      new RegExp(`<svg[^>]*aria-labelledby="scope-1-${name}-title[^]*?</svg>`).exec(page)![0];
    const open = svg('open');
    // One column per scan, labelled with its count of open findings, and a tooltip for each.
    expect(open.match(/<g[ >]/g)).toHaveLength(3);
    expect([...open.matchAll(/font-weight="600" fill="#1b1b1b">(\d+)<\/text>/g)].map((m) => m[1])).toEqual([
      String(found),
      String(found),
      '0',
    ]);
    expect(open).toContain(`${runs[0]!.startedAt}: ${found} open (`);
    expect(open).toContain(`${runs[2]!.startedAt}: 0 open (`);
    // The bars of the first column add up to its count, one colour per severity present.
    const firstColumn = /<g><title>[^<]*<\/title>(.*?)<\/g>/.exec(open)![1]!;
    expect(firstColumn.match(/<rect /g)!.length).toBe(
      new Set(runs[0]!.findings.map((finding) => finding.severity)).size,
    );
    const flow = svg('flow');
    expect(flow).toContain(`Over these scans: ${found} new, 0 reopened, ${found} fixed.`);
    expect(flow).toContain(`>+${found}</text>`);
    expect(flow).toContain(`>−${found}</text>`);
    expect(svg('days')).toContain('At the latest column: mean –, longest – days.');
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'renders in headless Chromium: a screenshot in the test output, the numbers in the DOM, nothing run',
    () => {
      const common = [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
      ];
      const shot = join(OUTPUT, 'trend.png');
      execFileSync(
        CHROMIUM,
        [
          ...common,
          `--user-data-dir=${join(work, 'chromium-1')}`,
          `--screenshot=${shot}`,
          '--window-size=1200,2000',
          pathToFileURL(pageFile).href,
        ],
        { stdio: 'ignore', timeout: 90_000 },
      );
      const png = readFileSync(shot);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(png.readUInt32BE(16)).toBe(1200);
      expect(png.readUInt32BE(20)).toBe(2000);
      const dom = execFileSync(
        CHROMIUM,
        [...common, `--user-data-dir=${join(work, 'chromium-2')}`, '--dump-dom', pathToFileURL(pageFile).href],
        { encoding: 'utf8', timeout: 90_000, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      expect(/<title>([^<]*)<\/title>/.exec(dom)?.[1]).toBe('exposcan trend');
      expect(dom).not.toContain('<script');
      for (const run of runs) expect(dom).toContain(`<tr data-scan="${run.id}"`);
      expect(row(dom, runs[2]!.id)['fixed']).toBe(String(runs[0]!.findings.length));
      expect(dom.match(/<svg /g)).toHaveLength(3);
    },
    200_000,
  );
});

describe('exposcan history --html: bad input is one line and exit 2', () => {
  const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);

  it('a history that does not exist', async () => {
    const missing = join(work, 'none', 'history.sqlite');
    const result = await runCli(['history', '--history', missing, '--html', join(work, 'x.html')]);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
    expect(result.stderr).toContain(`--history '${missing}' does not exist`);
    expect(existsSync(join(work, 'x.html'))).toBe(false);
  });

  it('a file that is not a history', async () => {
    const bogus = join(work, 'bogus.sqlite');
    writeFileSync(bogus, 'not a database, not even close '.repeat(100));
    const result = await runCli(['history', '--history', bogus, '--html', join(work, 'y.html')]);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
    expect(result.stderr).toMatch(/cannot be opened as a scan history/);
  });

  it('a FILE that cannot be written (under a file, a planted symlink); an empty history is a page that says so', async () => {
    const history = join(work, 'h2.sqlite');
    new HistoryStore(history).close();
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, 'x');
    const under = await runCli(['history', '--history', history, '--html', join(blocker, 'trend.html')]);
    expect(under.code).toBe(2);
    oneLine(under.stderr);
    expect(under.stderr.trim()).toBe(
      `exposcan: --html: '${blocker}' is not a folder: ${join(blocker, 'trend.html')} not written`,
    );
    const link = join(work, 'link.html');
    symlinkSync(join(work, 'elsewhere.html'), link);
    const linked = await runCli(['history', '--history', history, '--html', link]);
    expect(linked.code).toBe(2);
    oneLine(linked.stderr);
    expect(linked.stderr).toContain('is a symbolic link');
    expect(linked.stderr).toContain('choose another file');
    expect(existsSync(join(work, 'elsewhere.html'))).toBe(false);
    const empty = await runCli(['history', '--history', history, '--html', join(work, 'empty.html')]);
    expect(empty.code, empty.stderr).toBe(0);
    expect(readFileSync(join(work, 'empty.html'), 'utf8')).toContain('No scan is recorded in this history yet');
  });

  it('--html with history show, or with --json', async () => {
    const history = join(work, 'h3.sqlite');
    new HistoryStore(history).close();
    const show = await runCli(['history', 'show', 'x', '--history', history, '--html', join(work, 'z.html')]);
    expect(show.code).toBe(2);
    expect(show.stderr.trim()).toBe('exposcan: --html draws the whole history: not with history show');
    const json = await runCli(['history', '--history', history, '--json', '--html', join(work, 'z.html')]);
    expect(json.code).toBe(2);
    expect(json.stderr.trim()).toBe('exposcan: --html and --json: give one');
  });
});
