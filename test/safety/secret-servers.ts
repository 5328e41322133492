// Purpose-built servers that answer like the products exposcan reads, built on recorded real
// responses (test/fixtures/recorded) with secrets planted where a careless owner, or a hostile
// one, puts them: a Prometheus configuration with credentials, a Jenkins page with a session
// cookie, crumb and keys, an Elasticsearch cluster whose names are secret-shaped, a Redis whose
// INFO fields carry secrets, services that greet with keys, and HTTP headers with credentials.
// All listen on 127.0.0.1 on kernel-chosen ports.
import http from 'node:http';
import net from 'node:net';
import { recorded } from '../helpers/fixtures.js';
import { recordedResponse } from '../helpers/recorded-http.js';
import { CANARIES as C } from './canaries.js';

export interface LabServer {
  readonly name: string;
  readonly port: number;
  close(): Promise<void>;
}

async function listen(name: string, server: net.Server): Promise<LabServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    name,
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Route = (path: string) => { status: number; headers: Record<string, string | string[]>; body: string } | undefined;

function httpServer(name: string, route: Route): Promise<LabServer> {
  return listen(
    name,
    http.createServer((req, res) => {
      const reply = route(req.url ?? '/') ?? {
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: 'not found\n',
      };
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    }),
  );
}

// --- Prometheus 2.42.0 (recorded), its configuration carrying credentials it does not mask -------

function prometheusConfigYaml(): string {
  const recordedYaml = (
    JSON.parse(recordedResponse('prometheus/api-v1-status-config-2.42.0-debian.http').body) as {
      data: { yaml: string };
    }
  ).data.yaml;
  return (
    recordedYaml
      .replace('plain-token-in-params', C.promParams)
      // A Prometheus that masks nothing (older versions, or a proxy re-serving the file).
      .replace('password: <secret>', `password: ${C.promBasicAuth}`) +
    [
      '- job_name: secured-app',
      `  bearer_token: ${C.promBearer}`,
      '  static_configs:',
      '  - targets:',
      `    - http://scraper:${C.promUrlPassword}@127.0.0.1:9`,
      // A hostile server can name a discovery mechanism anything; exposcan keeps those names.
      `  password=${C.promDiscoveryKey}_sd_configs:`,
      '  - {}',
      '',
    ].join('\n')
  );
}

export function startPrometheusLike(): Promise<LabServer> {
  const buildinfo = recordedResponse('prometheus/api-v1-status-buildinfo-2.42.0-debian.http').body;
  const config = JSON.stringify({ status: 'success', data: { yaml: prometheusConfigYaml() } });
  const json = { 'content-type': 'application/json', 'set-cookie': `session=${C.promBearer}; HttpOnly` };
  return httpServer('prometheus', (path) => {
    if (path === '/')
      return {
        status: 302,
        headers: { location: '/graph', 'content-type': 'text/html' },
        body: '<a href="/graph">Found</a>.\n',
      };
    if (path === '/api/v1/status/buildinfo') return { status: 200, headers: json, body: buildinfo };
    if (path === '/api/v1/status/config') return { status: 200, headers: json, body: config };
    return undefined;
  });
}

// --- Jenkins 2.440.3, open to anonymous readers ------------------------------------------------

export function startJenkinsLike(): Promise<LabServer> {
  const root = JSON.parse(recorded('jenkins/api-json-root-1.x-open.json')) as Record<string, unknown>;
  const api = JSON.stringify({
    ...root,
    description: `deploy key ${C.jenkinsAwsKey}; api_token=${C.jenkinsApiToken}`,
    jobs: [
      {
        name: 'deploy',
        url: `http://127.0.0.1:8080/job/deploy/buildWithParameters?token=${C.jenkinsApiToken}`,
        color: 'blue',
      },
    ],
  });
  const headers = {
    'x-jenkins': '2.440.3',
    'x-hudson': '1.395',
    'x-jenkins-session': C.jenkinsCookie,
    'set-cookie': [`JSESSIONID.deadbeef=${C.jenkinsCookie}; Path=/; HttpOnly`, `jenkins-crumb=${C.jenkinsCrumb}`],
  };
  const page = `<!DOCTYPE html><html><head><title>Dashboard [Jenkins]</title><script>crumb.init("Jenkins-Crumb", "${C.jenkinsCrumb}");</script></head><body data-crumb-value="${C.jenkinsCrumb}"><pre>AWS_ACCESS_KEY_ID=${C.jenkinsAwsKey}\napi_token=${C.jenkinsApiToken}</pre></body></html>\n`;
  return httpServer('jenkins', (path) => {
    if (path === '/')
      return { status: 200, headers: { ...headers, 'content-type': 'text/html;charset=utf-8' }, body: page };
    if (path === '/api/json')
      return { status: 200, headers: { ...headers, 'content-type': 'application/json;charset=utf-8' }, body: api };
    return undefined;
  });
}

