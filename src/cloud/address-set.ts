// Sets of IP addresses as sorted, merged intervals on bigints, one list per IP version. Enough
// arithmetic to answer "after the higher-priority rules, which addresses does this rule still
// decide?" without ever expanding a CIDR.
import { bitsOf, toBigInt, type IpVersion } from '../targets/address.js';

interface Interval {
  readonly first: bigint;
  readonly last: bigint;
}

export interface AddressSet {
  readonly v4: readonly Interval[];
  readonly v6: readonly Interval[];
}

export const EMPTY: AddressSet = { v4: [], v6: [] };

export interface Cidr {
  readonly version: IpVersion;
  readonly first: bigint;
  readonly prefix: number;
}

/** "10.0.0.0/8", "192.0.2.7" (a /32), "::/0"; undefined for anything else. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const parsed = toBigInt(address);
  if (!parsed) return undefined;
  const bits = bitsOf(parsed.version);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  const host = BigInt(bits - prefix);
  return { version: parsed.version, first: (parsed.value >> host) << host, prefix };
}

export function cidrSet(cidr: Cidr): AddressSet {
  const size = 1n << BigInt(bitsOf(cidr.version) - cidr.prefix);
  const interval = [{ first: cidr.first, last: cidr.first + size - 1n }];
  return cidr.version === 4 ? { v4: interval, v6: [] } : { v4: [], v6: interval };
}

function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.first <= last.last + 1n)
      merged[merged.length - 1] = { first: last.first, last: interval.last > last.last ? interval.last : last.last };
    else merged.push(interval);
  }
  return merged;
}

function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  let result = [...from];
  for (const cut of remove) {
    result = result.flatMap((interval) => {
      if (cut.last < interval.first || cut.first > interval.last) return [interval];
      const pieces: Interval[] = [];
      if (cut.first > interval.first) pieces.push({ first: interval.first, last: cut.first - 1n });
      if (cut.last < interval.last) pieces.push({ first: cut.last + 1n, last: interval.last });
      return pieces;
    });
  }
  return result;
}

export function union(a: AddressSet, b: AddressSet): AddressSet {
  return { v4: merge([...a.v4, ...b.v4]), v6: merge([...a.v6, ...b.v6]) };
}

export function subtract(a: AddressSet, b: AddressSet): AddressSet {
  return { v4: subtractIntervals(a.v4, b.v4), v6: subtractIntervals(a.v6, b.v6) };
}

export function isEmpty(set: AddressSet): boolean {
  return set.v4.length === 0 && set.v6.length === 0;
}

/** Addresses nobody on the internet can come from: private, loopback, link-local, documentation, multicast… */
const NON_PUBLIC: AddressSet = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
  '2001:db8::/32',
  '::ffff:0:0/96',
  '64:ff9b:1::/48',
].reduce((set, text) => union(set, cidrSet(parseCidr(text)!)), EMPTY);

/** The part of `set` that is public internet address space. */
export function publicPart(set: AddressSet): AddressSet {
  return subtract(set, NON_PUBLIC);
}
