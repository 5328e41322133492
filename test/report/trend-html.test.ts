// The trend page as a pure render: history rows in, one standalone page out. Every string from the
// history is escaped (a history file is input: another program or a hostile target list may have
// written it), an empty history says so, and a long or wide history stays the same size.
import { describe, expect, it } from 'vitest';
import { targetsKey, type Sighting } from '../../src/history/status.js';
import type { TrendScan } from '../../src/history/trend.js';
import { escapeHtml, HTML_CSP } from '../../src/report/html.js';
import { MAX_COLUMNS, MAX_SCOPES, niceStep, renderTrendHtml } from '../../src/report/trend-html.js';

const TOOL = { name: 'exposcan', version: '0.1.0' };
const PAYLOAD = `"'><script>document.title='pwned'</script><img src=x onerror="alert(1)"><svg onload=alert(1)><a href="javascript:alert(1)">x</a>`;

function scan(
  index: number,
  findings: readonly Sighting[],
  options: { targets?: string[]; partial?: boolean; at?: string } = {},
): TrendScan {
  const targets = options.targets ?? ['127.0.0.1:6379'];
  return {
    id: `scan-${index}`,
    startedAt: options.at ?? new Date(Date.UTC(2026, 0, 1 + index)).toISOString(),
    partial: options.partial ?? false,
    targets,
    targetsKey: targetsKey(targets),
    sightings: findings,
  };
}

const finding = (n: number, severity = 'high'): Sighting => ({
  findingId: `finding-${n}`,
  ruleId: 'redis-unauthenticated',
  place: `127.0.0.1:${6000 + n}`,
  severity,
});

const page = (scans: readonly TrendScan[], file = '/var/lib/exposcan/history.sqlite') =>
  renderTrendHtml({ tool: TOOL, file, scans, generatedAt: '2026-03-01T00:00:00.000Z' });

/**
 * Every start tag in the document with its attribute values blanked: what is left are the tag and
 * attribute names, which must be exposcan's own (a value that holds an escaped payload is text).
 */
