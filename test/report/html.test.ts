import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/engine/rule.js';
import type { Finding } from '../../src/findings/finding.js';
import { RENDERERS } from '../../src/report/formats.js';
import { escapeHtml, HTML_CSP, renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/report.js';
import { hostileFinding, reportWith } from './fixtures.js';

const TRUSTED_REFERENCE = hostileFinding.references[0]!;
// Only what the renderer reads from a rule: its id and its references.
const rules = [{ meta: { id: hostileFinding.ruleId, references: [TRUSTED_REFERENCE] } }] as unknown as readonly Rule[];

const PAYLOAD = `"'><script>document.title='pwned'</script><img src=x onerror="document.title='pwned'"><a href="javascript:document.title='pwned'">x</a><svg onload=alert(1)>`;

/** A report where every string a server or a user could influence carries markup. */
function hostileReport(partial = false): Report {
  const finding: Finding = {
    ...hostileFinding,
    title: `Title ${PAYLOAD}`,
    message: `Message ${PAYLOAD}`,
    why: `why ${PAYLOAD}`,
    version: `7.17.27${PAYLOAD}`,
    remediation: `Remediate ${PAYLOAD}`,
    // Not in the rule's metadata: must never become a link.
    references: [
      TRUSTED_REFERENCE,
      'javascript:document.title=1',
      'http://evil.example/x',
      'https://evil.example/not-from-the-rule',
    ],
    evidence: {
      ...hostileFinding.evidence,
      banner: PAYLOAD,
      link: 'https://evil.example/from-evidence',
      list: [PAYLOAD, 'http://evil.example/y'],
    },
    target: { ...hostileFinding.target!, url: `http://192.0.2.10:9200/${PAYLOAD}` },
  };
  const base = reportWith(
    [
      finding,
      {
        ...hostileFinding,
        id: 'ffffffffffffffffffffffff',
        severity: 'medium',
        score: 5.2,
        ruleId: 'redis-unauthenticated',
        references: [],
      },
    ],
    partial,
  );
  return {
    ...base,
    scan: { ...base.scan, targets: [...base.scan.targets, `evil${PAYLOAD}`], id: `scan${PAYLOAD}` },
    services: [...base.services, { host: '192.0.2.11', port: 2222, protocol: 'unknown', tls: false, banner: PAYLOAD }],
    coverage: [
      {
        provider: 'aws',
        account: `acct${PAYLOAD}`,
        region: 'eu-west-1',
        call: 's3:GetBucketPolicy',
        reason: 'denied',
        message: `AccessDenied ${PAYLOAD}`,
        resource: `bucket${PAYLOAD}`,
      },
    ],
  };
}

/** Every start tag in the document, as written. */
function tags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

describe('escapeHtml', () => {
  it('escapes the five characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('report.html', () => {
  const html = renderHtml(hostileReport(), rules);

  it('is registered as the html format', () => {
    expect(RENDERERS.html.file).toBe('report.html');
    expect(RENDERERS.html.render(reportWith([]), [])).toContain('<!DOCTYPE html>');
  });

  it('carries the Content-Security-Policy meta tag before anything else in <head>', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP.replace(/'/g, '&#39;')}">`);
    expect(HTML_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<title>'));
  });

  it('has no script, no event handler, no javascript: URL from the data', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg onload/i);
    for (const tag of tags(html)) {
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/javascript:/i);
    }
    expect(html).toContain('&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('loads nothing: no src=, no stylesheet links, no external URL in any attribute but rule-reference hrefs', () => {
    const allTags = tags(html);
    expect(allTags.filter((tag) => /\ssrc\s*=/i.test(tag))).toEqual([]);
    expect(allTags.filter((tag) => /^<link/i.test(tag))).toEqual([]);
    expect(html).not.toMatch(/@import|url\(/i);
    const hrefs = allTags.flatMap((tag) => [...tag.matchAll(/\shref="([^"]*)"/gi)].map((match) => match[1]));
    expect(hrefs).toEqual([TRUSTED_REFERENCE]);
    for (const tag of allTags.filter((tag) => !/^<a\s/i.test(tag))) expect(tag).not.toMatch(/https?:\/\//i);
  });

  it('never links a URL from evidence, a target or a reference the rule does not list', () => {
    expect(html).not.toMatch(/href="https:\/\/evil/);
    expect(html).not.toMatch(/href="http:/);
    expect(html).toContain('https://evil.example/not-from-the-rule');
    // Without the rule's metadata, references are text only.
    expect(tags(renderHtml(hostileReport())).filter((tag) => /\shref=/i.test(tag))).toEqual([]);
  });

  it('shows what was scanned and the counts', () => {
    expect(html).toContain('exposcan 0.1.0');
    expect(html).toContain('2026-11-25T10:00:00.000Z');
    expect(html).toContain('2.0 s');
    expect(html).toContain('<code>elasticsearch-unauthenticated</code>, <code>redis-unauthenticated</code>');
    expect(html).toContain('concurrency 64; per host 4; rate 1000/s; timeout 5000 ms; credential checks off');
    // Before: every rule id and port filled the top of the page; now each list is folded behind its count.
    expect(html).toContain('<dt>Ports (2)</dt><dd><details><summary>2 ports</summary>6379, 9200</details></dd>');
    expect(html).toContain('<details><summary>2 rules</summary><code>elasticsearch-unauthenticated</code>');
    expect(html).toContain('<td class="num" data-severity="critical">1</td>');
    expect(html).toContain('<td class="num" data-severity="medium">1</td>');
    expect(html).toContain('<td class="num" data-severity="high">0</td>');
    expect(html).toContain('<th>total</th><th class="num">2</th>');
    expect(html).toContain('Findings by severity: critical 1, high 0, medium 1, low 0, info 0');
    expect(html.match(/<section class="finding/g)).toHaveLength(2);
  });

  it('shows remediation without raw Markdown backticks, and still escapes it', () => {
    const report = reportWith([
      { ...hostileFinding, remediation: 'Set `xpack.security.enabled: true` and restart; `<b>`' },
    ]);
    const page = renderHtml(report);
    expect(page).toContain('<strong>Remediation:</strong> Set xpack.security.enabled: true and restart; &lt;b&gt;</p>');
    expect(page).not.toContain('`xpack');
  });

  it('ranks the summary and the findings by score', () => {
    const report = hostileReport();
    const reversed = { ...report, findings: [...report.findings].reverse() };
    const out = renderHtml(reversed, rules);
    expect(out.indexOf('<td class="num">9.5</td>')).toBeLessThan(out.indexOf('<td class="num">5.2</td>'));
    expect(out.indexOf('finding sev-critical')).toBeLessThan(out.indexOf('finding sev-medium'));
  });

  it('lists services and the "Not checked" section', () => {
    expect(html).toContain('<h2>Services</h2>');
    expect(html).toContain('192.0.2.11:2222');
    expect(html).toContain('<h2>Not checked</h2>');
    expect(html).toContain('s3:GetBucketPolicy');
    expect(html).toContain('AccessDenied &quot;&#39;&gt;&lt;script&gt;');
  });

  it('renders zero findings and a partial scan', () => {
    const empty = renderHtml(reportWith([], true), []);
    expect(empty).toContain('<p>No findings.</p>');
    expect(empty).toContain('Partial scan');
    expect(empty).toContain('<th>total</th><th class="num">0</th>');
    expect(empty).not.toContain('<section class="finding');
    expect(renderHtml(reportWith([]), [])).not.toContain('Partial scan');
  });
});

// Debian's Chromium, which .ci/run installs; a developer machine without it skips (CI never does).
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM) && process.env.CI) throw new Error('chromium is not installed; .ci/run must install it');
describe.skipIf(!existsSync(CHROMIUM))('report.html in headless Chromium', () => {
  it('renders without running anything a server sent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exposcan-html-'));
    try {
      const file = join(dir, 'report.html');
      writeFileSync(file, renderHtml(hostileReport(true), rules));
      const common = [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ];
      const shot = join(dir, 'shot.png');
      execFileSync(
        CHROMIUM,
        [
          ...common,
          `--user-data-dir=${join(dir, 'profile1')}`,
          `--screenshot=${shot}`,
          '--window-size=1200,2000',
          pathToFileURL(file).href,
        ],
        { stdio: 'ignore', timeout: 60_000 },
      );
      expect(existsSync(shot)).toBe(true);
      expect(statSync(shot).size).toBeGreaterThan(0);
      const dom = execFileSync(
        CHROMIUM,
        [...common, `--user-data-dir=${join(dir, 'profile2')}`, '--dump-dom', pathToFileURL(file).href],
        { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      const title = /<title>([^<]*)<\/title>/.exec(dom)?.[1];
      expect(title).toBeDefined();
      expect(title).not.toBe('pwned');
      expect(dom).not.toContain('<script');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
