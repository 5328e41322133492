// Hostile HTTP servers, one small function each. Purpose-built: none imitates a real product's
// bytes except where the behaviour needs a product's shape to make the scanner ask more (a
// `kbn-name` header makes it fetch Kibana's /api/status, `X-Jenkins` Jenkins' /api/json): the
// hostile part then sits on that follow-up request, which travels a different code path (undici)
// than the identifying `GET /` (the raw connection).
import { once } from 'node:events';
import net from 'node:net';
import zlib from 'node:zlib';
import {
  drip,
  head,
  onFirstData,
  onHttpRequest,
  pourForever,
  pour,
  pourSized,
  respond,
  serve,
  type HostileServer,
  type ServeOptions,
} from './tcp.js';

const MB = 1024 * 1024;
const FILLER = Buffer.alloc(64 * 1024, 'x');

type Misbehave = (socket: net.Socket) => void;

/** Every request gets the same hostile treatment. */
function hostileOnEveryPath(misbehave: Misbehave, options?: ServeOptions): Promise<HostileServer> {
  return serve((socket, server) => onHttpRequest(socket, server, () => misbehave(socket)), options);
}

/**
 * `GET /` answers at once, with a header that makes the scanner ask a follow-up path; every other
 * path gets the hostile treatment.
 */
function hostileOnFollowUp(
  misbehave: Misbehave,
  suggest: Record<string, string> = { 'kbn-name': 'kibana' },
  rootBody = '<html>hello</html>',
): Promise<HostileServer> {
  return serve((socket, server) =>
    onHttpRequest(socket, server, (path) =>
      path === '/'
        ? respond(socket, '200 OK', { 'Content-Type': 'text/html', ...suggest }, rootBody)
        : misbehave(socket),
    ),
  );
}

// --- time ---

/** Accepts the connection and never says a word. */
export const acceptAndSilence = () => serve(() => undefined);

/** Accepts and hangs up at once, before reading anything. */
export const acceptAndClose = () => serve((socket) => socket.end());

const DRIP_RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
  'latin1',
);

/** A complete, valid response, one byte per second. */
export const dripRoot = () => serve((socket) => onFirstData(socket, () => drip(socket, DRIP_RESPONSE, 1000)));

/** The follow-up request's response, one byte every 200 ms: never idle long enough for an idle timeout. */
export const dripFollowUp = () => hostileOnFollowUp((socket) => drip(socket, DRIP_RESPONSE, 200));

/** Content-Length says a terabyte; ten bytes come, then silence. */
export const contentLengthLie = () =>
  hostileOnEveryPath((socket) =>
    socket.write(Buffer.concat([head('200 OK', { 'Content-Length': 10 ** 12 }), Buffer.from('ten bytes!')])),
  );

// --- bytes ---

const endlessBody: Misbehave = (socket) => {
  socket.write(head('200 OK', { 'Content-Type': 'text/plain' }));
  pourForever(socket, FILLER);
};

/** 200 with no length, then body without end, as fast as the scanner reads. */
export const endlessBodyRoot = (host?: string) => hostileOnEveryPath(endlessBody, host ? { host } : {});
export const endlessBodyFollowUp = () => hostileOnFollowUp(endlessBody);

const chunkedForever: Misbehave = (socket) => {
  socket.write(head('200 OK', { 'Transfer-Encoding': 'chunked' }));
  pourForever(socket, Buffer.concat([Buffer.from(`${FILLER.length.toString(16)}\r\n`), FILLER, Buffer.from('\r\n')]));
};

/** A chunk that claims 2^64 - 1 bytes; a few come, then silence. */
export const chunkSizeLie = () =>
  hostileOnEveryPath((socket) =>
    socket.write(
      Buffer.concat([
        head('200 OK', { 'Transfer-Encoding': 'chunked' }),
        Buffer.from('ffffffffffffffff\r\nsome bytes'),
      ]),
    ),
  );

/** Chunked encoding whose last chunk never comes, poured. */
export const chunkedForeverRoot = () => hostileOnEveryPath(chunkedForever);

/** Chunked encoding whose last chunk never comes, a small chunk every 100 ms on the follow-up. */
export const chunkedForeverSlowFollowUp = () =>
  hostileOnFollowUp((socket) => {
    socket.write(head('200 OK', { 'Transfer-Encoding': 'chunked' }));
    const timer = setInterval(() => socket.write('2\r\n{}\r\n'), 100);
    socket.on('close', () => clearInterval(timer));
  });

