// Preloaded into the CLI (`node --import`) to play a DNS-rebinding resolver without any DNS
// traffic: REBIND_NAME answers REBIND_FIRST to its first lookup and REBIND_THEN to every later
// one; each lookup of it is appended to REBIND_LOG. Every other name fails, so nothing leaves
// loopback.
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';

const { REBIND_NAME, REBIND_FIRST, REBIND_THEN, REBIND_LOG } = process.env;
let lookups = 0;

dns.lookup = function rebindingLookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  const all = typeof options === 'object' && options !== null && options.all === true;
  if (hostname.toLowerCase() !== REBIND_NAME) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    process.nextTick(() => done(error));
    return;
  }
  const address = lookups++ === 0 ? REBIND_FIRST : REBIND_THEN;
  appendFileSync(REBIND_LOG, `${address}\n`);
  process.nextTick(() => (all ? done(null, [{ address, family: 4 }]) : done(null, address, 4)));
};
