// Preloaded into the CLI (`node --import`) to play a DNS zone without any DNS traffic:
// STATIC_HOSTS ("name=127.0.0.1,other=127.0.0.2") answers those names with loopback addresses;
// every other name fails as an unknown name does. Each lookup is appended to STATIC_LOG, so a
// test can check which names a scan tried (and that it invented none).
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';

const { STATIC_HOSTS = '', STATIC_LOG } = process.env;
const hosts = new Map(
  STATIC_HOSTS.split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=').map((part) => part.trim().toLowerCase())),
);
for (const address of hosts.values())
  if (!address.startsWith('127.')) throw new Error(`static-resolver: ${address} is not a loopback address`);

dns.lookup = function staticLookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  const all = typeof options === 'object' && options !== null && options.all === true;
  const name = String(hostname).toLowerCase();
  if (STATIC_LOG) appendFileSync(STATIC_LOG, `${name}\n`);
  const address = hosts.get(name);
  if (address === undefined) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    process.nextTick(() => done(error));
    return;
  }
  process.nextTick(() => (all ? done(null, [{ address, family: 4 }]) : done(null, address, 4)));
};
