// A local stand-in for Kibana, Elasticsearch and OpenSearch, which cannot run on this machine.
// It listens on 127.0.0.1 on a kernel-chosen port and answers with recorded real responses
// (test/fixtures/recorded, sources in SOURCES.md). Only what exposcan reads is modelled: the
// root, Kibana's /api/status and the `_cat/indices` listing. Any other path answers a 404
// (Kibana's own error body on Kibana profiles), and the tests check the scanner never asks one.
//
// Which recording answers which path, per profile:
//   kibana-7-open         /            302 → /app/kibana (Kibana 7.0's landing redirect)
//                         /api/status  200 kibana/api-status-7.0.0.json
//   kibana-8-open         /            302 → /spaces/enter (8.x with spaces, security off)
//                         /api/status  200 kibana/api-status-8.16.0.json
//   kibana-8-secured      /            302 → /login?next=%2F
//                         /api/status  401, built from Kibana's documented error format (no recording exists)
//                         /login       200 login page shell, `<title>Elastic</title>`
//   elasticsearch-5-open  /            200 elasticsearch/root-5.4.2.json
//                         /_cat/indices 200 table of SMALL_INDICES
//   elasticsearch-7-open  /            200 elasticsearch/root-7.17.27.json
//                         /_cat/indices 200 table of LARGE_INDICES (one index of millions of documents)
//   elasticsearch-8-secured  every path 401 security_exception, built from the documented format
//   aws-es-403            every path   403 elasticsearch/aws-es-service-403-anonymous.json
//   opensearch-2-open     /            200 opensearch/root-2.13.0.json
//                         /_cat/indices 200 table of OPENSEARCH_INDICES (the row of opensearch/cat-indices-v.txt)
//   not-kibana            /            200 a blog post about Kibana and Elasticsearch (the near miss)
//                         /api/status  404 JSON
//   login-app             /            302 → /login?next=%2F, as Kibana with security on, but from a
//                                      generic web app (Flask-Login's default); /api/status 401 JSON.
//                                      Built, not recorded: a second near miss
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordedBytes } from '../helpers/fixtures.js';

export type ElasticProfile =
  | 'kibana-7-open'
  | 'kibana-8-open'
  | 'kibana-8-secured'
  | 'elasticsearch-5-open'
  | 'elasticsearch-7-open'
  | 'elasticsearch-8-secured'
  | 'aws-es-403'
  | 'opensearch-2-open'
  | 'not-kibana'
  | 'login-app';

export interface EmulatorOptions {
  /**
   * Serve everything under this path, as a reverse proxy publishing Kibana at `/kibana/` does
   * (Kibana's `server.basePath`: its redirects carry the prefix). Paths outside it answer the
   * proxy's 404.
   */
  readonly basePath?: string;
  /** Listen on this loopback port instead of a kernel-chosen one (to bring a service back on the same port). */
  readonly port?: number;
}

export interface ElasticEmulator {
  readonly port: number;
  /** `http://127.0.0.1:<port>/` followed by the base path. */
  readonly url: string;
  /** Every request target in arrival order, as sent (base path and query included); anything but GET as `METHOD target`. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** One row of `_cat/indices`: index name, docs.count and store.size in bytes. */
export interface CatRow {
  readonly index: string;
  readonly docs: number;
  readonly bytes: number;
}

/** A small cluster: a few hundred documents, under the scorer's thresholds. */
export const SMALL_INDICES: readonly CatRow[] = [
  { index: 'blog-posts', docs: 412, bytes: 1_204_733 },
  { index: 'comments', docs: 97, bytes: 208_117 },
  { index: '.kibana', docs: 3, bytes: 12_408 },
];

/** A cluster holding millions of records and gigabytes: what the scorer ranks first. */
export const LARGE_INDICES: readonly CatRow[] = [
  { index: 'customers-2024', docs: 4_812_337, bytes: 2_871_115_003 },
  { index: 'orders-2024', docs: 911_402, bytes: 402_113_876 },
  { index: '.kibana_7.17.27_001', docs: 41, bytes: 2_308_117 },
];

/** The one index in opensearch/cat-indices-v.txt (0 documents, `208b`), plus one more. */
export const OPENSEARCH_INDICES: readonly CatRow[] = [
  { index: 'movies-0001', docs: 0, bytes: 208 },
  { index: 'security-auditlog-2024.03.26', docs: 1_206, bytes: 1_843_112 },
];

/**
 * `_cat/indices?bytes=b&h=index,docs.count,store.size` as the `_cat` API prints it: no header
 * line without `v`, one line per index, text left-aligned and numbers right-aligned to the widest
 * cell of their column, one space apart. The layout is that of opensearch/cat-indices-v.txt, a
 * real `_cat/indices?v` reply (OpenSearch keeps Elasticsearch 7.10's `_cat` format).
 */
export function catIndicesTable(rows: readonly CatRow[]): string {
  const cells = rows.map((row) => [row.index, String(row.docs), String(row.bytes)] as const);
  const width = (column: 0 | 1 | 2) => Math.max(0, ...cells.map((line) => line[column].length));
  return cells
    .map(([name, docs, bytes]) => `${name.padEnd(width(0))} ${docs.padStart(width(1))} ${bytes.padStart(width(2))}\n`)
    .join('');
}

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string | Buffer;
}

