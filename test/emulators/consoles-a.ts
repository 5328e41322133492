// A local stand-in for OpenSearch Dashboards, Grafana, Jenkins, the Docker Engine API, Consul,
// CouchDB and a secured OpenSearch, none of which can run on this machine. Like elastic.ts, it
// listens on 127.0.0.1 on a kernel-chosen port, models only what exposcan reads, and answers
// with recorded real responses (test/fixtures/recorded, sources in SOURCES.md) where one was ever
// published under a permissive licence. Where none was, the reply is built here from the
// vendor's source or documented format, and the comment above it says which.
//
// Which answer serves which path, per profile:
//   osd-2-open            /                302 → /app/home (core_app.ts: the `defaultRoute` redirect)
//                         /api/status      200 opensearch-dashboards/api-status-2.13.0.json
//   osd-2-secured         /                302 → /app/login?nextUrl=%2F (security plugin, basic_auth.ts)
//                         /api/status      401 `Authentication required` (the plugin's API refusal, Boom body)
//   osd-status-bypass     as osd-2-secured, but /api/status 200 (the recording): the pre-2.0
//                         `unauthenticated_routes` default, still configurable
//   grafana-anonymous     /                200 the app page with its boot data (built)
//                         /api/health      200 health document (documented format)
//                         /api/search…     200 two dashboards (documented format)
//   grafana-secured       /                302 → /login with the redirect_to cookie (built from Grafana's behaviour)
//                         /api/health      200; /api/search… 401; /api/user with admin:admin 401
//   grafana-default-admin as grafana-secured, but /api/user with admin:admin 200 (documented user format)
//   jenkins-1-open        /                200 dashboard page with X-Jenkins headers (built)
//                         /api/json        200 jenkins/api-json-root-1.x-open.json
//   jenkins-2-secured     every path       403 HudsonAuthenticationEntryPoint's page and headers (from Jenkins' MIT source)
//   docker-17-open        /                404 `page not found`, no product header (as a real dockerd 20.10 answers)
//                         /_ping           200 OK with the daemon's headers (moby's version middleware)
//                         /version         200 built in the documented format, matching the recorded /info
//                         /info            200 docker/info-17.09.0-ce.json
//   docker-authz          /, /_ping        as above (Docker 24.0.7 headers)
//                         /version, /info  403 from an authorization plugin (documented message shape)
//   consul-open           /                301 → /ui/ (agent `Index` handler)
//                         /v1/agent/self   200 built in the documented format (Consul 1.15.2, ACLs off)
//   consul-acl-deny       /                301 → /ui/
//                         /v1/agent/self   403 Consul's ACL refusal for the anonymous token (built)
//   couchdb-2-admin-party /                200 couchdb/root-welcome-2.2.0.json, Server: CouchDB/2.2.0 (Erlang OTP/19)
//                         /_session        200 anonymous user context with `_admin` (built from couch_httpd_auth.erl)
//                         /_all_dbs        200 couchdb/all-dbs.json
//   couchdb-3-secured     /                200 couchdb/root-welcome-3.4.2.json with its recorded headers
//                         /_session        200 anonymous user context without roles (built, same source)
//                         /_all_dbs        401 couchdb/401-not-server-admin.json
//   opensearch-secured    every path       401 `Unauthorized`, Basic realm="OpenSearch Security" (built)
//   not-a-console         /                200 a blog post naming every product above (the near miss); anything else 404
import http from 'node:http';
import { serveOnLoopback } from './serve.js';
import type { HttpResponse } from '../../src/probes/http-observation.js';
import { recorded, recordedBytes } from '../helpers/fixtures.js';

export type ConsoleProfile =
  | 'osd-2-open'
  | 'osd-2-secured'
  | 'osd-status-bypass'
  | 'grafana-anonymous'
  | 'grafana-secured'
  | 'grafana-default-admin'
  | 'jenkins-1-open'
  | 'jenkins-2-secured'
  | 'docker-17-open'
  | 'docker-authz'
  | 'consul-open'
  | 'consul-acl-deny'
  | 'couchdb-2-admin-party'
  | 'couchdb-3-secured'
  | 'opensearch-secured'
  | 'not-a-console';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string | Buffer;
}

export interface ConsoleEmulator {
  readonly port: number;
  readonly url: string;
  /**
   * Every request target in arrival order; anything but GET as `METHOD target`, and a request
   * that carried credentials with ` (Authorization)` after it.
   */
  readonly requests: string[];
  close(): Promise<void>;
}

