import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { dedupeTargets, endpointCount, expandTargets } from '../../src/targets/expand.js';
import { parseTarget, parseTargetsFile } from '../../src/targets/target.js';

describe('parseTarget', () => {
  it.each([
    [
      'https://kibana.example.com/base',
      { kind: 'url', host: 'kibana.example.com', port: 443, scheme: 'https', basePath: '/base/' },
    ],
    ['http://127.0.0.1:5601', { kind: 'url', host: '127.0.0.1', port: 5601, scheme: 'http', basePath: '/' }],
    ['http://[::1]:9200/', { kind: 'url', host: '::1', port: 9200 }],
    ['127.0.0.1:6379', { kind: 'host-port', host: '127.0.0.1', port: 6379 }],
    ['[::1]:5432', { kind: 'host-port', host: '::1', port: 5432 }],
    ['db.example.com', { kind: 'host', host: 'db.example.com' }],
    ['2001:db8::1', { kind: 'host', host: '2001:db8::1' }],
    ['192.0.2.0/30', { kind: 'range', version: 4, first: 0xc0000200n, size: 4n }],
    ['192.0.2.77/24', { kind: 'range', first: 0xc0000200n, size: 256n }],
    ['2001:db8::/126', { kind: 'range', version: 6, size: 4n }],
    // nmap's syntax: before, these were host names looked up in DNS, resolving to nothing.
    ['127.0.0.1-5', { kind: 'range', version: 4, first: 0x7f000001n, size: 5n }],
    ['127.0.0.7-7', { kind: 'range', first: 0x7f000007n, size: 1n }],
    ['127.0.0.250-127.0.1.2', { kind: 'range', first: 0x7f0000fan, size: 9n }],
    ['a-1.example.com', { kind: 'host', host: 'a-1.example.com' }],
  ])('%s', (text, expected) => {
    expect(parseTarget(text)).toMatchObject(expected);
  });

  it.each([
    ['', /empty/],
    ['ftp://example.com', /only http/],
    ['http://user:pw@example.com', /credentials/],
    ['127.0.0.1:0', /port '0'/],
    ['127.0.0.1:70000', /port '70000'/],
    ['example.com:http', /port 'http'/],
    ['bad host!', /not a valid host/],
    ['10.0.0.0/33', /prefix \/33/],
    ['10.0.0.0/x', /not a CIDR/],
    ['10.0.0.0/7', /2\^25 addresses/],
    ['2001:db8::/64', /2\^64 addresses/],
    ['[example.com]:80', /not an IPv6/],
    ['127.0.0.5-1', /ends before it starts/],
    ['127.0.0.1-300', /not a range exposcan reads/],
    ['127.0-1.0.1', /not a range exposcan reads.*192\.0\.2\.1-20/],
    ['127.0.0.*', /not a range exposcan reads/],
    ['127.0.0.1,3', /not a range exposcan reads/],
    ['127.0.0.1-5:80', /ranges take their ports from --ports/],
    ['0.0.0.0-255.255.255.255', /more than 2\^24/],
  ])('rejects %j with one clear line', (text, message) => {
    expect(() => parseTarget(text)).toThrow(UsageError);
    expect(() => parseTarget(text)).toThrow(message);
  });
});

describe('targets files', () => {
  it('skips blank lines and comments and names the line of a bad one', () => {
    expect(parseTargetsFile('# lab\n127.0.0.1:6379\n\n  127.0.0.2 # second\n', 'lab.txt')).toHaveLength(2);
    expect(() => parseTargetsFile('127.0.0.1\nnot a target\n', 'lab.txt')).toThrow('lab.txt:2: target');
  });

  it('drops duplicates, including the same range written twice', () => {
    const targets = ['127.0.0.1:6379', '127.0.0.1:6379', '192.0.2.0/24', '192.0.2.9/24'].map(parseTarget);
    expect(dedupeTargets(targets)).toHaveLength(2);
  });
});

describe('expandTargets', () => {
  it('gives every port of a bare host and a range, in order', () => {
    const endpoints = [...expandTargets([parseTarget('127.0.0.1'), parseTarget('127.0.1.0/31')], [6379, 5432])];
    expect(endpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`)).toEqual([
      '127.0.0.1:6379',
      '127.0.0.1:5432',
      '127.0.1.0:6379',
      '127.0.1.0:5432',
      '127.0.1.1:6379',
      '127.0.1.1:5432',
    ]);
  });

  it('formats IPv6 range members canonically', () => {
    expect([...expandTargets([parseTarget('2001:db8::/127')], [80])].map((endpoint) => endpoint.host)).toEqual([
      '2001:db8::',
      '2001:db8::1',
    ]);
  });

  it('is lazy: a /8 yields its first endpoints without building the rest', () => {
    const targets = [parseTarget('10.0.0.0/8')];
    expect(endpointCount(targets, [80, 443])).toBe(2 * 2 ** 24);
    const iterator = expandTargets(targets, [80, 443]);
    expect(iterator.next().value).toEqual({ host: '10.0.0.0', port: 80, target: 0 });
    expect(iterator.next().value).toEqual({ host: '10.0.0.0', port: 443, target: 0 });
    expect(iterator.next().value).toEqual({ host: '10.0.0.1', port: 80, target: 0 });
  });
});

describe('IPv6 spelling', () => {
  it('is canonical whichever way the address was typed', () => {
    expect(parseTarget('[2001:DB8:0:0::1]:80')).toMatchObject({ host: '2001:db8::1' });
    expect(parseTarget('2001:0db8::0001')).toMatchObject({ host: '2001:db8::1' });
    expect(parseTarget('http://[2001:db8::0:1]:9200/')).toMatchObject({ host: '2001:db8::1' });
  });
});
