// What the benchmark lab puts where. The lab is a grid: LAB_HOSTS loopback addresses × LAB_PORTS,
// both scanners get the same grid, and every cell not named below is a closed port. Default
// ports are used where the product has one: nothing on this machine binds them on 127.1.0.0/16
// (its own services listen on 127.0.0.1 only), so a lab port never reaches a machine service.
//
// Backends are started once each (test/helpers: real servers; test/emulators: recorded
// responses) on 127.0.0.1, and each lab cell relays to one; a slow cell relays to the same
// backend with its replies held back.

export const LAB_PORTS = [80, 3306, 5432, 5601, 6379, 8080, 9042, 9200, 11211, 27017] as const;

/** The lab's addresses: 127.1.0.1 … 127.1.0.<count>. */
export function labHosts(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `127.1.${Math.floor((index + 1) / 256)}.${(index + 1) % 256}`);
}

export type Backend =
  | { readonly kind: 'redis'; readonly password?: boolean }
  | { readonly kind: 'postgres'; readonly auth: 'trust' | 'scram-sha-256' }
  | { readonly kind: 'memcached' }
  | { readonly kind: 'mariadb' }
  | { readonly kind: 'mongodb'; readonly profile: 'modern-6' | 'auth-6' }
  | { readonly kind: 'cassandra'; readonly profile: 'open' | 'password' }
  | { readonly kind: 'elastic'; readonly profile: string }
  | { readonly kind: 'console-a'; readonly profile: string }
  | { readonly kind: 'console-b'; readonly profile: string };

export type Cell =
  | {
      readonly host: number;
      readonly port: number;
      readonly role: 'real' | 'emulator';
      readonly backend: Backend;
      readonly label: string;
    }
  | {
      readonly host: number;
      readonly port: number;
      readonly role: 'slow';
      readonly backend: Backend;
      readonly label: string;
    }
  | { readonly host: number; readonly port: number; readonly role: 'tarpit'; readonly label: string };

const real = (host: number, port: number, backend: Backend, label: string): Cell => ({
  host,
  port,
  role: 'real',
  backend,
  label,
});
const emu = (host: number, port: number, backend: Backend, label: string): Cell => ({
  host,
  port,
  role: 'emulator',
  backend,
  label,
});
const slow = (host: number, port: number, backend: Backend, label: string): Cell => ({
  host,
  port,
  role: 'slow',
  backend,
  label,
});
const tarpit = (host: number, port: number): Cell => ({
  host,
  port,
  role: 'tarpit',
  label: 'tarpit (accepts, never answers)',
});

