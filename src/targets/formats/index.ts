// What a targets file may be: a list of targets (one a line), or the output of a discovery tool
// a team already runs, read as the open TCP ports it found (host:port targets). Each format is a
// line reader: one line in, the targets it names out, or why the line is not of the format.
// `auto` picks the format from the file's first non-blank line (formatOf).
import { masscanJson, masscanList } from './masscan.js';
import { naabuJson } from './naabu.js';
import { nmapGrepable, nmapXml } from './nmap.js';

export const TARGETS_FORMATS = [
  'auto',
  'list',
  'masscan-json',
  'masscan-list',
  'nmap-xml',
  'nmap-grepable',
  'naabu-json',
] as const;
export type TargetsFormat = (typeof TARGETS_FORMATS)[number];

/** What one line gave: target texts (possibly none), or an error about the line. */
export type LineResult = readonly string[] | { readonly error: string };

export interface LineReader {
  line(text: string): LineResult;
  /** At the end of the file: an error when the file ended where it must not (a truncated XML). */
  end(): string | undefined;
}

/** How the tools write the lines exposcan reads, for the error message. */
export const FORMAT_NAMES: Readonly<Record<Exclude<TargetsFormat, 'auto'>, string>> = {
  list: 'a target list (one target a line)',
  'masscan-json': 'masscan -oJ output',
  'masscan-list': 'masscan -oL output',
  'nmap-xml': 'nmap -oX output',
  'nmap-grepable': 'nmap -oG output',
  'naabu-json': 'naabu -json output',
};

export function readerFor(format: Exclude<TargetsFormat, 'auto' | 'list'>): LineReader {
  switch (format) {
    case 'masscan-json':
      return masscanJson();
    case 'masscan-list':
      return masscanList();
    case 'nmap-xml':
      return nmapXml();
    case 'nmap-grepable':
      return nmapGrepable();
    case 'naabu-json':
      return naabuJson();
  }
}

/** The format a file's first non-blank line announces; `list` when it announces none. */
export function formatOf(firstLine: string): Exclude<TargetsFormat, 'auto'> {
  const line = firstLine.trim();
  if (line.startsWith('<?xml') || line.startsWith('<nmaprun')) return 'nmap-xml';
  if (line === '#masscan') return 'masscan-list';
  if (/^# Nmap \d/.test(line)) return 'nmap-grepable';
  if (line === '[' || /^\{\s*"ip"\s*:.*"ports"\s*:/.test(line)) return 'masscan-json';
  if (line.startsWith('{')) return 'naabu-json';
  return 'list';
}

/** A host and port as a host:port target text (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A port number from a tool's output: a whole number from 1 to 65535, or undefined. */
export function portOf(value: unknown): number | undefined {
  const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}
