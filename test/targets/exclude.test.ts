import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { Exclusions } from '../../src/targets/exclude.js';
import { parsePorts } from '../../src/targets/ports.js';

describe('--exclude', () => {
  const exclusions = new Exclusions(['127.0.0.5', '127.0.1.0/30', '127.0.2.10-12', 'db.example.com', '::1']);
  it.each([
    ['127.0.0.5', true],
    ['127.0.0.6', false],
    ['127.0.1.3', true],
    ['127.0.1.4', false],
    ['127.0.2.12', true],
    ['127.0.2.13', false],
    ['DB.example.com', true],
    ['db.example.org', false],
    ['0:0::1', true],
  ])('%s excluded: %s', (host, excluded) => {
    expect(exclusions.excludes(host)).toBe(excluded);
  });

  it('refuses a port or URL in one line', () => {
    expect(() => new Exclusions(['127.0.0.1:80'])).toThrow(UsageError);
    expect(() => new Exclusions(['http://x/'])).toThrow("--exclude: 'http://x/' is not a host or range");
    expect(() => new Exclusions(['bad host'])).toThrow("--exclude: target 'bad host'");
  });
});

describe('--ports ranges', () => {
  it('reads nmap-style ranges and lists, each port once', () => {
    expect(parsePorts('80,8000-8003,8001')).toEqual([80, 8000, 8001, 8002, 8003]);
    expect(parsePorts('1-65535')).toHaveLength(65535);
  });
  it.each([
    ['8100-8000', "range '8100-8000' ends before it starts"],
    ['0-5', "'0-5' is not a port"],
    ['80-', "'80-' is not a port"],
    ['1-70000', 'is not a port'],
  ])('%s is refused', (text, message) => {
    expect(() => parsePorts(text)).toThrow(message);
  });
});
