// `npm run bench -- --silent`: what a silent server costs after discovery (issue 15: "the
// per-endpoint cost of a silent server is still one timeout"). 24 tarpits (accept, read, never
// send a byte), each on a loopback address of its own (127.5.0.x) so no per-host limit binds, on
// ports that send identification down different paths:
//   http-first     no protocol hinted on the port: a raw GET, and after half the timeout the
//                  PostgreSQL startup beside it (a server silent to a GET, as PGlite is) with
//                  the other half;
//   client-first   a wire protocol hinted on the port (PostgreSQL 5432, Redis 6379, MongoDB…): its
//                  own first message, on the connection discovery opened;
//   server-first   a protocol whose server speaks first (MySQL, NATS; SMTP-like): heard for the
//                  greeting wait, then the same as http-first;
//   tls-first      ports where TLS is tried first (443, 8443…): a ClientHello.
// The CLI scans them all at once with a known --timeout. Each tarpit records, per connection,
// when it was accepted and closed, so an endpoint's cost is read from the server's side: from
// the first connection accepted (discovery's) to the last one closed, in units of the timeout,
// beside the figure the design gives (the greeting wait plus one timeout). Loopback only.
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runExposcan, type ExposcanRun } from './exposcan.js';
import { seconds, table } from './format.js';

type SilentPath = 'http-first' | 'client-first' | 'server-first' | 'tls-first';

/** The tarpits' ports by the path identification takes on them (src/engine/identify.ts, the probes' hintPorts). */
const SILENT_PORTS: Readonly<Record<SilentPath, readonly { port: number; label: string }[]>> = {
  'http-first': [
    { port: 80, label: 'HTTP' },
    { port: 8080, label: 'HTTP alternate' },
    { port: 9200, label: 'Elasticsearch' },
    { port: 5601, label: 'Kibana' },
    { port: 3000, label: 'Grafana' },
    { port: 8500, label: 'Consul' },
  ],
  'client-first': [
    { port: 5432, label: 'PostgreSQL' },
    { port: 6379, label: 'Redis' },
    { port: 27017, label: 'MongoDB' },
    { port: 11211, label: 'memcached' },
    { port: 9042, label: 'Cassandra' },
    { port: 2181, label: 'ZooKeeper' },
    { port: 1883, label: 'MQTT' },
    { port: 5672, label: 'AMQP' },
  ],
  'server-first': [
    { port: 3306, label: 'MySQL' },
    { port: 3307, label: 'MySQL alternate' },
    { port: 33060, label: 'MySQL X' },
    { port: 4222, label: 'NATS' },
    { port: 2525, label: 'SMTP-like' },
    { port: 1025, label: 'SMTP-like' },
  ],
  'tls-first': [
    { port: 443, label: 'HTTPS' },
    { port: 8443, label: 'HTTPS alternate' },
    { port: 6443, label: 'Kubernetes API' },
    { port: 9243, label: 'Elastic Cloud' },
  ],
};

interface Tarpit {
  readonly host: string;
  readonly port: number;
  readonly path: SilentPath;
  readonly label: string;
  /** Per connection: accepted and closed (performance.now() ms), in order of acceptance. */
  readonly connections: { readonly accepted: number; closed?: number }[];
  readonly server: net.Server;
  readonly sockets: Set<net.Socket>;
}

interface SilentEndpoint {
  readonly host: string;
  readonly port: number;
  readonly path: SilentPath;
  readonly label: string;
  readonly connections: number;
  /** First connection accepted to last closed, ms (undefined if never connected or still open). */
  readonly costMs: number | undefined;
  /** How the report lists it: 'open, unidentified' when among its services, 'not listed' otherwise. */
  readonly reported: string;
}

export interface SilentRun {
  readonly timeoutMs: number;
  readonly greetingMs: number;
  readonly endpoints: readonly SilentEndpoint[];
  readonly run: ExposcanRun;
  readonly load: number;
  readonly skipped: readonly string[];
}

function startTarpit(host: string, port: number, pathName: SilentPath, label: string): Promise<Tarpit> {
  const connections: Tarpit['connections'] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const record: { accepted: number; closed?: number } = { accepted: performance.now() };
    connections.push(record);
    // Read and drop whatever comes, never send a byte.
    socket.resume();
    socket.on('error', () => undefined);
    socket.on('close', () => {
      record.closed = performance.now();
      sockets.delete(socket);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve({ host, port, path: pathName, label, connections, server, sockets });
    });
  });
}

/** The engine's greeting wait for a timeout (run.ts: a tenth of it, within 100 and 500 ms). */
function greetingFor(timeoutMs: number): number {
  return Math.min(500, Math.max(100, timeoutMs / 10));
}

/** What the design says a silent endpoint on this path costs, in timeouts: the greeting wait (not before TLS) and one timeout. */
function expectedTimeouts(pathName: SilentPath, timeoutMs: number): number {
  return pathName === 'tls-first' ? 1 : 1 + greetingFor(timeoutMs) / timeoutMs;
}