interface Request {
  /** Path inside the base path, starting with `/`, query excluded. */
  readonly pathname: string;
  readonly query: URLSearchParams;
  /** Path and query inside the base path, as Elasticsearch would echo it in an error. */
  readonly target: string;
  /** The base path with both slashes (`/` when none): Kibana prefixes its redirects with it. */
  readonly base: string;
}

type Handler = (request: Request) => Reply;

const JSON_UTF8 = 'application/json; charset=utf-8';

function notModelled(request: Request): Reply {
  return {
    status: 404,
    headers: { 'content-type': 'text/plain' },
    body: `emulator: ${request.target} is not modelled\n`,
  };
}

// --- Kibana ---------------------------------------------------------------------------------

// Kibana puts its `server.name` in `kbn-name` on every response; both recordings report
// `"name": "kibana"`. The licensing plugin adds `kbn-license-sig`, a hex digest of the license;
// the value below is a placeholder of that shape, since only its presence is read.
const KBN_NAME = { 'kbn-name': 'kibana' };
const KBN_LICENSE_SIG = { 'kbn-license-sig': '2d9dbd1c7a8f4f0e8c38b2ba4c8c4a52ef5f0f3a6c1f4e8b9d0a7c6b5e4f3a21' };

/** Kibana's error body (hapi/Boom format, as documented for Kibana's REST API). */
function kibanaError(status: number, error: string): Reply {
  return {
    status,
    headers: { ...KBN_NAME, 'content-type': JSON_UTF8 },
    body: JSON.stringify({ statusCode: status, error, message: error }),
  };
}

function kibanaOpen(statusFile: string, landing: string): Handler {
  return (request) => {
    if (request.pathname === '/')
      return { status: 302, headers: { ...KBN_NAME, ...KBN_LICENSE_SIG, location: request.base + landing }, body: '' };
    if (request.pathname === '/api/status') {
      return {
        status: 200,
        headers: { ...KBN_NAME, ...KBN_LICENSE_SIG, 'content-type': JSON_UTF8 },
        body: recordedBytes(statusFile),
      };
    }
    return kibanaError(404, 'Not Found');
  };
}

// Security on: every page sends the browser to the login form, and the API answers 401. No
// recording of that 401 exists; it is Kibana's documented error format with status 401.
const kibanaSecured: Handler = (request) => {
  if (request.pathname === '/') {
    return {
      status: 302,
      headers: { ...KBN_NAME, location: `${request.base}login?next=${encodeURIComponent(request.base)}` },
      body: '',
    };
  }
  if (request.pathname === '/login') {
    const page =
      '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><title>Elastic</title></head><body><div id="kibana-body"></div></body></html>';
    return { status: 200, headers: { ...KBN_NAME, 'content-type': 'text/html; charset=utf-8' }, body: page };
  }
  if (request.pathname === '/api/status') return kibanaError(401, 'Unauthorized');
  return kibanaError(404, 'Not Found');
};

// --- Elasticsearch and OpenSearch -----------------------------------------------------------

/**
 * An open cluster: the recorded banner at `/` and the index listing. `extraHeaders` are sent on
 * every response: Elasticsearch sends `X-elastic-product: Elasticsearch` since 7.14
 * (elastic/elasticsearch#73434); 5.x and OpenSearch (forked from 7.10) never do.
 */
function clusterOpen(
  rootFile: string,
  indices: readonly CatRow[],
  extraHeaders: Readonly<Record<string, string>> = {},
): Handler {
  return (request) => {
    if (request.pathname === '/')
      return {
        status: 200,
        headers: { ...extraHeaders, 'content-type': 'application/json; charset=UTF-8' },
        body: recordedBytes(rootFile),
      };
    // Only the listing exposcan asks for is modelled: these three columns, sizes in plain bytes.
    if (
      request.pathname === '/_cat/indices' &&
      request.query.get('bytes') === 'b' &&
      request.query.get('h') === 'index,docs.count,store.size'
    ) {
      return {
        status: 200,
        headers: { ...extraHeaders, 'content-type': 'text/plain; charset=UTF-8' },
        body: catIndicesTable(indices),
      };
    }
    return notModelled(request);
  };
}

