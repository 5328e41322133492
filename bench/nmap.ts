// nmap from Debian, the reference the benchmark compares against: found (or installed with
// apt-get when missing), run with service detection and read-only NSE scripts, its XML read back.
import { execFileSync } from 'node:child_process';

/**
 * NSE scripts that read what exposcan's rules read, and nothing else: version and unauthenticated
 * INFO/stats/listDatabases/_all_dbs reads, page titles and headers. Each is in nmap's "safe"
 * category, or "version" (docker-version, http-server-header); no brute-force script
 * (pgsql-brute, redis-brute, …) and nothing that writes.
 */
export const NMAP_SCRIPTS = [
  'redis-info',
  'memcached-info',
  'mongodb-info',
  'mongodb-databases',
  'mysql-info',
  'cassandra-info',
  'couchdb-databases',
  'docker-version',
  'http-title',
  'http-headers',
  'http-server-header',
] as const;

function which(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** nmap's path and version; installs Debian's package first when it is missing (says so). */
export function ensureNmap(log: (line: string) => void): { path: string; version: string; installed: boolean } {
  let path = which('nmap');
  let installed = false;
  if (!path) {
    log('nmap is not installed: running apt-get install -y nmap');
    try {
      execFileSync('apt-get', ['install', '-y', 'nmap'], { stdio: 'inherit' });
    } catch {
      // A fresh image has no package lists yet.
      log('apt-get install failed: running apt-get update, then apt-get install -y nmap again');
      execFileSync('apt-get', ['update'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', 'nmap'], { stdio: 'inherit' });
    }
    path = which('nmap');
    if (!path) throw new Error('nmap is still not on PATH after apt-get install -y nmap');
    installed = true;
  }
  const version = /Nmap version (\S+)/.exec(execFileSync(path, ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  return { path, version, installed };
}

/** The arguments of the comparison run: every host of the list on every port, no ping, no DNS. */
export function nmapArgs(targetsFile: string, ports: readonly number[], xmlFile: string): string[] {
  return [
    '-sV',
    '-Pn',
    '-n',
    '-p',
    ports.join(','),
    '--script',
    NMAP_SCRIPTS.join(','),
    '-oX',
    xmlFile,
    '-iL',
    targetsFile,
  ];
}

export interface NmapPort {
  readonly host: string;
  readonly port: number;
  readonly state: string;
  /** nmap's service name (`redis`, `http`, `unknown`, `tcpwrapped`). */
  readonly service?: string;
  readonly product?: string;
  readonly version?: string;
  /** `probed`: a probe's reply matched; `table`: only guessed from the port number (shown with a `?`). */
  readonly method?: string;
  /** NSE script id → its output, for the scripts that said something. */
  readonly scripts: Readonly<Record<string, string>>;
}

function attribute(tag: string, name: string): string | undefined {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return value === undefined ? undefined : unescapeXml(value);
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (entity in named) return named[entity]!;
    return String.fromCodePoint(
      entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10),
    );
  });
}

/** The ports of nmap's -oX output: nmap writes one flat, regular element per fact, so a few patterns read it. */
export function parseNmapXml(xml: string): NmapPort[] {
  const ports: NmapPort[] = [];
  for (const hostBlock of xml.split(/<host[\s>]/).slice(1)) {
    const address = /<address addr="([^"]+)" addrtype="ipv4"/.exec(hostBlock)?.[1];
    if (!address) continue;
    for (const match of hostBlock.matchAll(/<port protocol="tcp" portid="(\d+)">([\s\S]*?)<\/port>/g)) {
      const body = match[2]!;
      const stateTag = /<state [^>]*>/.exec(body)?.[0] ?? '';
      const serviceTag = /<service [^>]*>/.exec(body)?.[0];
      const scripts: Record<string, string> = {};
      for (const script of body.matchAll(/<script [^>]*?(?:\/>|>)/g)) {
        const id = attribute(script[0], 'id');
        // fingerprint-strings is nmap's dump of replies it could not match, not a script we ran.
        if (id && id !== 'fingerprint-strings') scripts[id] = attribute(script[0], 'output') ?? '';
      }
      const service = serviceTag ? attribute(serviceTag, 'name') : undefined;
      const product = serviceTag ? attribute(serviceTag, 'product') : undefined;
      const version = serviceTag ? attribute(serviceTag, 'version') : undefined;
      const method = serviceTag ? attribute(serviceTag, 'method') : undefined;
      ports.push({
        host: address,
        port: Number(match[1]),
        state: attribute(stateTag, 'state') ?? 'unknown',
        ...(service ? { service } : {}),
        ...(product ? { product } : {}),
        ...(version ? { version } : {}),
        ...(method ? { method } : {}),
        scripts,
      });
    }
  }
  return ports;
}
