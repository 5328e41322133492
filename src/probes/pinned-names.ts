// A host name is resolved once per endpoint: by its first connection (the system resolver, with
// Node's happy-eyeballs choice between IPv4 and IPv6). Every later connection to that endpoint,
// the TLS retry, the other probes and the HTTP follow-ups, goes to the address that first
// connection reached. Otherwise a name whose DNS answer changes between two connections (DNS
// rebinding) could send the follow-ups of a public name to an address nobody asked to scan.
import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import net from 'node:net';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export class PinnedNames {
  /** Held by the endpoints of a name that are being probed; gone when none is. */
  private readonly pins = new Map<string, { readonly address: string; users: number }>();

  /** Pins `name` to `address` until the returned release is called (the first pin of a name wins). */
  hold(name: string, address: string): () => void {
    const key = name.toLowerCase();
    const pin = this.pins.get(key) ?? { address, users: 0 };
    pin.users++;
    this.pins.set(key, pin);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--pin.users === 0) this.pins.delete(key);
    };
  }

  addressOf(name: string): string | undefined {
    return this.pins.get(name.toLowerCase())?.address;
  }

  /** For undici's connector (net/tls.connect `lookup`): a pinned name answers from the pin, anything else from the system resolver. */
  readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const address = this.addressOf(hostname);
    if (address === undefined) {
      dns.lookup(
        hostname,
        { ...options, all: options.all === true } as LookupOptions & { all: boolean },
        callback as never,
      );
      return;
    }
    const family = net.isIP(address);
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };

  get size(): number {
    return this.pins.size;
  }
}