interface Request {
  readonly pathname: string;
  readonly target: string;
  readonly authorization?: string;
}

type Handler = (request: Request) => Reply;

const JSON_UTF8 = 'application/json; charset=utf-8';
const HTML_UTF8 = 'text/html; charset=utf-8';

const notFound = (): Reply => ({
  status: 404,
  headers: { 'content-type': 'text/plain' },
  body: '404 page not found\n',
});

// --- OpenSearch Dashboards ------------------------------------------------------------------

/** hapi's Boom error body, as OpenSearch Dashboards (like Kibana) sends it. */
function boom(status: number, error: string, message: string): string {
  return JSON.stringify({ statusCode: status, error, message });
}

/** The Security plugin's refusal of an API request without a session (security-dashboards-plugin, basic_auth.ts). */
export const OSD_AUTHENTICATION_REQUIRED = boom(401, 'Unauthorized', 'Authentication required');
export const OSD_STATUS_2_13 = 'opensearch-dashboards/api-status-2.13.0.json';
const OSD_LOGIN_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><title>OpenSearch Dashboards</title></head>' +
  '<body><osd-csp data="{&quot;strictCsp&quot;:false}"></osd-csp><osd-injected-metadata data="{}"></osd-injected-metadata>' +
  '<div class="osdWelcomeView" id="osd_loading_message"></div></body></html>';

function osd(security: 'off' | 'on' | 'status-bypass'): Handler {
  return (request): Reply => {
    if (request.pathname === '/') {
      return {
        status: 302,
        headers: { location: security === 'off' ? '/app/home' : '/app/login?nextUrl=%2F' },
        body: '',
      };
    }
    if (request.pathname === '/api/status') {
      if (security === 'on')
        return { status: 401, headers: { 'content-type': JSON_UTF8 }, body: OSD_AUTHENTICATION_REQUIRED };
      return { status: 200, headers: { 'content-type': JSON_UTF8 }, body: recordedBytes(OSD_STATUS_2_13) };
    }
    if (request.pathname === '/app/login' && security !== 'off')
      return { status: 200, headers: { 'content-type': HTML_UTF8 }, body: OSD_LOGIN_PAGE };
    return { status: 404, headers: { 'content-type': JSON_UTF8 }, body: boom(404, 'Not Found', 'Not Found') };
  };
}

// --- Grafana --------------------------------------------------------------------------------
// Grafana is AGPL-licensed since 8.0 and no recording of these answers was found under a
// permissive licence, so they are built: /api/health, /api/search and /api/user in the formats of
// Grafana's HTTP API documentation; the redirect with its `redirect_to` cookie and the 401 body as
// Grafana's auth middleware sends them; the app page reduced to the markup exposcan reads.

const GRAFANA_VERSION = '10.4.2';
const GRAFANA_COMMIT = '701c851be7';

/** `/api/health`, pretty-printed as Grafana writes it (keys sorted). */
export function grafanaHealth(version = GRAFANA_VERSION, commit = GRAFANA_COMMIT): string {
  return `{\n  "commit": "${commit}",\n  "database": "ok",\n  "version": "${version}"\n}`;
}

export const GRAFANA_APP_PAGE =
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n<title>Grafana</title>\n<base href="/" />\n</head>\n<body class="theme-dark app-grafana">\n' +
  '<div id="reactRoot"></div>\n<script nonce="">\nwindow.grafanaBootData = {\n' +
  `  user: {"isSignedIn":false,"login":"","orgRole":"Viewer"},\n  settings: {"appSubUrl":"","anonymousEnabled":true,"buildInfo":{"hideVersion":false,"version":"${GRAFANA_VERSION}","commit":"${GRAFANA_COMMIT}","env":"production","edition":"Open Source"}},\n` +
  '  navTree: [],\n};\n</script>\n</body>\n</html>\n';

/** Two dashboards in the search result format of the documented `GET /api/search`. */
export const GRAFANA_SEARCH = JSON.stringify([
  {
    id: 1,
    uid: 'cIBgcSjkk',
    title: 'Production Overview',
    uri: 'db/production-overview',
    url: '/d/cIBgcSjkk/production-overview',
    slug: '',
    type: 'dash-db',
    tags: ['prod'],
    isStarred: false,
    sortMeta: 0,
  },
  {
    id: 7,
    uid: 'q8nVYkBVk',
    title: 'Node Exporter Full',
    uri: 'db/node-exporter-full',
    url: '/d/q8nVYkBVk/node-exporter-full',
    slug: '',
    type: 'dash-db',
    tags: [],
    isStarred: false,
    sortMeta: 0,
  },
]);

