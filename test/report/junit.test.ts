import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { renderJunit, xmlAttr, xmlText } from '../../src/report/junit.js';
import { hostileFinding, reportWith } from './fixtures.js';

interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) =>
  text.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|(\w+));/g, (_, dec, hex, name) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ENTITY[name]!,
  );

/** A tiny well-formedness check, enough for what renderJunit writes (no CDATA, comments or DTD). Throws on anything else. */
function parseXml(xml: string): Element {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  // Every & starts a known entity or a character reference.
  expect(xml.replace(/&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, '')).not.toContain('&');
  const body = xml.slice(xml.indexOf('?>') + 2);
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/y;
  const root: Element = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  let at = 0;
  while (at < body.length) {
    const next = body.indexOf('<', at);
    const text = body.slice(at, next === -1 ? body.length : next);
    if (text.includes('>')) throw new Error(`raw '>' in text at ${at}`);
    stack.at(-1)!.text += decode(text);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(body);
    if (!match) throw new Error(`malformed tag at ${next}: ${body.slice(next, next + 60)}`);
    const [whole, closing, name, attrText, selfClosing] = match;
    if (closing) {
      const open = stack.pop()!;
      if (open.name !== name) throw new Error(`</${name}> closes <${open.name}>`);
    } else {
      const attrs: Record<string, string> = {};
      for (const [, key, value] of attrText!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        if (key! in attrs) throw new Error(`duplicate attribute ${key}`);
        attrs[key!] = decode(value!);
      }
      const element: Element = { name: name!, attrs, children: [], text: '' };
      stack.at(-1)!.children.push(element);
      if (!selfClosing) stack.push(element);
    }
    at = next + whole.length;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  expect(root.text.trim()).toBe('');
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}

const all = (element: Element, name: string): Element[] => [
  ...element.children.filter((child) => child.name === name),
  ...element.children.flatMap((child) => all(child, name)),
];

describe('JUnit XML', () => {
  it('escapes what a hostile server sent and stays well-formed', () => {
    const xml = renderJunit(reportWith([hostileFinding]));
    expect(xml).not.toContain('<script>');
    const suites = parseXml(xml);
    const failure = all(suites, 'failure')[0]!;
    // The evidence survives, exactly, as text: the parser gives back what the server sent.
    expect(failure.text).toContain(JSON.stringify(hostileFinding.evidence.clusterName));
    expect(failure.text).toContain('[link](http://evil.example)');
    expect(failure.text).not.toMatch(/\n# heading/);
  });

  it('has one suite per rule, a failing testcase per place and a passing one for a rule that found nothing', () => {
    const suites = parseXml(renderJunit(reportWith([hostileFinding])));
    expect(suites.name).toBe('testsuites');
    expect(suites.attrs).toMatchObject({ name: 'exposcan', tests: '2', failures: '1', errors: '0', time: '2.000' });
    expect(suites.children.map((suite) => suite.attrs.name)).toEqual([
      'elasticsearch-unauthenticated',
      'redis-unauthenticated',
    ]);
    const [elastic, redis] = suites.children;
    expect(elastic!.attrs).toMatchObject({ tests: '1', failures: '1', errors: '0' });
    const testcase = elastic!.children[0]!;
    expect(testcase.attrs).toMatchObject({ classname: 'elasticsearch-unauthenticated', name: '192.0.2.10:9200' });
    const failure = testcase.children[0]!;
    expect(failure.attrs).toEqual({ message: hostileFinding.title, type: 'critical' });
    for (const part of [
      hostileFinding.title,
      hostileFinding.message,
      'score: 9.5',
      'remediation: Enable security.',
      '"indices": 2',
      hostileFinding.references[0]!,
    ]) {
      expect(failure.text).toContain(part);
    }
    expect(redis!.children).toEqual([
      {
        name: 'testcase',
        attrs: { classname: 'redis-unauthenticated', name: 'no finding', time: '0' },
        children: [],
        text: '',
      },
    ]);
  });

  it('groups findings of one rule at one place into one testcase, worst severity first', () => {
    const other: Finding = { ...hostileFinding, id: 'ffff', title: 'Second & worse', severity: 'high', score: 8 };
    const elsewhere: Finding = {
      ...hostileFinding,
      id: 'eeee',
      target: { ...hostileFinding.target!, host: '2001:db8::1' },
    };
    const suites = parseXml(renderJunit(reportWith([hostileFinding, other, elsewhere])));
    expect(suites.attrs).toMatchObject({ tests: '3', failures: '2' });
    const cases = suites.children[0]!.children;
    expect(cases.map((testcase) => testcase.attrs.name)).toEqual(['192.0.2.10:9200', '[2001:db8::1]:9200']);
    expect(cases[0]!.children[0]!.attrs).toEqual({
      message: `2 findings: ${hostileFinding.title}; Second & worse`,
      type: 'critical',
    });
  });

  it('zero findings still give a valid file where every rule passes', () => {
    const suites = parseXml(renderJunit(reportWith([])));
    expect(suites.attrs).toMatchObject({ tests: '2', failures: '0', errors: '0' });
    expect(all(suites, 'testcase').map((testcase) => testcase.attrs.name)).toEqual(['no finding', 'no finding']);
  });

  it('coverage gaps and an interrupted scan are errors, never passes', () => {
    const gap = {
      provider: 'alibaba',
      account: '1234567890123456',
      region: 'cn-shanghai',
      call: 'rds:DescribeDBInstanceIPArrayList',
      reason: 'denied',
      message: 'Forbidden <b>&</b>\u0000\u001b',
      resource: 'rm-1',
    } as const;
    const suites = parseXml(renderJunit({ ...reportWith([], true), coverage: [gap] }));
    expect(suites.attrs).toMatchObject({ tests: '4', failures: '0', errors: '2' });
    const coverage = suites.children.find((suite) => suite.attrs.name === 'coverage')!;
    expect(coverage.attrs).toMatchObject({ tests: '2', errors: '2' });
    const [denied, interrupted] = coverage.children;
    expect(denied!.attrs.name).toBe('alibaba/1234567890123456/cn-shanghai rds:DescribeDBInstanceIPArrayList (rm-1)');
    expect(denied!.children[0]!.name).toBe('error');
    expect(denied!.children[0]!.attrs).toEqual({ message: 'Not checked: denied: Forbidden <b>&</b>', type: 'denied' });
    expect(interrupted!.attrs.name).toBe('scan interrupted');
    expect(interrupted!.children[0]!.name).toBe('error');
  });

  it('escapes the five XML specials and drops characters XML 1.0 forbids', () => {
    expect(xmlText(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(xmlText('x\u0000\u0008\u000B\u000C\u000E\u001F\uFFFEy\t\n')).toBe('xy\t\n');
    expect(xmlText('lone \uD800 surrogate \uDC00, pair \uD83D\uDE00')).toBe('lone  surrogate , pair \uD83D\uDE00');
    expect(xmlAttr('line\r\nnext\ttab')).toBe('line&#13;&#10;next&#9;tab');
    const hostileTitle: Finding = { ...hostileFinding, title: 'x"/><injected a="', ruleId: 'r"><x' };
    const suites = parseXml(renderJunit(reportWith([hostileTitle])));
    expect(all(suites, 'injected')).toEqual([]);
    expect(all(suites, 'failure')[0]!.attrs.message).toBe('x"/><injected a="');
  });
});
