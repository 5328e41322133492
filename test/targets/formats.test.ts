// Discovery-tool outputs as targets (src/targets/formats/): each format read from a sample file
// (test/fixtures/targets/README.md says which are real nmap output and which are written in the
// shape the tools' sources print), detected from its first line or named, only open TCP ports
// taken, and a malformed line one error naming the file and the line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatOf, type TargetsFormat } from '../../src/targets/formats/index.js';
import { readTargetsFile } from '../../src/targets/source.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/targets');
const work = mkdtempSync(join(tmpdir(), 'exposcan-formats-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function texts(path: string, format: TargetsFormat = 'auto'): string[] {
  return [...readTargetsFile({ path, label: '--targets-file', format })].map((target) => target.text);
}

function written(name: string, content: string): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

describe('discovery-tool outputs', () => {
  const cases: { file: string; format: Exclude<TargetsFormat, 'auto'>; open: string[] }[] = [
    // Real nmap 7.93 output: 47803 was closed and is left out.
    { file: 'nmap-7.93.xml', format: 'nmap-xml', open: ['127.0.0.1:47801', '127.0.0.1:47802'] },
    { file: 'nmap-7.93.gnmap', format: 'nmap-grepable', open: ['127.0.0.1:47801', '127.0.0.1:47802'] },
    // Banner lines and UDP ports are not targets; IPv6 in brackets.
    { file: 'masscan-oL.txt', format: 'masscan-list', open: ['192.0.2.1:80', '192.0.2.1:443', '[2001:db8::5]:6379'] },
    { file: 'masscan-oJ.json', format: 'masscan-json', open: ['192.0.2.1:80', '192.0.2.2:9200'] },
    // The address naabu found open, not the name it was given.
    { file: 'naabu.jsonl', format: 'naabu-json', open: ['192.0.2.1:80', '192.0.2.3:5432', '[2001:db8::7]:27017'] },
  ];
  for (const { file, format, open } of cases) {
    it(`${format}: detected from the first line, open TCP ports only (${file})`, () => {
      expect(texts(join(FIXTURES, file))).toEqual(open);
      expect(texts(join(FIXTURES, file), format)).toEqual(open);
    });
  }

  it('a plain target list stays a target list, comments and all', () => {
    expect(formatOf('# my ranges')).toBe('list');
    expect(formatOf('192.0.2.0/24')).toBe('list');
    expect(texts(written('list.txt', '# my ranges\n192.0.2.0/30\nhttps://example.com/\n'))).toEqual([
      '192.0.2.0/30',
      'https://example.com/',
    ]);
  });

  it('a named format is held to: a target list read as nmap -oG fails on its first line', () => {
    const path = written('named.txt', '192.0.2.1:80\n');
    expect(() => texts(path, 'nmap-grepable')).toThrow(`${path}:1: not nmap -oG output`);
  });
});

describe('malformed lines: one error naming the file and the line', () => {
  const bad: { name: string; content: string; line: number; says: RegExp }[] = [
    {
      name: 'masscan.txt',
      content: '#masscan\nopen tcp 80 192.0.2.1 1\nopen tcp eighty 192.0.2.1 1\n',
      line: 3,
      says: /not masscan -oL output: expected "open tcp PORT ADDRESS TIMESTAMP"/,
    },
    {
      name: 'masscan.json',
      content:
        '[\n{"ip": "192.0.2.1", "ports": [ {"port": 80, "proto": "tcp", "status": "open"} ] }\n,\n{"ip": "192.0.2.2", "ports": [ {"port": 80\n]\n',
      line: 4,
      says: /not masscan -oJ output: not a JSON record/,
    },
    {
      name: 'naabu.jsonl',
      content: '{"ip":"192.0.2.1","port":80}\n{"ip":"192.0.2.2"}\n',
      line: 2,
      says: /not naabu -json output: an object without "ip" \(or "host"\) and "port"/,
    },
    {
      name: 'nmap.gnmap',
      content:
        '# Nmap 7.93 scan initiated\nHost: 192.0.2.1 ()\tPorts: 80/open/tcp/////\nNmap scan report for 192.0.2.2\n',
      line: 3,
      says: /not nmap -oG output/,
    },
    {
      name: 'cut.xml',
      content:
        '<?xml version="1.0"?>\n<nmaprun scanner="nmap">\n<host><address addr="192.0.2.1" addrtype="ipv4"/>\n<ports><port protocol="tcp" portid="80"><state state="open"/></port>\n',
      line: 4,
      says: /ends before <\/nmaprun>/,
    },
    {
      name: 'noaddress.xml',
      content:
        '<?xml version="1.0"?>\n<nmaprun scanner="nmap">\n<host>\n<ports><port protocol="tcp" portid="80"><state state="open"/></port>\n</nmaprun>\n',
      line: 4,
      says: /before its host's <address>/,
    },
    { name: 'list.txt', content: '192.0.2.1\nnot a host!\n', line: 2, says: /target 'not a host!'/ },
    // A tool's line naming a port no target can have is refused like a typed one.
    { name: 'port.txt', content: '#masscan\nopen tcp 70000 192.0.2.1 1\n', line: 2, says: /expected "open tcp PORT/ },
  ];
  for (const { name, content, line, says } of bad) {
    it(name, () => {
      const path = written(name, content);
      let error: unknown;
      try {
        texts(path);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message.startsWith(`${path}:${line}: `)).toBe(true);
      expect(message).toMatch(says);
      expect(message).not.toContain('\n');
    });
  }
});
