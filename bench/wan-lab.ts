// The internet-shaped lab: a /24 of loopback addresses inside a network namespace of its own
// (the caller runs under `unshare -n`, so nothing here can reach, or be reached from, any real
// network). nftables makes it look like the internet from a scanner's seat: SYNs to addresses
// nobody lives on are dropped (filtered, as most of a public range is), 3 % of SYNs to the live
// hosts are dropped at random (loss), the live hosts' other ports answer RST (closed). Real
// servers from Debian listen on their default ports of a few of the live addresses.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The scanned range. Inside the namespace every 127.0.0.0/8 address is on lo. */
export const WAN_RANGE = '127.20.0.0/24';
const PREFIX = '127.20.0.';
/** Percent of SYNs to live hosts dropped at random. */
export const SYN_LOSS_PERCENT = 3;

export type WanServer = 'redis' | 'memcached' | 'postgres';

/** What listens where: real servers on default ports. Hosts listed without a server are up with every port closed. */
export const WAN_HOSTS: readonly { readonly host: string; readonly servers: readonly WanServer[] }[] = [
  { host: `${PREFIX}11`, servers: ['redis'] },
  { host: `${PREFIX}37`, servers: ['memcached'] },
  { host: `${PREFIX}73`, servers: ['postgres'] },
  { host: `${PREFIX}101`, servers: ['redis', 'memcached'] },
  { host: `${PREFIX}160`, servers: [] },
  { host: `${PREFIX}199`, servers: ['postgres', 'redis'] },
  { host: `${PREFIX}240`, servers: [] },
];

const DEFAULT_PORT: Readonly<Record<WanServer, number>> = { redis: 6379, memcached: 11211, postgres: 5432 };

export interface OpenPort {
  readonly host: string;
  readonly port: number;
  readonly server: WanServer;
}

function openPorts(): OpenPort[] {
  return WAN_HOSTS.flatMap(({ host, servers }) =>
    servers.map((server) => ({ host, port: DEFAULT_PORT[server], server })),
  );
}

/** The nftables ruleset: filtered addresses, random loss to live hosts. Only SYNs are touched. */
function nftRuleset(): string {
  const live = WAN_HOSTS.map(({ host }) => host).join(', ');
  return [
    'table ip exposcan_wan {',
    `  set live { type ipv4_addr; elements = { ${live} } }`,
    '  chain output {',
    '    type filter hook output priority 0; policy accept;',
    `    ip daddr ${WAN_RANGE} ip daddr != @live tcp flags & (syn | ack) == syn drop`,
    `    ip daddr @live tcp flags & (syn | ack) == syn numgen random mod 100 < ${SYN_LOSS_PERCENT} drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Why the lab cannot be built here, or undefined when it can: a fresh namespace, root, nft and the servers. */
export function wanLabMissing(): string | undefined {
  for (const [binary, pkg] of [
    ['unshare', 'util-linux'],
    ['nft', 'nftables'],
    ['ip', 'iproute2'],
    ['redis-server', 'redis-server'],
    ['memcached', 'memcached'],
  ] as const) {
    if (!onPath(binary)) return `${binary} is not installed (Debian package ${pkg})`;
  }
  if (!postgresBin()) return 'PostgreSQL 15 (initdb, pg_ctl) is not installed (Debian package postgresql)';
  if (process.getuid?.() !== 0) return 'not running as root: unshare -n and nft need it';
  try {
    execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
  } catch {
    return 'unshare -n fails here (no permission to create a network namespace)';
  }
  return undefined;
}

function onPath(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function postgresBin(): string | undefined {
  for (const version of ['17', '16', '15']) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    try {
      execFileSync(path.join(dir, 'pg_ctl'), ['--version'], { stdio: 'ignore' });
      return dir;
    } catch {
      // next
    }
  }
  return undefined;
}

export interface WanLab {
  readonly open: readonly OpenPort[];
  stop(): Promise<void>;
}

/** Inside the namespace: lo up, the ruleset loaded, the servers started and accepting. */
export async function startWanLab(log: (line: string) => void): Promise<WanLab> {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  execFileSync('nft', ['-f', '-'], { input: nftRuleset() });
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const pgStops: (() => void)[] = [];
  const stop = async () => {
    for (const pgStop of pgStops) pgStop();
    for (const child of children) child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of openPorts()) {
      if (port.server === 'redis') {
        children.push(
          spawn(
            'redis-server',
            ['--bind', port.host, '--port', '6379', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
            { stdio: 'ignore' },
          ),
        );
      } else if (port.server === 'memcached') {
        children.push(
          spawn('memcached', ['-l', port.host, '-p', '11211', '-U', '0', '-m', '16', '-u', 'nobody'], {
            stdio: 'ignore',
          }),
        );
      } else {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-wan-pg-'));
        dirs.push(dir);
        const bin = postgresBin()!;
        const asPostgres = (command: string, args: string[]) =>
          execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], {
            stdio: 'ignore',
            timeout: 60_000,
          });
        chownSync(
          dir,
          Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
          Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
        );
        const data = path.join(dir, 'data');
        asPostgres('initdb', ['-D', data, '-U', 'postgres', '--no-sync', '--locale=C', '-E', 'UTF8', '-A', 'trust']);
        asPostgres('pg_ctl', [
          '-D',
          data,
          '-l',
          path.join(dir, 'log'),
          '-w',
          '-t',
          '60',
          '-o',
          `-c listen_addresses=${port.host} -p 5432 -k ${dir} -c fsync=off`,
          'start',
        ]);
        pgStops.push(() => {
          try {
            asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
          } catch {
            // already gone
          }
        });
      }
    }
    for (const port of openPorts()) await waitForAccept(port.host, port.port, 30_000);
    log(
      `lab up: ${WAN_RANGE}, ${WAN_HOSTS.length} live hosts, open ports ${openPorts()
        .map((port) => `${port.host}:${port.port}`)
        .join(', ')}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { open: openPorts(), stop };
}

/** Retries through the lab's own SYN loss until the server accepts. */
async function waitForAccept(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, 300);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${host}:${port} did not accept connections within ${timeoutMs} ms`);
}