export const GRAFANA_UNAUTHORIZED = '{"message":"Unauthorized"}';
const GRAFANA_BAD_LOGIN = '{"message":"Invalid username or password"}';
/** The documented `GET /api/user` answer, for the server admin. */
export const GRAFANA_ADMIN_USER = JSON.stringify({
  id: 1,
  email: 'admin@localhost',
  name: '',
  login: 'admin',
  theme: '',
  orgId: 1,
  isGrafanaAdmin: true,
  isDisabled: false,
  isExternal: false,
  authLabels: [],
  updatedAt: '2024-04-10T09:21:17Z',
  createdAt: '2024-04-10T09:21:17Z',
  avatarUrl: '/avatar/46d229b033af06a191ff2267bca9ae56',
});
export const GRAFANA_LOGIN_REDIRECT: Reply = {
  status: 302,
  headers: {
    'cache-control': 'no-store',
    'content-type': HTML_UTF8,
    location: '/login',
    'set-cookie': 'redirect_to=%2F; Path=/; HttpOnly; SameSite=Lax',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'deny',
  },
  body: '<a href="/login">Found</a>.\n\n',
};
const ADMIN_ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

function grafana(mode: 'anonymous' | 'secured' | 'default-admin'): Handler {
  const json = (status: number, body: string): Reply => ({
    status,
    headers: { 'cache-control': 'no-store', 'content-type': 'application/json' },
    body,
  });
  return (request) => {
    if (request.pathname === '/api/health') return json(200, grafanaHealth());
    if (request.pathname === '/api/user') {
      if (request.authorization === ADMIN_ADMIN)
        return mode === 'default-admin' ? json(200, GRAFANA_ADMIN_USER) : json(401, GRAFANA_BAD_LOGIN);
      return json(401, GRAFANA_UNAUTHORIZED);
    }
    if (request.pathname === '/api/search')
      return mode === 'anonymous' ? json(200, GRAFANA_SEARCH) : json(401, GRAFANA_UNAUTHORIZED);
    if (request.pathname === '/')
      return mode === 'anonymous'
        ? { status: 200, headers: { 'content-type': HTML_UTF8 }, body: GRAFANA_APP_PAGE }
        : GRAFANA_LOGIN_REDIRECT;
    return notFound();
  };
}

// --- Jenkins --------------------------------------------------------------------------------
// Headers from `Functions.advertiseHeaders` and `AccessDeniedException3.reportAsHeaders`, the 403
// page from `HudsonAuthenticationEntryPoint.commence` (jenkinsci/jenkins, MIT). The session hash
// is a placeholder of its shape.

export function jenkinsHeaders(version: string): Record<string, string> {
  return { 'X-Hudson': '1.395', 'X-Jenkins': version, 'X-Jenkins-Session': '5e1b7a0f' };
}

export const JENKINS_ANONYMOUS_HEADERS: Readonly<Record<string, string | readonly string[]>> = {
  'X-You-Are-Authenticated-As': 'anonymous',
  'X-You-Are-In-Group-Disabled':
    'JENKINS-39402: use -Dhudson.security.AccessDeniedException2.REPORT_GROUP_HEADERS=true or use /whoAmI to diagnose',
  'X-Required-Permission': 'hudson.model.Hudson.Read',
  'X-Permission-Implied-By': ['hudson.security.Permission.GenericRead', 'hudson.model.Hudson.Administer'],
};

/** The page Jenkins sends an anonymous client it refuses: white, and redirecting to the login form. */
export function jenkinsLoginPage(requestUri: string): string {
  const loginForm = `/login?from=${encodeURIComponent(requestUri)}`;
  return (
    `<html><head><meta http-equiv='refresh' content='1;url=${loginForm}'/><script>window.location.replace('${loginForm}');</script></head>` +
    "<body style='background-color:white; color:white;'>\n\n\nAuthentication required\n<!--\n" +
    'You are authenticated as: anonymous\nGroups that you are in:\n  anonymous\n' +
    "Permission you need to have (but didn't): hudson.model.Hudson.Read\n" +
    ' ... which is implied by: hudson.security.Permission.GenericRead\n ... which is implied by: hudson.model.Hudson.Administer\n' +
    '-->\n\n</body></html>' +
    ' '.repeat(300)
  );
}

const JENKINS_1_VERSION = '1.480.3';
const JENKINS_2_VERSION = '2.440.3';

