// Stands the benchmark lab up: the backends of lab-layout.ts (real servers from test/helpers,
// emulators of recorded responses from test/emulators, each once, on 127.0.0.1), then a relay,
// slow relay or tarpit on each lab cell (127.1.0.x:port). Everything it started is stopped by
// stop(), and by the test helpers' exit/SIGINT/SIGTERM hooks if the bench dies first.
import { startCassandraEmulator } from '../test/emulators/cassandra.js';
import {
  startConsoleEmulator as startConsoleA,
  type ConsoleProfile as ConsoleProfileA,
} from '../test/emulators/consoles-a.js';
import {
  startConsoleEmulator as startConsoleB,
  type ConsoleProfile as ConsoleProfileB,
} from '../test/emulators/consoles-b.js';
import { startElasticEmulator, type ElasticProfile } from '../test/emulators/elastic.js';
import { startMongoEmulator } from '../test/emulators/mongodb.js';
import { postgresTools, redisBinary, startPostgres, startRedis, stopAll } from '../test/helpers/services.js';
import { mariadbTools, memcachedBinary, startMariadb, startMemcached } from '../test/helpers/services-wire.js';
import { backendKey, LAB_CELLS, LAB_PORTS, labHosts, MIN_LAB_HOSTS, type Backend, type Cell } from './lab-layout.js';
import { startRelay, startTarpit, type LabListener } from './lab-servers.js';

export interface LabEndpoint {
  readonly host: string;
  readonly port: number;
  readonly role: Cell['role'];
  readonly label: string;
}

export interface Lab {
  readonly hosts: readonly string[];
  readonly ports: readonly number[];
  /** The cells something listens on (every other cell of the grid is a closed port). */
  readonly endpoints: readonly LabEndpoint[];
  /** Cells of the layout left out because their server is not installed here, with why. */
  readonly skipped: readonly string[];
  /** Connections the lab's listeners accepted so far (relays and tarpits). */
  accepted(): number;
  stop(): Promise<void>;
}

export interface LabOptions {
  readonly hosts: number;
  readonly slowMs: number;
}

interface Started {
  readonly port: number;
  close(): Promise<void>;
}

function missing(backend: Backend): string | undefined {
  switch (backend.kind) {
    case 'redis':
      return redisBinary() ? undefined : 'redis-server is not installed';
    case 'postgres':
      return postgresTools() ? undefined : 'PostgreSQL 15 (initdb, pg_ctl) is not installed';
    case 'memcached':
      return memcachedBinary() ? undefined : 'memcached is not installed';
    case 'mariadb':
      return mariadbTools() ? undefined : 'MariaDB is not installed';
    default:
      return undefined;
  }
}

async function startBackend(backend: Backend): Promise<Started> {
  switch (backend.kind) {
    case 'redis': {
      const server = await startRedis(backend.password ? { password: 'bench-only-password' } : {});
      return { port: server.port, close: server.stop };
    }
    case 'postgres': {
      const server = await startPostgres({ auth: backend.auth });
      return { port: server.port, close: server.stop };
    }
    case 'memcached': {
      const server = await startMemcached('none');
      return { port: server.port, close: server.stop };
    }
    case 'mariadb': {
      const server = await startMariadb('empty-root');
      return { port: server.port, close: server.stop };
    }
    case 'mongodb':
      return startMongoEmulator(backend.profile);
    case 'cassandra':
      return startCassandraEmulator(backend.profile);
    case 'elastic':
      return startElasticEmulator(backend.profile as ElasticProfile);
    case 'console-a':
      return startConsoleA(backend.profile as ConsoleProfileA);
    case 'console-b':
      return startConsoleB(backend.profile as ConsoleProfileB);
  }
}

export async function startLab(options: LabOptions): Promise<Lab> {
  const hosts = labHosts(Math.max(options.hosts, MIN_LAB_HOSTS));
  const backends = new Map<string, Promise<Started>>();
  const listeners: LabListener[] = [];
  const endpoints: LabEndpoint[] = [];
  const skipped: string[] = [];
  const stop = async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
    const started = await Promise.allSettled(backends.values());
    await Promise.all(
      started.map((result) =>
        result.status === 'fulfilled' ? result.value.close().catch(() => undefined) : undefined,
      ),
    );
    await stopAll();
  };
  try {
    // Backends in parallel (PostgreSQL and MariaDB take seconds each), then the cells.
    for (const cell of LAB_CELLS) {
      if (cell.role === 'tarpit') continue;
      const key = backendKey(cell.backend);
      if (backends.has(key) || missing(cell.backend)) continue;
      const started = startBackend(cell.backend);
      // Awaited below; a failure while another is awaited must not count as unhandled.
      started.catch(() => undefined);
      backends.set(key, started);
    }
    for (const cell of LAB_CELLS) {
      const host = hosts[cell.host - 1]!;
      if (cell.role === 'tarpit') {
        listeners.push(await startTarpit(host, cell.port));
      } else {
        const backend = backends.get(backendKey(cell.backend));
        if (!backend) {
          skipped.push(`${host}:${cell.port} ${cell.label}: ${missing(cell.backend)}`);
          continue;
        }
        const { port } = await backend;
        listeners.push(
          await startRelay(host, cell.port, { host: '127.0.0.1', port }, cell.role === 'slow' ? options.slowMs : 0),
        );
      }
      endpoints.push({ host, port: cell.port, role: cell.role, label: cell.label });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    hosts,
    ports: LAB_PORTS,
    endpoints,
    skipped,
    accepted: () => listeners.reduce((sum, listener) => sum + listener.accepted(), 0),
    stop,
  };
}
