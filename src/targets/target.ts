// Parsing what the user wrote into a target. A target is data, not yet endpoints: ranges stay
// ranges until the scheduler pulls addresses from them one by one.
import net from 'node:net';
import { UsageError } from '../errors.js';
import { bitsOf, fromBigInt, toBigInt, type IpVersion } from './address.js';

export type Target =
  | {
      readonly kind: 'url';
      readonly text: string;
      readonly host: string;
      readonly port: number;
      readonly scheme: 'http' | 'https';
      readonly basePath: string;
    }
  | { readonly kind: 'host-port'; readonly text: string; readonly host: string; readonly port: number }
  | { readonly kind: 'host'; readonly text: string; readonly host: string }
  | {
      readonly kind: 'range';
      readonly text: string;
      readonly version: IpVersion;
      readonly first: bigint;
      readonly size: bigint;
    };

/** A target as echoed in an error: one line, control characters blanked, long text cut. */
function shown(text: string): string {
  const line = withoutPassword(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return line.length > 100 ? `${line.slice(0, 100)}…` : line;
}

/**
 * `scheme://user:password@…` echoed as `scheme://user:***@…`: a password a user put in a target
 * never reaches a terminal or a CI log. Everything up to the last `@` is taken as the user part, so
 * a password holding `@` or `/` is hidden whole (a path with `@` is over-hidden, never leaked).
 */
export function withoutPassword(text: string): string {
  const start = text.indexOf('://');
  const at = text.lastIndexOf('@');
  if (start < 0 || at < start) return text;
  const userinfo = text.slice(start + 3, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return text;
  return `${text.slice(0, start + 3)}${userinfo.slice(0, colon)}:***${text.slice(at)}`;
}

/** 2^24 addresses (a /8 of IPv4, a /104 of IPv6): beyond that a scan is a mistake, not a plan. */
const MAX_RANGE_SIZE = 1n << 24n;

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

export function parseTarget(raw: string): Target {
  const text = raw.trim();
  if (text === '') throw new UsageError('target is empty');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return parseUrl(text);
  if (text.includes('/')) return parseRange(text);
  if (NMAP_LIKE.test(text) && /[-*,]/.test(text)) return parseDashRange(text);
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const host = bracketed[1]!;
    if (net.isIPv6(host) === false)
      throw new UsageError(`target '${shown(text)}': '${shown(host)}' is not an IPv6 address`);
    return bracketed[2] === undefined
      ? { kind: 'host', text, host: canonicalIpv6(host) }
      : { kind: 'host-port', text, host: canonicalIpv6(host), port: parsePort(bracketed[2], text) };
  }
  if (net.isIPv6(text)) return { kind: 'host', text, host: canonicalIpv6(text) };
  const colon = text.lastIndexOf(':');
  if (colon >= 0) {
    const host = text.slice(0, colon);
    checkHost(host, text);
    return { kind: 'host-port', text, host, port: parsePort(text.slice(colon + 1), text) };
  }
  checkHost(text, text);
  return { kind: 'host', text, host: text };
}

function parseUrl(text: string): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`target '${shown(text)}' is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`target '${shown(text)}': only http:// and https:// URLs can be scanned`);
  if (url.username || url.password)
    throw new UsageError(
      `target '${shown(text)}': credentials in URLs are not accepted (exposcan only checks what is open without them)`,
    );
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  const bare = url.hostname.replace(/^\[|\]$/g, '');
  const host = net.isIPv6(bare) ? canonicalIpv6(bare) : bare;
  const basePath = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { kind: 'url', text, host, port, scheme, basePath };
}

function parseRange(text: string): Target {
  const [address = '', prefixText = '', extra] = text.split('/');
  const parsed = toBigInt(address);
  if (!parsed || extra !== undefined || !/^\d{1,3}$/.test(prefixText)) {
    throw new UsageError(`target '${shown(text)}' is not a CIDR range (expected e.g. 192.0.2.0/24 or 2001:db8::/120)`);
  }
  const bits = bitsOf(parsed.version);
  const prefix = Number(prefixText);
  if (prefix > bits) throw new UsageError(`target '${shown(text)}': prefix /${prefix} is longer than ${bits} bits`);
  const size = 1n << BigInt(bits - prefix);
  if (size > MAX_RANGE_SIZE) {
    throw new UsageError(
      `target '${shown(text)}' covers 2^${bits - prefix} addresses; split it into ranges of at most 2^24 addresses`,
    );
  }
  const first = (parsed.value >> BigInt(bits - prefix)) << BigInt(bits - prefix);
  return { kind: 'range', text, version: parsed.version, first, size };
}

/**
 * nmap's octet syntax looks like a host name (digits, dots, dashes) and would otherwise be looked
 * up in DNS and silently resolve to nothing. What is contiguous is read as a range: a span of the
 * last octet (`192.0.2.1-20`) or two whole addresses (`192.0.2.1-192.0.2.20`). The rest of nmap's
 * grammar (a span in another octet, `*`, commas) is refused in one line rather than guessed at.
 */
const NMAP_LIKE = /^[\d.*,-]+(:\d*)?$/;
const LAST_OCTET_SPAN = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.)(\d{1,3})-(\d{1,3})$/;

function parseDashRange(text: string): Target {
  const refuse = (why: string) =>
    new UsageError(
      `target '${shown(text)}' ${why} (nmap range syntax: a span of the last octet such as 192.0.2.1-20, or 192.0.2.1-192.0.2.20; or a CIDR range)`,
    );
  if (text.includes(':')) throw refuse('is a range with a port: ranges take their ports from --ports');
  const span = LAST_OCTET_SPAN.exec(text);
  const [from, to] = span ? [`${span[1]}${span[2]}`, `${span[1]}${span[3]}`] : text.split('-');
  const first = from !== undefined && net.isIPv4(from) ? toBigInt(from) : undefined;
  const last = to !== undefined && net.isIPv4(to) && text.split('-').length === 2 ? toBigInt(to) : undefined;
  if (!first || !last) throw refuse('is not a range exposcan reads');
  if (last.value < first.value) throw refuse('ends before it starts');
  if (last.value - first.value + 1n > MAX_RANGE_SIZE)
    throw new UsageError(
      `target '${shown(text)}' covers more than 2^24 addresses; split it into ranges of at most 2^24 addresses`,
    );
  return { kind: 'range', text, version: 4, first: first.value, size: last.value - first.value + 1n };
}

/** One spelling per IPv6 address (RFC 5952), so ids and duplicates do not depend on how it was typed. */
function canonicalIpv6(address: string): string {
  const parsed = toBigInt(address);
  return parsed ? fromBigInt(parsed.value, 6) : address;
}

function parsePort(text: string, target: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new UsageError(`target '${shown(target)}': port '${shown(text)}' is not a number from 1 to 65535`);
  }
  return Number(text);
}

function checkHost(host: string, target: string): void {
  if (net.isIP(host) !== 0) return;
  if (!HOSTNAME.test(host))
    throw new UsageError(`target '${shown(target)}': '${shown(host)}' is not a valid host name or IP address`);
}

/** Targets files: one target a line; blank lines and `#` comments are skipped. Line numbers in errors. */
export function parseTargetsFile(content: string, fileName: string): Target[] {
  const targets: Target[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    const text = line.replace(/#.*$/, '').trim();
    if (text === '') return;
    try {
      targets.push(parseTarget(text));
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${fileName}:${index + 1}: ${error.message}`);
      throw error;
    }
  });
  return targets;
}