const hugeHeader: Misbehave = (socket) =>
  pourSized(socket, Buffer.from('HTTP/1.1 200 OK\r\nX-Padding: '), Buffer.alloc(64 * 1024, 'a'), 100 * MB);

/** One header line of 100 MB. */
export const hugeHeaderRoot = () => hostileOnEveryPath(hugeHeader);
export const hugeHeaderFollowUp = () => hostileOnFollowUp(hugeHeader);

/** A thousand short header lines, made once: the server must outpace the scanner, even on a loaded machine. */
const THOUSAND_HEADERS = Buffer.from(Array.from({ length: 1000 }, (_, i) => `X-H${i}: v\r\n`).join(''), 'latin1');

const millionHeaders: Misbehave = (socket) => {
  let sent = 0;
  socket.write('HTTP/1.1 200 OK\r\n');
  pour(socket, () => {
    sent++;
    if (sent <= 1000) return THOUSAND_HEADERS;
    return sent === 1001 ? Buffer.from('Content-Length: 0\r\n\r\n') : undefined;
  });
};

/** A million short header lines. */
export const millionHeadersRoot = () => hostileOnEveryPath(millionHeaders);
export const millionHeadersFollowUp = () => hostileOnFollowUp(millionHeaders);

/** `size` MB of zeros, compressed: about a thousandth of that on the wire. */
export async function compressedZeros(kind: 'gzip' | 'deflate', size: number): Promise<Buffer> {
  const stream = kind === 'gzip' ? zlib.createGzip({ level: 9 }) : zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  const zeros = Buffer.alloc(MB);
  for (let i = 0; i < size; i++) if (!stream.write(zeros)) await once(stream, 'drain');
  stream.end();
  await once(stream, 'end');
  return Buffer.concat(out);
}

/**
 * A compression bomb on every path, sent although the scanner asked for identity: `bomb` inflates
 * to hundreds of megabytes. The root carries `suggest` so a follow-up is asked too.
 */
export const compressionBomb = (kind: 'gzip' | 'deflate', bomb: Buffer, suggest: Record<string, string>) =>
  hostileOnEveryPath((socket) =>
    respond(socket, '200 OK', { 'Content-Type': 'application/json', 'Content-Encoding': kind, ...suggest }, bomb),
  );

// --- content ---

/** JSON cut off mid-document where a search cluster's banner is expected. */
export const malformedJson = () =>
  hostileOnEveryPath((socket) =>
    respond(
      socket,
      '200 OK',
      { 'Content-Type': 'application/json', 'X-Elastic-Product': 'Elasticsearch' },
      '{"name":"n","version":{"number":"8.1.0","lucene_version":',
    ),
  );

/** JSON nested 200,000 deep: at the root (as a search cluster would answer) and on Kibana's status path. */
export const deeplyNestedJson = () => {
  const deep = '['.repeat(200_000) + ']'.repeat(200_000);
  return hostileOnEveryPath((socket) =>
    respond(
      socket,
      '200 OK',
      { 'Content-Type': 'application/json', 'X-Elastic-Product': 'Elasticsearch', 'kbn-name': 'kibana' },
      `{"version":{"build_hash":${deep}},"deep":${deep}}`,
    ),
  );
};

/** Bytes that are not UTF-8, in the headers and the body. */
export const invalidUtf8 = () =>
  hostileOnEveryPath((socket) =>
    respond(
      socket,
      '200 OK',
      { Server: '\xff\xfe\xc3\x28 \x80\x81', 'Content-Type': 'text/html; charset=utf-8' },
      Buffer.from([0x3c, 0x68, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xed, 0xa0, 0x80, 0x3e]),
    ),
  );

/** Interim `100 Continue` responses, poured without end. */
export const interimForever = () =>
  hostileOnEveryPath((socket) =>
    pourForever(socket, Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'.repeat(1000), 'latin1')),
  );

/** An HTTP 400 page in answer to whatever was sent, as web servers answer bytes that are not HTTP. */
export const badRequestToAnything = () =>
  serve((socket) =>
    onFirstData(socket, () =>
      respond(
        socket,
        '400 Bad Request',
        { 'Content-Type': 'text/html', Server: 'nginx' },
        '<html><center><h1>400 Bad Request</h1></center></html>',
      ),
    ),
  );

/** Random bytes in answer to whatever was sent, then a hang-up. */
export const garbageReply = () =>
  serve((socket) =>
    onFirstData(socket, () => socket.end(Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256)))),
  );

// --- redirects ---

