// --exclude: hosts and ranges never to probe, whatever the targets say (nmap's --exclude). An
// address is excluded when it lies in an excluded range; a name when it is an excluded name
// (a name is not resolved to be compared: exclude its addresses to exclude what it points at).
import type { Endpoint } from '../engine/types.js';
import { UsageError } from '../errors.js';
import { toBigInt, type IpVersion } from './address.js';
import { parseTarget } from './target.js';

export class Exclusions {
  private readonly names = new Set<string>();
  private readonly ranges: { version: IpVersion; first: bigint; last: bigint }[] = [];

  /** Each text a host, an address, a CIDR range or an nmap range; `flag` names the option in errors. */
  constructor(texts: readonly string[], flag = '--exclude') {
    for (const text of texts) {
      let target;
      try {
        target = parseTarget(text);
      } catch (error) {
        if (error instanceof UsageError) throw new UsageError(`${flag}: ${error.message}`);
        throw error;
      }
      if (target.kind === 'range')
        this.ranges.push({ version: target.version, first: target.first, last: target.first + target.size - 1n });
      else if (target.kind === 'host') {
        const address = toBigInt(target.host);
        if (address) this.ranges.push({ version: address.version, first: address.value, last: address.value });
        else this.names.add(target.host.toLowerCase().replace(/\.$/, ''));
      } else
        throw new UsageError(
          `${flag}: '${text}' is not a host or range (a port or URL cannot be excluded; leave it out of the targets)`,
        );
    }
  }

  get empty(): boolean {
    return this.names.size === 0 && this.ranges.length === 0;
  }

  excludes(host: string): boolean {
    const address = toBigInt(host);
    if (!address) return this.names.has(host.toLowerCase().replace(/\.$/, ''));
    return this.ranges.some(
      (range) => range.version === address.version && range.first <= address.value && address.value <= range.last,
    );
  }

  *filter(endpoints: Iterable<Endpoint>): Generator<Endpoint> {
    for (const endpoint of endpoints) if (!this.excludes(endpoint.host)) yield endpoint;
  }
}