/** Host numbers are 1-based indexes into labHosts(); the lab needs at least MIN_LAB_HOSTS. */
export const LAB_CELLS: readonly Cell[] = [
  // Real servers, open and locked.
  real(1, 6379, { kind: 'redis' }, 'Redis, no password'),
  real(2, 6379, { kind: 'redis', password: true }, 'Redis, requirepass'),
  real(1, 5432, { kind: 'postgres', auth: 'trust' }, 'PostgreSQL, trust'),
  real(2, 5432, { kind: 'postgres', auth: 'scram-sha-256' }, 'PostgreSQL, scram-sha-256'),
  real(1, 11211, { kind: 'memcached' }, 'memcached, no auth'),
  real(1, 3306, { kind: 'mariadb' }, 'MariaDB, empty root password'),
  // Emulators of recorded responses.
  emu(1, 27017, { kind: 'mongodb', profile: 'modern-6' }, 'MongoDB 6, no auth'),
  emu(2, 27017, { kind: 'mongodb', profile: 'auth-6' }, 'MongoDB 6, auth on'),
  emu(1, 9042, { kind: 'cassandra', profile: 'open' }, 'Cassandra, AllowAll'),
  emu(2, 9042, { kind: 'cassandra', profile: 'password' }, 'Cassandra, password'),
  emu(1, 9200, { kind: 'elastic', profile: 'elasticsearch-7-open' }, 'Elasticsearch 7, open'),
  emu(2, 9200, { kind: 'elastic', profile: 'elasticsearch-8-secured' }, 'Elasticsearch 8, secured'),
  emu(3, 9200, { kind: 'elastic', profile: 'elasticsearch-5-open' }, 'Elasticsearch 5, open'),
  emu(4, 9200, { kind: 'elastic', profile: 'opensearch-2-open' }, 'OpenSearch 2, open'),
  emu(1, 5601, { kind: 'elastic', profile: 'kibana-8-open' }, 'Kibana 8, open'),
  emu(2, 5601, { kind: 'elastic', profile: 'kibana-8-secured' }, 'Kibana 8, secured'),
  emu(3, 5601, { kind: 'elastic', profile: 'kibana-7-open' }, 'Kibana 7, open'),
  emu(4, 5601, { kind: 'console-a', profile: 'osd-2-open' }, 'OpenSearch Dashboards 2, open'),
  emu(5, 5601, { kind: 'elastic', profile: 'not-kibana' }, 'blog post about Kibana (near miss)'),
  emu(1, 8080, { kind: 'console-a', profile: 'grafana-anonymous' }, 'Grafana, anonymous'),
  emu(2, 8080, { kind: 'console-a', profile: 'docker-17-open' }, 'Docker Engine API 17, open'),
  emu(3, 8080, { kind: 'console-a', profile: 'consul-open' }, 'Consul, ACL allow'),
  emu(4, 8080, { kind: 'console-b', profile: 'mongo-express-open' }, 'Mongo Express, open'),
  emu(5, 8080, { kind: 'console-b', profile: 'product-blog' }, 'blog post naming consoles (near miss)'),
  emu(6, 8080, { kind: 'console-b', profile: 'solr-open' }, 'Solr Admin, open'),
  emu(7, 8080, { kind: 'console-b', profile: 'redis-commander-open' }, 'Redis Commander, open'),
  emu(1, 80, { kind: 'console-a', profile: 'jenkins-1-open' }, 'Jenkins 1, open'),
  emu(2, 80, { kind: 'console-a', profile: 'couchdb-2-admin-party' }, 'CouchDB 2, admin party'),
  emu(3, 80, { kind: 'console-b', profile: 'jupyter-notebook-open' }, 'Jupyter Notebook, open'),
  emu(4, 80, { kind: 'console-b', profile: 'pgadmin-login' }, 'pgAdmin 4 login page'),
  emu(5, 80, { kind: 'console-a', profile: 'not-a-console' }, 'blog post (near miss)'),
  emu(6, 80, { kind: 'console-b', profile: 'influxdb-open' }, 'InfluxDB 1, open'),
  emu(7, 80, { kind: 'console-a', profile: 'grafana-secured' }, 'Grafana, login required'),
  // Slow responders: the same backends, every reply held back (--slow-ms, 1 s by default).
  slow(8, 6379, { kind: 'redis' }, 'Redis, no password, slow'),
  slow(8, 9200, { kind: 'elastic', profile: 'elasticsearch-7-open' }, 'Elasticsearch 7, open, slow'),
  slow(8, 8080, { kind: 'console-a', profile: 'grafana-anonymous' }, 'Grafana, anonymous, slow'),
  slow(8, 5432, { kind: 'postgres', auth: 'trust' }, 'PostgreSQL, trust, slow'),
  // Tarpits on ports where each scanner has a specific probe to try.
  tarpit(9, 6379),
  tarpit(9, 9200),
  tarpit(10, 5432),
  tarpit(10, 80),
  tarpit(11, 27017),
  tarpit(11, 8080),
  tarpit(12, 11211),
  tarpit(12, 5601),
];

export const MIN_LAB_HOSTS = Math.max(...LAB_CELLS.map((cell) => cell.host));

/** One backend's identity, so cells that share a backend share one server. */
export function backendKey(backend: Backend): string {
  return JSON.stringify(backend);
}
