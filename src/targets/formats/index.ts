// What a targets file may be: a list of targets (one a line), or the output of a discovery tool
// a team already runs, read as the open TCP ports it found (host:port targets). Each format is a
// line reader: one line in, the targets it names out, or why the line is not of the format.
// `auto` picks the format from the file's first non-blank line (formatOf).
import type { LineReader } from './line.js';
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