/** Every path redirects to itself (or its sibling) forever; the root suggests Kibana via a login redirect. */
export const redirectLoop = () =>
  serve((socket, server) =>
    onHttpRequest(socket, server, (path) =>
      respond(socket, '302 Found', {
        Location: path === '/' ? '/login?next=%2F' : path === '/login?next=%2F' ? '/' : path,
      }),
    ),
  );

/** The root and the follow-up redirect to other loopback hosts (out of scope: never to be contacted). */
export const redirectOffHost = (rootTo: string, followUpTo: string) =>
  serve((socket, server) =>
    onHttpRequest(socket, server, (path) =>
      respond(socket, '302 Found', { Location: path === '/' ? rootTo : followUpTo }),
    ),
  );

// --- resets ---

/** A reset (RST) part-way through the body of the identifying response. */
export const resetMidResponse = () =>
  hostileOnEveryPath((socket) => {
    socket.write(Buffer.concat([head('200 OK', { 'Content-Length': 1000 }), Buffer.from('only part of the')]));
    setTimeout(() => socket.resetAndDestroy(), 50);
  });

/** A reset part-way through the headers of the follow-up response. */
export const resetMidFollowUp = () =>
  hostileOnFollowUp((socket) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Le');
    setTimeout(() => socket.resetAndDestroy(), 50);
  });

// --- lies ---

/** A plain, harmless HTTP page (for the TLS servers and "HTTP where Redis was asked"). */
export const plainPage: Misbehave = (socket) =>
  respond(socket, '200 OK', { 'Content-Type': 'text/html' }, '<html><title>nothing here</title></html>');

const HONEYPOT: Readonly<Record<string, { headers?: Record<string, string>; body: string }>> = {
  '/': {
    headers: { 'X-Elastic-Product': 'Elasticsearch', 'X-Jenkins': '2.440.1', 'kbn-name': 'kibana' },
    body: JSON.stringify({
      name: 'node',
      cluster_name: 'prod',
      version: { number: '8.12.0', lucene_version: '9.9.1' },
      tagline: 'You Know, for Search',
    }),
  },
  '/api/status': {
    body: JSON.stringify({
      version: { number: '8.12.0', build_hash: 'abc' },
      status: { overall: { level: 'available' } },
    }),
  },
  '/api/json': {
    headers: { 'X-Jenkins': '2.440.1' },
    body: JSON.stringify({
      _class: 'hudson.model.Hudson',
      mode: 'NORMAL',
      jobs: [{ name: 'deploy' }],
      useSecurity: false,
    }),
  },
};

/** Headers and page titles of nineteen products at once: the scanner has some thirty follow-up paths to ask. */
const EVERY_PRODUCT_HEADERS = {
  'kbn-name': 'kibana',
  'X-Jenkins': '2.440.1',
  'X-Influxdb-Version': '1.8.10',
  'X-Consul-Default-Acl-Policy': 'allow',
  'X-ClickHouse-Summary': '{}',
  Server: 'CouchDB/3.3.0 (Erlang OTP/25)',
  'X-Kubernetes-Pf-Flowschema-Uid': 'x',
  'WWW-Authenticate': 'Basic realm="logstash-api"',
  'Api-Version': '1.43',
  Ostype: 'linux',
  'Content-Security-Policy': "frame-ancestors 'self'; report-uri /api/security/csp-report",
  'osd-name': 'x',
};
const EVERY_PRODUCT_PAGE = [
  'RabbitMQ Management',
  'Kubernetes Dashboard',
  'Redis Commander',
  'JupyterLab',
  'pgAdmin 4',
  'RedisInsight',
  'Solr Admin',
  'Grafana',
]
  .map((title) => `<title>${title}</title>`)
  .join('');

/** Claims every product at `GET /`, then drips every follow-up path a byte at a time: each would take the whole timeout. */
export const everyProductStallingFollowUps = () =>
  hostileOnFollowUp(
    (socket) => drip(socket, DRIP_RESPONSE, 200),
    EVERY_PRODUCT_HEADERS,
    `<html>${EVERY_PRODUCT_PAGE} redisCommanderBearerToken <kd-root></html>`,
  );

/** Answers every probe with success: Elasticsearch, Kibana and Jenkins at once, 200 with `{}` elsewhere. */
export const honeypot = () =>
  serve((socket, server) =>
    onHttpRequest(socket, server, (path) => {
      if (path.startsWith('/_cat/indices'))
        return respond(socket, '200 OK', { 'Content-Type': 'text/plain' }, 'logs 1000 65536\n');
      const page = HONEYPOT[path];
      respond(socket, '200 OK', { 'Content-Type': 'application/json', ...page?.headers }, page?.body ?? '{}');
    }),
  );