// Security on (the default since 8.0): every request without credentials gets 401. Built from
// the documented `security_exception` format (field order as Elasticsearch prints it); the
// reason names the request with its query, and the challenge offers Basic and ApiKey. No
// `X-elastic-product` here: Elasticsearch leaves it off unauthenticated responses (#73434).
const BASIC = 'Basic realm="security" charset="UTF-8"';
const elasticsearchSecured: Handler = (request) => {
  const cause = {
    type: 'security_exception',
    reason: `missing authentication credentials for REST request [${request.target}]`,
    header: { 'WWW-Authenticate': [BASIC, 'ApiKey'] },
  };
  return {
    status: 401,
    headers: { 'WWW-Authenticate': [BASIC, 'ApiKey'], 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({ error: { root_cause: [cause], ...cause }, status: 401 }),
  };
};

// Amazon's managed service refuses unsigned requests in front of the cluster, on every path.
const awsEs403: Handler = () => ({
  status: 403,
  headers: { 'content-type': 'application/json' },
  body: recordedBytes('elasticsearch/aws-es-service-403-anonymous.json'),
});

// --- The near miss --------------------------------------------------------------------------

// A blog post about the products: every word a keyword scanner would match, none of the
// products' own headers, redirects or markup.
const BLOG_POST = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Securing Kibana and Elasticsearch in 2026 | Ops Notes</title></head>
<body><article>
<h1>Securing Kibana and Elasticsearch</h1>
<p>Kibana listens on port 5601 and Elasticsearch on 9200. If GET /api/status on your Kibana
returns the full status document, or your Elasticsearch banner says "You Know, for Search"
to anyone, turn on security before someone else finds it.</p>
</article></body></html>
`;

const notKibana: Handler = (request) => {
  if (request.pathname === '/')
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: BLOG_POST };
  if (request.pathname === '/api/status')
    return { status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"Not Found"}' };
  return notModelled(request);
};

// The other near miss: an ordinary app behind a login form. Flask-Login's default redirect has
// exactly Kibana's shape (`/login?next=%2F`), and an API that wants a session answers 401; none
// of Kibana's headers, none of its error format.
const loginApp: Handler = (request) => {
  if (request.pathname === '/')
    return {
      status: 302,
      headers: { location: `${request.base}login?next=${encodeURIComponent(request.base)}` },
      body: '',
    };
  if (request.pathname === '/login')
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><title>Sign in</title><form method="post"></form>\n',
    };
  if (request.pathname === '/api/status')
    return { status: 401, headers: { 'content-type': 'application/json' }, body: '{"error":"login required"}' };
  return notModelled(request);
};

const PROFILES: Readonly<Record<ElasticProfile, Handler>> = {
  'kibana-7-open': kibanaOpen('kibana/api-status-7.0.0.json', 'app/kibana'),
  'kibana-8-open': kibanaOpen('kibana/api-status-8.16.0.json', 'spaces/enter'),
  'kibana-8-secured': kibanaSecured,
  'elasticsearch-5-open': clusterOpen('elasticsearch/root-5.4.2.json', SMALL_INDICES),
  'elasticsearch-7-open': clusterOpen('elasticsearch/root-7.17.27.json', LARGE_INDICES, {
    'X-elastic-product': 'Elasticsearch',
  }),
  'elasticsearch-8-secured': elasticsearchSecured,
  'aws-es-403': awsEs403,
  'opensearch-2-open': clusterOpen('opensearch/root-2.13.0.json', OPENSEARCH_INDICES),
  'not-kibana': notKibana,
  'login-app': loginApp,
};

export const ELASTIC_PROFILES = Object.keys(PROFILES) as readonly ElasticProfile[];

export async function startElasticEmulator(
  profile: ElasticProfile,
  options: EmulatorOptions = {},
): Promise<ElasticEmulator> {
  const base = `/${(options.basePath ?? '').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const handler = PROFILES[profile];
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    requests.push(req.method === 'GET' ? target : `${req.method ?? '?'} ${target}`);
    const reply = answer(req.method, target);
    res.writeHead(reply.status, reply.headers as http.OutgoingHttpHeaders);
    res.end(reply.body);
  });

  function answer(method: string | undefined, target: string): Reply {
    // exposcan is read-only: anything but GET is recorded above and refused here.
    if (method !== 'GET')
      return { status: 405, headers: { 'content-type': 'text/plain' }, body: 'emulator: only GET is modelled\n' };
    // Outside the base path the reverse proxy answers, not the product.
    if (!target.startsWith(base))
      return {
        status: 404,
        headers: { 'content-type': 'text/html' },
        body: '<html><body><h1>404 Not Found</h1></body></html>\n',
      };
    const inner = `/${target.slice(base.length)}`;
    const url = new URL(`http://emulator.invalid${inner}`);
    return handler({ pathname: url.pathname, query: url.searchParams, target: inner, base });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}${base}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // The scanner's HTTP client keeps connections alive; drop them so close() returns now.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