const jenkinsOpen: Handler = (request) => {
  const headers = jenkinsHeaders(JENKINS_1_VERSION);
  if (request.pathname === '/') {
    return {
      status: 200,
      headers: { ...headers, 'content-type': 'text/html;charset=UTF-8' },
      body: '<!DOCTYPE html><html><head><title>Dashboard [Jenkins]</title></head><body id="jenkins"></body></html>',
    };
  }
  if (request.pathname === '/api/json')
    return {
      status: 200,
      headers: { ...headers, 'content-type': 'application/json;charset=UTF-8' },
      body: recordedBytes('jenkins/api-json-root-1.x-open.json'),
    };
  return {
    status: 404,
    headers: { ...headers, 'content-type': 'text/html;charset=UTF-8' },
    body: '<html><body>Not Found</body></html>',
  };
};

const jenkinsSecured: Handler = (request) => ({
  status: 403,
  headers: {
    'content-type': 'text/html;charset=utf-8',
    ...jenkinsHeaders(JENKINS_2_VERSION),
    ...JENKINS_ANONYMOUS_HEADERS,
  },
  body: jenkinsLoginPage(request.target),
});

// --- Docker Engine API ----------------------------------------------------------------------
// The daemon's headers as moby's version middleware sets them on every routed response; the 404
// of an unrouted path such as `/` carries none of them (seen on a real dockerd 20.10.24, see
// test/integration/docker.test.ts), only its JSON body. No `/version` answer was ever recorded under a permissive
// licence beside the 1.12.0 example of moby's API docs (docker/version-1.12.0-doc.json); the
// 17.09 one below is built in the documented format (moby docs/api/v1.32.yaml, SystemVersion)
// with the values of the recorded /info (kernel 4.3.0-1-amd64) and of the 17.09.0-ce release.

export function dockerHeaders(version: string, apiVersion: string): Record<string, string> {
  return {
    'Api-Version': apiVersion,
    'Docker-Experimental': 'false',
    Ostype: 'linux',
    Server: `Docker/${version} (linux)`,
  };
}

export const DOCKER_PAGE_NOT_FOUND = '{"message":"page not found"}\n';
const DOCKER_17_VERSION =
  '{"Version":"17.09.0-ce","ApiVersion":"1.32","MinAPIVersion":"1.12","GitCommit":"afdb6d4","GoVersion":"go1.8.3","Os":"linux","Arch":"amd64","KernelVersion":"4.3.0-1-amd64","BuildTime":"2017-09-26T22:42:18.000000000+00:00"}\n';
const DOCKER_17_INFO = 'docker/info-17.09.0-ce.json';
/** An authorization plugin's refusal, in the daemon's error format ("authorization denied by plugin <name>: <message>"). */
const DOCKER_AUTHZ_DENIED =
  '{"message":"authorization denied by plugin opa-docker-authz: request rejected by administrative policy"}\n';

