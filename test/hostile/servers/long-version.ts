// Servers that name themselves properly and then send a version as long as a reply may be: the
// input that made redaction quadratic and blocked the event loop (issue 20). One long run of
// letters and digits is the worst case for a backtracking pattern. Purpose-built, not a
// product's bytes.
import net from 'node:net';
import { onFirstData, onHttpRequest, respond, serve, type HostileServer } from './tcp.js';

/** A "version" of `length` characters: digits, then one run of letters and digits. */
function longVersion(length: number): string {
  return ('7.2.' + 'a1B2'.repeat(Math.ceil(length / 4))).slice(0, length);
}

/**
 * Redis as seen from outside (a stray `GET` gets Redis's error; anything else is taken for INFO)
 * with an open server whose `redis_version` is `length` characters. Its INFO reply waits for
 * `before` (the test's cue that the other conversations are in flight) and resolves `sent` once written.
 */
export function redisLongVersion(
  length: number,
  before: Promise<void>,
): { server: Promise<HostileServer>; sent: Promise<void> } {
  const info = `# Server\r\nredis_version:${longVersion(length)}\r\nredis_mode:standalone\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n`;
  const reply = `$${Buffer.byteLength(info)}\r\n${info}\r\n`;
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const server = serve((socket) =>
    onFirstData(socket, (first) => {
      if (first.subarray(0, 4).toString('latin1') === 'GET ')
        socket.write("-ERR unknown command 'GET', with args beginning with: '/' \r\n");
      else void before.then(() => socket.write(reply, () => markSent()));
    }),
  );
  return { server, sent };
}

/** An Elasticsearch-shaped root document (`GET /`) whose `version.number` is `length` characters. */
export function searchLongVersion(length: number): Promise<HostileServer> {
  const body = JSON.stringify({
    name: 'node-1',
    cluster_name: 'hostile',
    cluster_uuid: 'x',
    version: { number: longVersion(length), build_flavor: 'default', lucene_version: longVersion(length / 8) },
    tagline: 'You Know, for Search',
  });
  return serve((socket, server) =>
    onHttpRequest(socket, server, () =>
      respond(socket, '200 OK', { 'Content-Type': 'application/json', 'X-elastic-product': 'Elasticsearch' }, body),
    ),
  );
}

/**
 * A loopback relay in front of a real server that holds the server's answers until `release`,
 * and says (`reached`) when the scanner's first bytes came through. So the test knows every real
 * conversation is in flight when the hostile reply is read, instead of racing it. The bytes
 * themselves pass unchanged.
 */
export async function holdingRelay(
  upstreamPort: number,
  release: Promise<void>,
): Promise<{ relay: HostileServer; reached: Promise<void> }> {
  let markReached!: () => void;
  const reached = new Promise<void>((resolve) => (markReached = resolve));
  const relay = await serve((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.end());
    client.on('data', (chunk: Buffer) => {
      markReached();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => void release.then(() => client.write(chunk)));
  });
  return { relay, reached };
}