const tags = (html: string) => (html.match(/<[a-zA-Z][^>]*>/g) ?? []).map((tag) => tag.replace(/="[^"]*"/g, '=""'));

/** The table row of a scan: its cells by data-col. */
function row(html: string, scanId: string): Record<string, string> {
  const id = scanId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<tr data-scan="${id}"[^>]*>(.*?)</tr>`).exec(html);
  if (!match) throw new Error(`no row for ${scanId}`);
  return Object.fromEntries(
    [...match[1]!.matchAll(/data-col="([a-z-]+)">([^<]*)</g)].map((cell) => [cell[1], cell[2]]),
  );
}

describe('the trend page', () => {
  it('an empty history: a valid page that says no scan is recorded, and no chart', () => {
    const html = page([]);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('No scan is recorded in this history yet');
    expect(html).toContain('<dt>Scans recorded</dt><dd>0</dd>');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<table');
  });

  it('carries the report CSP and has no script, no event handler, no link and loads nothing', () => {
    const html = page([scan(0, [finding(1)]), scan(1, [finding(1), finding(2, 'critical')])]);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP.replace(/'/g, '&#39;')}">`);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<title>'));
    expect(html).not.toMatch(/<script|<img|<a\s|<link|<iframe|<object|<foreignObject/i);
    for (const tag of tags(html)) {
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/\s(src|href)\s*=/i);
      expect(tag).not.toMatch(/javascript:/i);
    }
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('escapes every string from the history: targets, scan ids, rules, places, severities, the file name', () => {
    const hostile: Sighting = {
      findingId: `id${PAYLOAD}`,
      ruleId: `rule${PAYLOAD}`,
      place: `place${PAYLOAD}`,
      severity: `sev${PAYLOAD}`,
    };
    const scans = [
      { ...scan(0, [hostile, finding(1)], { targets: [`target${PAYLOAD}`] }), id: `scan${PAYLOAD}` },
      { ...scan(1, [hostile], { targets: [`target${PAYLOAD}`] }), id: `later${PAYLOAD}` },
    ];
    const html = page(scans, `/tmp/${PAYLOAD}/history.sqlite`);
    expect(html).not.toMatch(/<script|<img|<svg onload|<a\s/i);
    for (const tag of tags(html)) {
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/javascript:/i);
    }
    expect(html).toContain('target&quot;&#39;&gt;&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;');
    expect(html).toContain('<code>scan&quot;&#39;&gt;&lt;script&gt;');
    expect(html).toContain('rule&quot;&#39;&gt;&lt;script&gt;');
    expect(html).toContain('/tmp/&quot;&#39;&gt;&lt;script&gt;');
    // An unknown severity is counted in the total, never drawn or used as markup.
    expect(row(html, escapeHtml(`later${PAYLOAD}`))).toMatchObject({ critical: '0', high: '0', info: '0', open: '1' });
  });

  it('one scan: its counts in the table, the headline and the chart', () => {
    const html = page([scan(0, [finding(1, 'critical'), finding(2), finding(3)])]);
    expect(row(html, 'scan-0')).toEqual({
      critical: '1',
      high: '2',
      medium: '0',
      low: '0',
      info: '0',
      open: '3',
      new: '3',
      reopened: '0',
      fixed: '0',
      'mean-days': '0',
      'longest-days': '0',
    });
    expect(html).toContain('<div class="value">3</div><div class="label">open findings (critical 1, high 2)</div>');
    expect(html).toContain('<title id="scope-1-open-title">Open findings by severity, per scan</title>');
    expect(html).toContain('the latest has 3 open (critical 1, high 2, medium 0, low 0, info 0)');
    expect(html.match(/<svg /g)).toHaveLength(3);
  });

  it('appear, stay, vanish, reopen: new, fixed and reopened per scan, days open counted from the first sighting', () => {
    const scans = [
      scan(0, [finding(1), finding(2)]),
      scan(3, [finding(1), finding(2)]),
      scan(4, []),
      scan(10, [finding(1)]),
      scan(11, [finding(1)], { partial: true }),
    ];
    const html = page(scans);
    expect(['scan-0', 'scan-3', 'scan-4', 'scan-10', 'scan-11'].map((id) => row(html, id))).toEqual([
      expect.objectContaining({ open: '2', new: '2', fixed: '0', reopened: '0', 'longest-days': '0' }),
      expect.objectContaining({ open: '2', new: '0', fixed: '0', 'mean-days': '3', 'longest-days': '3' }),
      expect.objectContaining({ open: '0', fixed: '2', 'mean-days': '–', 'longest-days': '–' }),
      expect.objectContaining({ open: '1', reopened: '1', fixed: '0', 'longest-days': '10' }),
      expect.objectContaining({ open: '1', reopened: '0', 'longest-days': '11' }),
    ]);
    expect(html).toContain('<tr data-scan="scan-11" class="partial">');
    // The headline is the latest complete scan's, and says the latest one is partial.
    expect(html).toContain('the latest complete one; the latest, scan-11, is partial');
    expect(html).toContain(
      '<div class="value">10</div><div class="label">longest days open: redis-unauthenticated at 127.0.0.1:6001',
    );
    expect(html).toContain('<div class="value">2 / 1 / 2</div>');
    // The fixed bar goes below the line with its count.
    expect(html).toContain('>−2</text>');
  });

  it('hundreds of scans: at most MAX_COLUMNS columns and table rows, and a page of bounded size', () => {
    const sizes = [200, 2000].map((count) => {
      const scans = Array.from({ length: count }, (_, index) =>
        scan(
          index,
          Array.from({ length: 1 + (index % 9) }, (_, n) =>
            finding((index + n) % 40, ['critical', 'high', 'low'][n % 3]),
          ),
          { at: new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString() },
        ),
      );
      const html = page(scans);
      expect(html.match(/<tr data-scan=/g)).toHaveLength(MAX_COLUMNS);
      expect(html).toContain(`${count} scans are drawn as ${MAX_COLUMNS} columns`);
      // One <g> per column in the open chart (a column that saw nothing may have none in the flow chart).
      const openSvg = /<svg[^>]*aria-labelledby="scope-1-open-title[^]*?<\/svg>/.exec(html)![0];
      expect(openSvg.match(/<g[ >]/g)).toHaveLength(MAX_COLUMNS);
      return html.length;
    });
    // Ten times the scans, (nearly) the same page.
    expect(sizes[1]!).toBeLessThan(sizes[0]! * 1.1);
    expect(sizes[1]!).toBeLessThan(200_000);
  });

  it('many target lists: the most recently scanned scopes drawn, the others listed, the page bounded', () => {
    const scans = Array.from({ length: 120 }, (_, index) =>
      scan(index, [finding(index)], { targets: [`10.0.${index}.0/24`] }),
    );
    const html = page(scans);
    expect(html.match(/<section class="scope"/g)).toHaveLength(MAX_SCOPES);
    expect(html).toContain(`Scope 1 of 120: 10.0.119.0/24`);
    expect(html).toContain('<h2>Other scopes</h2>');
    expect(html).toContain('and 62 more; exposcan history lists every scan.');
    expect(html.length).toBeLessThan(250_000);
  });

  it('a long target list is cut in the page', () => {
    const targets = Array.from({ length: 5000 }, (_, index) => `192.0.2.${index % 256}:${1000 + index}`);
    const html = page([scan(0, [finding(1)], { targets })]);
    expect(html).toContain('<dt>Targets (5000)</dt>');
    expect(html).toContain('and 4988 more');
    expect(html.length).toBeLessThan(60_000);
  });
});

describe('niceStep', () => {
  it('whole steps of 1, 2 or 5 × 10^k', () => {
    expect([0, 3, 5, 6, 11, 40, 99, 1234].map((max) => niceStep(max))).toEqual([1, 1, 1, 2, 5, 10, 20, 500]);
  });
});