function docker(mode: 'open' | 'authz'): Handler {
  const headers = mode === 'open' ? dockerHeaders('17.09.0-ce', '1.32') : dockerHeaders('24.0.7', '1.43');
  const json = (status: number, body: string | Buffer): Reply => ({
    status,
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  return (request) => {
    if (request.pathname === '/_ping')
      return { status: 200, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' };
    if (request.pathname === '/version')
      return mode === 'open' ? json(200, DOCKER_17_VERSION) : json(403, DOCKER_AUTHZ_DENIED);
    if (request.pathname === '/info')
      return mode === 'open' ? json(200, recordedBytes(DOCKER_17_INFO)) : json(403, DOCKER_AUTHZ_DENIED);
    return { status: 404, headers: { 'content-type': 'application/json' }, body: DOCKER_PAGE_NOT_FOUND };
  };
}

// --- Consul ---------------------------------------------------------------------------------
// No `/v1/agent/self` answer was found recorded under a permissive licence (Consul's own docs are
// MPL-2.0, later BUSL). Built from the documented format: `Config` (the stable subset),
// `DebugConfig` (the full runtime configuration, secrets shown as "hidden"), `Coord`, `Member`,
// `Meta`; compact, as the agent writes it without `?pretty`. Values are this project's own.

const CONSUL_VERSION = '1.15.2';
export const CONSUL_AGENT_SELF = JSON.stringify({
  Config: {
    Datacenter: 'dc1',
    PrimaryDatacenter: 'dc1',
    NodeName: 'consul-server-1',
    NodeID: '6b5f9c3e-2f1d-4a57-9d0e-3c1f8a9b7e21',
    Revision: '7ce982ce',
    Server: true,
    Version: CONSUL_VERSION,
    BuildDate: '2023-03-30T17:51:19Z',
  },
  DebugConfig: {
    ACLsEnabled: false,
    Bootstrap: true,
    ClientAddrs: ['0.0.0.0'],
    Datacenter: 'dc1',
    EncryptKey: 'hidden',
    EnableRemoteScriptChecks: false,
    UIConfig: { Enabled: true },
  },
  Coord: { Vec: [0, 0, 0, 0, 0, 0, 0, 0], Error: 1.5, Adjustment: 0, Height: 0.00001 },
  Member: {
    Name: 'consul-server-1',
    Addr: '10.0.4.17',
    Port: 8301,
    Tags: {
      acls: '0',
      build: `${CONSUL_VERSION}:7ce982ce`,
      dc: 'dc1',
      ft_fs: '1',
      ft_si: '1',
      id: '6b5f9c3e-2f1d-4a57-9d0e-3c1f8a9b7e21',
      port: '8300',
      raft_vsn: '3',
      role: 'consul',
      segment: '',
      vsn: '2',
      vsn_max: '3',
      vsn_min: '2',
      wan_join_port: '8302',
    },
    Status: 1,
    ProtocolMin: 1,
    ProtocolMax: 5,
    ProtocolCur: 2,
    DelegateMin: 2,
    DelegateMax: 5,
    DelegateCur: 4,
  },
  Meta: { 'consul-network-segment': '' },
});
/** Consul's refusal for the anonymous token (the wording of its PermissionDeniedError). */
const CONSUL_PERMISSION_DENIED =
  'Permission denied: anonymous token lacks permission \'agent:read\' on "consul-server-1". The anonymous token is used implicitly when a request does not specify a token.';
export const CONSUL_UI_REDIRECT: Reply = {
  status: 301,
  headers: { 'content-type': HTML_UTF8, location: '/ui/' },
  body: '<a href="/ui/">Moved Permanently</a>.\n\n',
};

function consul(policy: 'allow' | 'deny'): Handler {
  return (request) => {
    if (request.pathname === '/') return CONSUL_UI_REDIRECT;
    const headers = { 'X-Consul-Default-Acl-Policy': policy, Vary: 'Accept-Encoding' };
    if (request.pathname === '/v1/agent/self') {
      return policy === 'allow'
        ? { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: CONSUL_AGENT_SELF }
        : {
            status: 403,
            headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
            body: CONSUL_PERMISSION_DENIED,
          };
    }
    return { status: 404, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: '' };
  };
}

// --- CouchDB --------------------------------------------------------------------------------
// `/_session` is built from `handle_session_req` and `default_authentication_handler` in
// apache/couchdb src/couch/src/couch_httpd_auth.erl (Apache-2.0): with no admin account, a
// request without credentials gets the `_admin` role ("Yay, admin party!"); with one, no roles.

export const COUCHDB_SESSION_ADMIN_PARTY =
  '{"ok":true,"userCtx":{"name":null,"roles":["_admin"]},"info":{"authentication_handlers":["cookie","default"],"authentication_db":"_users"}}\n';
export const COUCHDB_SESSION_ANONYMOUS =
  '{"ok":true,"userCtx":{"name":null,"roles":[]},"info":{"authentication_handlers":["cookie","default"],"authentication_db":"_users"}}\n';

/** The recorded 3.4.2 headers (couchdb/root-welcome-3.4.2.headers.txt), as a header map. */
function recordedHeaders(path: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of recorded(path).split('\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !/^(content-length|date)$/i.test(line.slice(0, colon)))
      headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return headers;
}

function couchdb(mode: '2-admin-party' | '3-secured'): Handler {
  const server =
    mode === '2-admin-party'
      ? { Server: 'CouchDB/2.2.0 (Erlang OTP/19)', 'content-type': 'application/json' }
      : recordedHeaders('couchdb/root-welcome-3.4.2.headers.txt');
  const json = (status: number, body: string | Buffer): Reply => ({
    status,
    headers: { ...server, 'Cache-Control': 'must-revalidate' },
    body,
  });
  return (request) => {
    if (request.pathname === '/')
      return json(
        200,
        recordedBytes(mode === '2-admin-party' ? 'couchdb/root-welcome-2.2.0.json' : 'couchdb/root-welcome-3.4.2.json'),
      );
    if (request.pathname === '/_session')
      return json(200, mode === '2-admin-party' ? COUCHDB_SESSION_ADMIN_PARTY : COUCHDB_SESSION_ANONYMOUS);
    if (request.pathname === '/_all_dbs')
      return mode === '2-admin-party'
        ? json(200, recordedBytes('couchdb/all-dbs.json'))
        : json(401, recordedBytes('couchdb/401-not-server-admin.json'));
    return json(404, '{"error":"not_found","reason":"Database does not exist."}\n');
  };
}

// --- OpenSearch with the Security plugin ----------------------------------------------------
// No recording of this 401 exists under a permissive licence; built from the plugin's behaviour:
// a Basic challenge for the "OpenSearch Security" realm and the plain-text body `Unauthorized`.
export const OPENSEARCH_UNAUTHORIZED: Reply = {
  status: 401,
  headers: { 'WWW-Authenticate': 'Basic realm="OpenSearch Security"', 'content-type': 'text/plain; charset=UTF-8' },
  body: 'Unauthorized',
};

// --- The near miss --------------------------------------------------------------------------

const BLOG_POST = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ten consoles you left open | Ops Notes</title></head>
<body><article>
<h1>Ten consoles you left open</h1>
<p>Grafana on 3000 with anonymous access, Jenkins answering /api/json with its X-Jenkins header,
the Docker Engine API on 2375 (GET /version tells you ApiVersion and KernelVersion), Consul's
/v1/agent/self, CouchDB's admin party ({"couchdb":"Welcome"} and /_session with _admin),
OpenSearch Dashboards redirecting to /app/login: each one is a finding waiting to happen.</p>
</article></body></html>
`;

const notAConsole: Handler = (request) =>
  request.pathname === '/' ? { status: 200, headers: { 'content-type': HTML_UTF8 }, body: BLOG_POST } : notFound();

const PROFILES: Readonly<Record<ConsoleProfile, Handler>> = {
  'osd-2-open': osd('off'),
  'osd-2-secured': osd('on'),
  'osd-status-bypass': osd('status-bypass'),
  'grafana-anonymous': grafana('anonymous'),
  'grafana-secured': grafana('secured'),
  'grafana-default-admin': grafana('default-admin'),
  'jenkins-1-open': jenkinsOpen,
  'jenkins-2-secured': jenkinsSecured,
  'docker-17-open': docker('open'),
  'docker-authz': docker('authz'),
  'consul-open': consul('allow'),
  'consul-acl-deny': consul('deny'),
  'couchdb-2-admin-party': couchdb('2-admin-party'),
  'couchdb-3-secured': couchdb('3-secured'),
  'opensearch-secured': () => OPENSEARCH_UNAUTHORIZED,
  'not-a-console': notAConsole,
};

export const CONSOLE_PROFILES = Object.keys(PROFILES) as readonly ConsoleProfile[];

/** What `profile` answers a GET of `target`: for rule tables that want the emulator's exact reply. */
function consoleReply(profile: ConsoleProfile, target: string, authorization?: string): Reply {
  const url = new URL(`http://emulator.invalid${target}`);
  return PROFILES[profile]({ pathname: url.pathname, target, ...(authorization ? { authorization } : {}) });
}

/** The same reply as the engine's HTTP client hands it to fingerprints: lower-case names, repeats joined. */
export function consoleResponse(profile: ConsoleProfile, target: string, authorization?: string): HttpResponse {
  return asResponse(consoleReply(profile, target, authorization));
}

export function asResponse(reply: Reply): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers)) {
    const key = name.toLowerCase();
    headers[key] = typeof value === 'string' ? value : value.join(key === 'set-cookie' ? '\n' : ', ');
  }
  return { status: reply.status, headers, body: reply.body.toString(), truncated: false };
}

export async function startConsoleEmulator(profile: ConsoleProfile): Promise<ConsoleEmulator> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    const authorization = req.headers.authorization;
    requests.push(
      `${req.method === 'GET' ? '' : `${req.method ?? '?'} `}${target}${authorization ? ' (Authorization)' : ''}`,
    );
    // exposcan is read-only: anything but GET is recorded above and refused here.
    const reply: Reply =
      req.method === 'GET'
        ? consoleReply(profile, target, authorization)
        : { status: 405, headers: { 'content-type': 'text/plain' }, body: 'emulator: only GET is modelled\n' };
    res.writeHead(reply.status, reply.headers as http.OutgoingHttpHeaders);
    res.end(reply.body);
  });
  return serveOnLoopback(server, requests);
}