// --- Elasticsearch 7.17.27 (recorded banner), with secret-shaped cluster and index names --------

export function startElasticsearchLike(): Promise<LabServer> {
  const banner = JSON.parse(recorded('elasticsearch/root-7.17.27.json')) as Record<string, unknown>;
  const root = JSON.stringify({ ...banner, cluster_name: `prod password=${C.esClusterPassword}` });
  const indices = [
    `token=${C.esIndexToken} 900 9000`,
    `${C.esIndexAwsKey} 800 8000`,
    `${C.esIndexGithub} 700 7000`,
    `${C.esIndexJwt} 600 6000`,
    'logs-2026.11 500 5000',
    '',
  ].join('\n');
  const headers = { 'content-type': 'application/json; charset=UTF-8', 'x-elastic-product': 'Elasticsearch' };
  return httpServer('elasticsearch', (path) => {
    if (path === '/') return { status: 200, headers, body: root };
    if (path.startsWith('/_cat/indices'))
      return { status: 200, headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: indices };
    return undefined;
  });
}

// --- A Redis that is not one: the recorded INFO of 6.0.9, its kept fields carrying secrets -----

export function startHostileRedis(): Promise<LabServer> {
  const info = recorded('redis/info-6.0.9.txt')
    .replace(/^redis_version:.*$/m, `redis_version:6.0.9-secret=${C.redisVersionSecret}`)
    .replace(/^os:.*$/m, `os:Linux password=${C.redisOsPassword} x86_64`)
    .replace(/^role:.*$/m, `role:master token=${C.redisRoleToken}`)
    .replace(/\r?\n/g, '\r\n');
  const infoReply = `$${Buffer.byteLength(info)}\r\n${info}\r\n`;
  return listen(
    'hostile-redis',
    net.createServer((socket) => {
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (received.startsWith('*')) {
          if (/INFO\r\n/i.test(received)) socket.end(infoReply);
          else if (/PING\r\n/i.test(received)) socket.end('+PONG\r\n');
        } else if (received.includes('\r\n')) {
          // What Redis says to a stray `GET / HTTP/1.1`, before hanging up.
          socket.end("-ERR unknown command 'GET', with args beginning with: '/' 'HTTP/1.1' \r\n");
        }
      });
    }),
  );
}

// --- Services nothing recognises, which greet with secrets (kept as a banner) ------------------

export const BANNERS: Readonly<Record<string, string>> = {
  'banner-password': `220 backup ready password=${C.bannerPassword} key ${C.bannerAwsKey} Authorization: Bearer ${C.bannerBearer}\r\n`,
  'banner-private-key': `-----BEGIN OPENSSH PRIVATE KEY-----\n${C.bannerPemBody}\n-----END OPENSSH PRIVATE KEY-----\n`,
  'banner-tokens': `* OK replica of redis://app:${C.bannerUrlPassword}@10.0.0.5 ${C.bannerGithub} ${C.bannerSlack} ${C.bannerAlibabaKey}\r\n`,
  // A Redis URL without a user, a credential scheme after a secret key, JSON escaped inside a string.
  'banner-shapes': `200 ready redis://:${C.bannerEmptyUserUrl}@10.0.0.5 auth: Basic ${C.bannerSchemeAfterKey} {\\"password\\":\\"${C.bannerEscapedJson}\\"}\r\n`,
  'banner-phrases': `220 ${C.bannerTemporaryAwsKey} passphrase: "correct horse ${C.bannerQuotedPassphrase}"\r\n`,
  'banner-pgp': `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${C.bannerPgpBody}\n-----END PGP PRIVATE KEY BLOCK-----\n`,
  // A token that straddles the 160-character banner cap: what is kept is only its start.
  'banner-cut': `220 ${'a'.repeat(160 - '220 '.length - ' ghp_'.length - C.bannerCutToken.length)} ghp_${C.bannerCutToken}${'A'.repeat(30)}\r\n`,
};

export function startBannerService(name: keyof typeof BANNERS): Promise<LabServer> {
  return listen(
    name,
    net.createServer((socket) => {
      socket.write(BANNERS[name]!);
      // Then silence: whatever is sent next is read and ignored.
      socket.resume();
    }),
  );
}

// --- An HTTP server nothing recognises, with credentials in its headers ------------------------

export function startHeaderLeaker(): Promise<LabServer> {
  return httpServer('headers', () => ({
    status: 401,
    headers: {
      'content-type': 'text/plain',
      'set-cookie': [`sid=${C.headerCookie}; Secure; HttpOnly`, `auth_token=${C.headerCookie}`],
      'www-authenticate': `Bearer realm="api", error="invalid_token", token="${C.headerChallenge}"`,
      'x-debug-authorization': `Basic ${Buffer.from(`admin:${C.headerChallenge}`).toString('base64')}`,
    },
    body: `unauthorized; your session ${C.headerCookie} expired\n`,
  }));
}
