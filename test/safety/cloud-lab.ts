// Emulated cloud accounts made safe to scan: every address their resources expose is rewritten
// to a loopback address where nothing listens, so the endpoints they imply are probed on this
// machine only (and refused at once), unless a test points one at a server of its own.

/** Where the emulated resources' addresses point: loopback addresses where nothing listens. */
export const IMPLIED_HOSTS = { name: '127.0.0.9', ipv4: '127.0.0.8', ipv6: '::ffff:127.0.0.7' } as const;

/**
 * Rewrites every host name and public address in an emulated account to a loopback address.
 * IPv6 addresses go to an IPv4-mapped loopback address, not ::1, where this machine may run
 * services of its own. CIDR blocks (followed by "/") are whitelist data, never connected to.
 */
export function toLoopback<T>(account: T): T {
  const text = JSON.stringify(account)
    .replace(/"[a-z0-9.-]+\.(aliyuncs|amazonaws)\.com"/g, `"${IMPLIED_HOSTS.name}"`)
    .replace(
      /"(?!10\.|127\.|0\.0\.0\.0|172\.16\.|192\.168\.)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})"/g,
      `"${IMPLIED_HOSTS.ipv4}"`,
    )
    .replace(/"2001:db8:[0-9a-f:]+"/g, `"${IMPLIED_HOSTS.ipv6}"`);
  return JSON.parse(text) as T;
}