export async function runSilentBench(options: {
  timeoutMs: number;
  workDir: string;
  log: (line: string) => void;
}): Promise<SilentRun> {
  const tarpits: Tarpit[] = [];
  const skipped: string[] = [];
  let n = 0;
  try {
    for (const [pathName, ports] of Object.entries(SILENT_PORTS) as [SilentPath, (typeof SILENT_PORTS)[SilentPath]][])
      for (const { port, label } of ports) {
        const host = `127.5.0.${++n}`;
        try {
          tarpits.push(await startTarpit(host, port, pathName, label));
        } catch (error) {
          // Something on this machine holds the port on every address (0.0.0.0): left out, and said.
          skipped.push(`${host}:${port} (${label}): ${(error as Error).message}`);
        }
      }
    const targetsFile = path.join(options.workDir, 'silent-targets.txt');
    writeFileSync(targetsFile, tarpits.map((tarpit) => `${tarpit.host}:${tarpit.port}\n`).join(''));
    const load = (await import('node:os')).loadavg()[0]!;
    options.log(`${tarpits.length} tarpits on 127.5.0.x; scanning them at once with --timeout ${options.timeoutMs}ms`);
    const run = await runExposcan({
      targetsFile,
      ports: [...new Set(tarpits.map((tarpit) => tarpit.port))],
      out: path.join(options.workDir, 'exposcan-silent'),
      timeout: `${options.timeoutMs}ms`,
      // Every tarpit at once: the scan's time is then one endpoint's, and each endpoint's own is read below.
      concurrency: Math.max(64, tarpits.length),
      rate: 0,
    });
    const listed = new Set(run.report.services.map((service) => `${service.host}:${service.port}`));
    const endpoints = tarpits.map((tarpit): SilentEndpoint => {
      const first = tarpit.connections[0]?.accepted;
      const closed = tarpit.connections.map((connection) => connection.closed);
      const last = closed.every((at) => at !== undefined) ? Math.max(...(closed as number[])) : undefined;
      return {
        host: tarpit.host,
        port: tarpit.port,
        path: tarpit.path,
        label: tarpit.label,
        connections: tarpit.connections.length,
        costMs: first !== undefined && last !== undefined ? last - first : undefined,
        reported: listed.has(`${tarpit.host}:${tarpit.port}`) ? 'open, unidentified' : 'not listed',
      };
    });
    return { timeoutMs: options.timeoutMs, greetingMs: greetingFor(options.timeoutMs), endpoints, run, load, skipped };
  } finally {
    await Promise.all(
      tarpits.map((tarpit) => {
        for (const socket of tarpit.sockets) socket.destroy();
        return new Promise<void>((resolve) => tarpit.server.close(() => resolve()));
      }),
    );
  }
}

export function formatSilentBench(result: SilentRun): string {
  const units = (ms: number | undefined) => (ms === undefined ? 'n/a' : (ms / result.timeoutMs).toFixed(2));
  const byPath = new Map<SilentPath, SilentEndpoint[]>();
  for (const endpoint of result.endpoints) byPath.set(endpoint.path, [...(byPath.get(endpoint.path) ?? []), endpoint]);
  const scanMs = result.run.report.scan.durationMs;
  const slowest = Math.max(...result.endpoints.map((endpoint) => endpoint.costMs ?? Infinity));
  return [
    `#### Silent servers: ${result.endpoints.length} tarpits, --timeout ${result.timeoutMs} ms (greeting wait ${result.greetingMs} ms)`,
    '',
    `Load (1 min) at start ${result.load.toFixed(2)}. The scan took ${seconds(scanMs)} (${units(scanMs)} timeouts; the process ${seconds(result.run.measured.wallMs)}); the slowest endpoint ${units(slowest)} timeouts.`,
    ...(result.skipped.length > 0 ? ['', `Left out (port taken on this machine): ${result.skipped.join('; ')}`] : []),
    '',
    table(
      [
        'path',
        'endpoints',
        'connections per endpoint',
        'cost per endpoint, in timeouts (min / median / max)',
        'expected',
        'reported as',
      ],
      [...byPath].map(([pathName, endpoints]) => {
        const costs = endpoints.map((endpoint) => endpoint.costMs ?? Infinity).sort((a, b) => a - b);
        const connections = [...new Set(endpoints.map((endpoint) => endpoint.connections))].sort((a, b) => a - b);
        const reported = [...new Set(endpoints.map((endpoint) => endpoint.reported))];
        return [
          `${pathName} (${endpoints.map((endpoint) => endpoint.port).join(', ')})`,
          String(endpoints.length),
          connections.join(' or '),
          [costs[0], costs[Math.floor(costs.length / 2)], costs[costs.length - 1]]
            .map((ms) => units(Number.isFinite(ms) ? ms : undefined))
            .join(' / '),
          expectedTimeouts(pathName, result.timeoutMs).toFixed(2),
          reported.join(', '),
        ];
      }),
    ),
    '',
    "Cost per endpoint: from the tarpit's first accepted connection (discovery's) to its last closed one, read on the server's side. Expected: the greeting wait plus one timeout (no greeting wait before a TLS handshake).",
    '',
    '```sh',
    result.run.command,
    '```',
  ].join('\n');
}
