// Local stand-ins for management consoles and APIs that cannot run on this machine: pgAdmin,
// Mongo Express, Redis Commander, Redis Insight, the Kubernetes Dashboard, the Kubernetes API
// server, the kubelet, Solr, Jupyter, the YARN ResourceManager, elasticsearch-head, Cerebro,
// InfluxDB and the Logstash API. Each listens on 127.0.0.1 on a kernel-chosen port and answers
// with recorded real responses (test/fixtures/recorded, sources in SOURCES.md) where a public
// recording exists. Where none does, the answer is built here from the product's own source or
// documented format, and the builder says which file and commit it follows. Only what exposcan
// reads is modelled; anything else answers the product's own 404 (Go's `404 page not found` for
// the Go servers), and the tests check which paths were asked.
//
// Which answer serves which path, per profile (R = recorded file, S = built from source/docs):
//   pgadmin-login            /            302 → /login?next=%2F, Set-Cookie pga4_session (S)
//                            /login       200 login page, pgAdmin 9.17 (S: templates rendered below)
//                            /browser/    302 → /login?next=%2Fbrowser%2F (S)
//   pgadmin-proxied          every path   401 from an authenticating proxy (S)
//   mongo-express-open       /            200 home page, Mongo Express 1.0.2 (S: templates rendered below)
//   mongo-express-basic-auth every path   401 basic-auth-connect, realm "Authorization Required" (S)
//   redis-commander-open     /            200 page, httpAuthDisabled = true (S); /connections 200 (S)
//   redis-commander-auth     /            200 page, httpAuthDisabled = false (S); /connections 401 (S)
//   redisinsight-open        /            200 the page shell (S); /api/info 200 (S: GetServerInfoResponse)
//                            /api/databases 200 (S)
//   redisinsight-api-protected  /        200 the page shell (S); /api/* 401 from a proxy (S)
//   k8s-dashboard-skip-login /            200 kubernetes-dashboard/index-v7.html (R: the static file)
//                            /api/v1/login/modes 200, /api/v1/login/skippable 200 true (S)
//   k8s-dashboard-login      the same, skippable false (S)
//   k8s-dashboard-proxied    /            302 → oauth2-proxy's /oauth2/start (S)
//   kube-api-anonymous-admin /            200 the API path list; /version 200; /api/v1/namespaces 200 NamespaceList (S)
//   kube-api-default         /            403 Status (system:anonymous); /version 200; namespaces 403 Status (S)
//   kube-api-no-anonymous    every path   401 Status Unauthorized (S)
//   kubelet-open             /            404 Go default; /pods 200 kubelet/pods-telegraf.json (R)
//   kubelet-unauthorized     /            404 Go default; /pods 401 Unauthorized (S)
//   solr-open                /            302 → /solr/; admin/info/system 200 solr/admin-info-system-4.10.3-cdh5.13.0.json (R)
//                            admin/cores STATUS 200 solr/admin-cores-status-4.x.json (R)
//   solr-basic-auth          /            302 → /solr/; /solr/admin/* 401 realm="solr" (S)
//   jupyter-notebook-open    /            302 → /tree?; /api 200 6.0.3; /api/kernels 200 one kernel; /login 302 (S)
//   jupyter-server-token     /            302 → /lab?; /api 200 2.14.2; /api/kernels 403; /login 200 form (S)
//   yarn-open                /            302 → /cluster; /ws/v1/cluster/info 200 hadoop-yarn/cluster-info-3.0.0-SNAPSHOT.json (R)
//   yarn-kerberos            every path   401 Negotiate (S)
//   es-head                  /            200 elasticsearch-head/index.html (R: the static file)
//   es-head-proxied          every path   401 from an authenticating proxy (S)
//   cerebro-open             /            200 application page, 0.9.4 (S); /login 303 → / (S)
//   cerebro-login            /            303 → /login, Set-Cookie PLAY_SESSION (S); /login 200 login page (S)
//   influxdb-open            /            404 Go default with X-Influxdb-Version 1.8.10 (S)
//                            /query SHOW DATABASES 200 (S); /debug/vars 200 influxdb/debug-vars-1.x.json (R)
//   influxdb-auth            /            404 with the headers; /query and /debug/vars 401 (S)
//   logstash-open            /            200 node banner (S: the fields of the recorded /_node below)
//                            /_node       200 logstash/node-info-6.4.1.json (R)
//   logstash-auth            every path   401 realm="logstash-api" (S)
//   product-blog             /            200 a blog post naming every product above (the near miss)
import http from 'node:http';
import { serveOnLoopback } from './serve.js';
import { recordedBytes } from '../helpers/fixtures.js';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string | Buffer;
}

interface Request {
  readonly pathname: string;
  readonly query: URLSearchParams;
  /** Path and query as sent. */
  readonly target: string;
}

type Handler = (request: Request) => Reply;

const JSON_UTF8 = 'application/json; charset=utf-8';
const HTML_UTF8 = 'text/html; charset=utf-8';

const json = (
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string | readonly string[]>> = {},
): Reply => ({
  status,
  headers: { 'content-type': JSON_UTF8, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const html = (
  status: number,
  body: string,
  headers: Readonly<Record<string, string | readonly string[]>> = {},
): Reply => ({ status, headers: { 'content-type': HTML_UTF8, ...headers }, body });
const redirect = (
  status: number,
  location: string,
  headers: Readonly<Record<string, string | readonly string[]>> = {},
): Reply => ({ status, headers: { location, ...headers }, body: '' });
const recordedJson = (file: string, headers: Readonly<Record<string, string | readonly string[]>> = {}): Reply => ({
  status: 200,
  headers: { 'content-type': JSON_UTF8, ...headers },
  body: recordedBytes(file),
});

/** Go's http.NotFound: what every Go server without a handler for the path answers. */
const GO_NOT_FOUND: Reply = {
  status: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  body: '404 page not found\n',
};

/** A reverse proxy asking for credentials before anything reaches the product (nginx auth_basic). */
function proxyChallenge(realm: string): Reply {
  return html(
    401,
    '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    {
      'www-authenticate': `Basic realm="${realm}"`,
      server: 'nginx',
    },
  );
}

// --- pgAdmin 4 ------------------------------------------------------------------------------

/**
 * The login page of pgAdmin 9.17, rendered by hand from web/pgadmin/templates/base.html,
 * security/render_page.html and security/login_user.html at pgadmin-org/pgadmin4
 * bc58657d3d3ab4209cdadea6d191b632cf1572cc (APP_NAME "pgAdmin 4", APP_VERSION_INT 91700).
 * Abridged: the spinner's inline SVG and the language list are shortened. Not a capture.
 */
export function pgadminLoginPage(versionInt = 91700): string {
  const props = {
    userLanguage: 'en',
    langOptions: [
      { value: 'en', label: 'English' },
      { value: 'de', label: 'German' },
    ],
    forgotPassUrl: '/browser/reset_password',
    loginUrl: '/authenticate/login',
    csrfToken: 'IjQ5ZGY2ZTk3NjYxOGU2ZDg3ZjM1YjBlM2ZlNzk1NGI1ZGQzMDkyZTEi.Z0R2Kg.placeholder',
    authSources: ['internal'],
    authSourcesEnum: { OAUTH2: 'oauth2', KERBEROS: 'kerberos' },
    oauth2Config: [],
    loginBanner: '',
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">

    <title>pgAdmin 4</title>

    <meta name="viewport" content="width=device-width, initial-scale=1">

    <!-- To set pgAdmin4 shortcut icon in browser -->
    <link rel="shortcut icon" href="/favicon.ico?ver=${versionInt}"/>
    <link type="text/css" rel="stylesheet" href="/static/js/generated/style.css?ver=${versionInt}"/>
    <script type="application/javascript">
        /* This is used to change publicPath of webpack at runtime */
        window.resourceBasePath = "/static/js/generated/";
    </script>
    <script type="application/javascript"
        src="/static/vendor/require/require.min.js?ver=${versionInt}"></script>
    <script type="application/javascript">
            require.config({
                baseUrl: '',
                urlArgs: 'ver=${versionInt}',
                waitSeconds: 0,
                shim: {},
                paths: {
                    sources: "/static/js",
                    'security.pages': "/static/js/generated/security.pages"
                }
            });
    </script>
    <script type="application/javascript" src="/static/js/generated/vendor.react.js?ver=${versionInt}" ></script>
    <script type="application/javascript" src="/static/js/generated/pgadmin_commons.js?ver=${versionInt}" ></script>
</head>
<body>
<div id="root" style="height: 100%"></div>
<div class="pg-sp-container">
    <div class="pg-sp-content">
        <div class="pg-sp-icon"></div>
    </div>
</div>
<script type="application/javascript">
try {
    require(
        ['security.pages'],
        function() {
            window.renderSecurityPage('login_user', ${JSON.stringify(props)},
                {"messages": []});
        }, function() {
            console.log(arguments);
        }
    );
} catch (err) {
    console.log(err);
}
</script>
</body>
</html>
`;
}

// pgAdmin's session cookie: `<sid>!<hmac>` (pgadmin/utils/session.py), values made up here.
const PGA4_SESSION =
  'pga4_session=3f0b6a1e-93c4-4d27-a0f5-6b1f2b7c9d10!Lq0fXw3cXK2f3d7bIh6mJvTt8n3cYw1sQJf3mC1kZbA=; Expires=Thu, 26 Nov 2026 00:00:00 GMT; HttpOnly; Path=/; SameSite=Lax';

const pgadminLogin: Handler = (request) => {
  if (request.pathname === '/') return redirect(302, '/login?next=%2F', { 'set-cookie': PGA4_SESSION });
  if (request.pathname === '/login') return html(200, pgadminLoginPage(), { 'set-cookie': PGA4_SESSION });
  if (request.pathname === '/browser/')
    return redirect(302, '/login?next=%2Fbrowser%2F', { 'set-cookie': PGA4_SESSION });
  return html(
    404,
    '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n',
  );
};

// --- Mongo Express --------------------------------------------------------------------------

/**
 * The home page of Mongo Express 1.0.2, rendered by hand from lib/views/layout.html and
 * lib/views/index.html at mongo-express/mongo-express tag v1.0.2 (MIT), for the given databases.
 * Abridged: the delete-confirmation modal and most of the server status table are left out. The
 * "MongoDB Version" row is the template's own. Not a capture.
 */
export function mongoExpressHomePage(databases: readonly string[], mongodbVersion = '6.0.12'): string {
  const menu = databases.map((db) => `      <li><a href="/db/${encodeURIComponent(db)}/">${db}</a></li>`).join('\n');
  const rows = databases
    .map(
      (db) => `  <tr>
    <td class="col-md-2">
      <a href="/db/${encodeURIComponent(db)}/" class="btn btn-success btn-block" >
        <span class="glyphicon glyphicon-eye-open"></span><br>View
      </a>
    </td>
    <td><h3><a href="/db/${encodeURIComponent(db)}/">${db}</a></h3></td>
    <td class="col-md-2">
      <form method="POST" action="/${encodeURIComponent(db)}" style="margin: 0px;">
        <input type="hidden" name="_method" value="delete">
        <button type="submit" class="hidden"></button>
        <button type="button" class="btn btn-danger btn-block deleteButton" database-name="${db}" >
          <span class="glyphicon glyphicon-trash"></span><br>Del
        </button>
      </form>
    </td>
  </tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <base href="/">
  <meta charset="utf-8">
  <title>Home - Mongo Express</title>
  <link href="/public/css/bootstrap.min.css" rel="stylesheet">
  <link href="/public/css/style.css" rel="stylesheet" />
</head>
<body>
<nav class="navbar navbar-default navbar-fixed-top">
  <div class="container">
    <div class="navbar-header">
      <a class="navbar-brand" href="/">
        <div class="logo-nav"><img src="/public/img/mongo-express-logo.png" /></div>
        <div class="title-nav">Mongo Express</div>
      </a>
    </div>
    <ul class="nav navbar-nav">
  <li class="dropdown">
    <a href="#" class="dropdown-toggle" data-toggle="dropdown" role="button" aria-haspopup="true" aria-expanded="false">Database<span class="caret"></span></a>
    <ul class="dropdown-menu">
${menu}
    </ul>
  </li>
    </ul>
  </div>
</nav>
<div class="container">
  <div class="row">
    <div class="col-md-12">
      <div class="page-header main-title">
        <h1 id="pageTitle">Mongo Express</h1>
      </div>
<div class="panel panel-default">
  <div class="panel-heading">
    <div style="display: inline-block;">
      <h4 style="font-weight: bold;">Databases</h4>
    </div>
  </div>
  <div class="panel-body no-padding">
<table class="table table-bordered table-striped table-condensed no-margin">
${rows}
</table>
  </div>
</div>
<div class="panel panel-default">
  <div class="panel-heading"><h4 style="font-weight: bold;">Server Status</h4></div>
<table class="table table-bordered table-striped">
  <tr>
    <td class="span2"><strong>Hostname</strong></td>
    <td class="span3" id="dbHost">mongo</td>
    <td class="span2"><strong>MongoDB Version</strong></td>
    <td class="span3" id="dbVersion">${mongodbVersion}</td>
  </tr>
</table>
</div>
    </div>
  </div>
</div>
<script src="/public/vendor-2b4d8c1f.min.js"></script>
<script type="text/javascript">
window.ME_SETTINGS = {
  readOnly: 'false' === 'true',
  noDelete: 'false' === 'true',
  codeMirrorEditorTheme: 'rubyblue',
  baseHref: '/',
  collapsibleJSON: 'true' === 'true',
  collapsibleJSONDefaultUnfold: Number.parseInt('1', 10),
  confirmDelete: 'false' === 'true',
  dbName: '',
  collectionName: '',
  bucketName: '',
  limit: '',
  skip: '',
};
</script>
<script src="/public/index-5d9b7c2a.min.js"></script>
</body>
</html>
`;
}

export const MONGO_EXPRESS_DATABASES = ['admin', 'config', 'local', 'shop'] as const;

/** basic-auth-connect's refusal (the `unauthorized` function, default realm). */
const BASIC_AUTH_CONNECT: Reply = {
  status: 401,
  headers: { 'www-authenticate': 'Basic realm="Authorization Required"' },
  body: 'Unauthorized',
};

// --- Redis Commander ------------------------------------------------------------------------

/**
 * The page of Redis Commander 0.9.1, rendered by hand from web/views/layout.ejs and
 * web/views/home/home.ejs at joeferner/redis-commander b03e3c453c9c1cbcf296cb86898e503dcb7c3f75
 * (MIT). Abridged: the sidebar, the command line and every modal but the sign-in one are left out;
 * the script block that states the auth setting is the template's own. Not a capture.
 */
function redisCommanderPage(httpAuthDisabled: boolean): string {
  return `<!DOCTYPE html>
<html>
<head>
  <title>Redis Commander: Home</title>
  <link rel="icon" type="image/png" href="favicon.png">
  <link rel="stylesheet" href="bootstrap/css/bootstrap.css"/>
  <link rel="stylesheet" href="css/default.css"/>
  <script src="scripts/browserify.js"></script>
  <script src="scripts/jquery-2.2.4.js"></script>
  <script src="scripts/redisCommander.js"></script>
  <script src="bootstrap/js/bootstrap.js"></script>
</head>
<body>
<div class="navbar navbar-fixed-top">
  <div class="navbar-inner">
    <a class="brand" href="./"><img src="images/RedisCommandLogo.png"/></a>
  </div>
</div>

<div id="app-container">
  <div id="sideBar">
    <div id="keyTree"></div>
  </div>
  <div id="body">
  </div>
</div>

<script type="text/javascript">
  const httpAuthDisabled = ${httpAuthDisabled};
  const redisReadOnly = false;
  const signinPath = 'signin';
  const httpAuthHeaderName = 'Authorization';

  $(function () {
    $.ajaxSetup({
      beforeSend: function(jqXHR) {
        var redisCommanderBearerToken = sessionStorage.getItem('redisCommanderBearerToken');
        if (!httpAuthDisabled && redisCommanderBearerToken) {
          jqXHR.setRequestHeader(httpAuthHeaderName, 'Bearer ' + redisCommanderBearerToken);
        }
      }
    });
  });
</script>
<div id="signinModal" class="modal hide fade" data-backdrop="static" data-keyboard="false">
  <div class="modal-header">
    <h3>Sign In</h3>
  </div>
</div>
</body>
</html>
`;
}

/** `GET /connections` (lib/routes/home.js): convertConnectionsInfoForUI of one standalone server. */
const REDIS_COMMANDER_CONNECTIONS = {
  ok: true,
  connections: [
    {
      label: 'local',
      conId: 'R:redis:6379:0',
      foldingChar: ':',
      options: { db: 0, type: 'Standalone', host: 'redis', port: 6379 },
    },
  ],
};

function redisCommander(httpAuthDisabled: boolean): Handler {
  return (request) => {
    if (request.pathname === '/') return html(200, redisCommanderPage(httpAuthDisabled), { 'x-powered-by': 'Express' });
    if (request.pathname === '/connections') {
      return httpAuthDisabled
        ? json(200, REDIS_COMMANDER_CONNECTIONS)
        : { status: 401, headers: {}, body: 'Unauthorized - Missing Token' };
    }
    return html(
      404,
      `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET ${request.pathname}</pre>\n</body>\n</html>\n`,
    );
  };
}

// --- Redis Insight --------------------------------------------------------------------------

/**
 * Redis Insight's page shell, written here, not copied (the project is SSPL-licensed): the two
 * things the fingerprint reads are facts of redisinsight/ui/index.html at RedisInsight/RedisInsight
 * 066735927fd83f1f158e60f3a906a83f8ac1034d, its title "Redis Insight" and the `__RIPROXYPATH__`
 * placeholder its server fills in with the proxy path.
 */
const REDISINSIGHT_PAGE = `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
  <meta charset="UTF-8" />
  <title>Redis Insight</title>
  <script>
    var RIPROXYPATH = '__RIPROXYPATH__';
    window.__RI_PROXY_PATH__ = undefined;
  </script>
  <script type="module" crossorigin src="/assets/index-8c1f2d3e.js"></script>
</head>
<body>
  <div id="root"></div>
</body>
</html>
`;

/**
 * `GET /api/info`, built from GetServerInfoResponse (redisinsight/api/src/modules/server/dto/
 * server.dto.ts at RedisInsight/RedisInsight 1cd701e8c96cf5f46c7b5ede980753e66ec46be3, SSPL:
 * only the field names are used) with values of a Docker build.
 */
export const REDISINSIGHT_INFO = {
  id: '5e9c2a1b-7d4f-4c3e-9b8a-1f2e3d4c5b6a',
  createDateTime: '2026-09-01T08:12:44.000Z',
  appVersion: '2.58.0',
  osPlatform: 'linux',
  buildType: 'DOCKER_ON_PREMISE',
  packageType: 'unknown',
  appType: 'DOCKER',
  encryptionStrategies: ['PLAIN'],
  sessionId: 1756715564000,
};

/** `GET /api/databases`: the saved connections (list view: no passwords in this answer). */
const REDISINSIGHT_DATABASES = [
  {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    host: 'redis-cache',
    port: 6379,
    name: 'cache',
    db: 0,
    connectionType: 'STANDALONE',
    modules: [],
  },
  {
    id: 'a1b2c3d4-0000-4000-8000-000000000002',
    host: 'redis-sessions',
    port: 6379,
    name: 'sessions',
    db: 0,
    connectionType: 'STANDALONE',
    modules: [],
  },
];

function redisInsight(apiProtected: boolean): Handler {
  return (request) => {
    if (request.pathname === '/') return html(200, REDISINSIGHT_PAGE);
    if (request.pathname.startsWith('/api/') && apiProtected)
      return json(401, { statusCode: 401, message: 'Unauthorized' });
    if (request.pathname === '/api/info') return json(200, REDISINSIGHT_INFO);
    if (request.pathname === '/api/databases') return json(200, REDISINSIGHT_DATABASES);
    return json(404, { message: `Cannot GET ${request.pathname}`, error: 'Not Found', statusCode: 404 });
  };
}

// --- Kubernetes Dashboard -------------------------------------------------------------------

/** go-restful's pretty-printed JSON (MarshalIndent with one space), as the Dashboard 2.x API writes it. */
const restfulJson = (body: unknown): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body, null, 1),
});

function dashboard(skippable: boolean): Handler {
  return (request) => {
    if (request.pathname === '/')
      return {
        status: 200,
        headers: { 'content-type': HTML_UTF8 },
        body: recordedBytes('kubernetes-dashboard/index-v7.html'),
      };
    // LoginModesResponse / LoginSkippableResponse (src/app/backend/auth/api/types.go).
    if (request.pathname === '/api/v1/login/modes') return restfulJson({ modes: ['token'] });
    if (request.pathname === '/api/v1/login/skippable') return restfulJson({ skippable });
    return GO_NOT_FOUND;
  };
}

// oauth2-proxy in front: every unauthenticated request is sent to its sign-in start.
const dashboardProxied: Handler = () => redirect(302, '/oauth2/start?rd=%2F');

// --- Kubernetes API server ------------------------------------------------------------------

// Every response of the API server carries an audit id and, since 1.20, the API priority-and-
// fairness headers; the UIDs are made up.
const APISERVER_HEADERS = {
  'audit-id': '4c1f3b2a-8e7d-4a6b-9c5d-2e1f0a9b8c7d',
  'cache-control': 'no-cache, private',
  'x-content-type-options': 'nosniff',
  'x-kubernetes-pf-flowschema-uid': '9f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  'x-kubernetes-pf-prioritylevel-uid': '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
};

/**
 * `GET /version` (version.Info). Built: the build facts of the v1.32.3 release (its tagged commit,
 * build date and Go version); no public recording under a permissive licence was found.
 */
export const KUBE_VERSION_1_32_3 = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.3',
  gitCommit: '32cc146f75aad04beaaa245a7157eb35063a9f99',
  gitTreeState: 'clean',
  buildDate: '2025-03-11T19:52:21Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** A `Status` failure as the API server writes it (k8s.io/apimachinery metav1.Status, compact JSON). */
function kubeStatus(code: 401 | 403, message: string, details?: Record<string, string>): string {
  const reason = code === 401 ? 'Unauthorized' : 'Forbidden';
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : code === 403 ? { details: {} } : {}),
    code,
  });
}

const KUBE_FORBIDDEN_NAMESPACES = kubeStatus(
  403,
  'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
  {
    kind: 'namespaces',
  },
);
const KUBE_UNAUTHORIZED = kubeStatus(401, 'Unauthorized');

export const KUBE_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'payments'] as const;

/** `GET /api/v1/namespaces`: a NamespaceList in the API's compact JSON (fields per core/v1 Namespace). */
export function kubeNamespaceList(names: readonly string[] = KUBE_NAMESPACES): string {
  return JSON.stringify({
    kind: 'NamespaceList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '48211' },
    items: names.map((name, index) => ({
      metadata: {
        name,
        uid: `0c6a${String(index).padStart(4, '0')}-1f2e-4d3c-8b5a-6978${String(index).padStart(8, '0')}`,
        resourceVersion: String(12 + index),
        creationTimestamp: '2026-10-02T09:14:05Z',
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    })),
  });
}

/** The root of an API server that lets the caller in: its list of API paths (abridged). */
const KUBE_ROOT_PATHS = {
  paths: [
    '/.well-known/openid-configuration',
    '/api',
    '/api/v1',
    '/apis',
    '/apis/',
    '/healthz',
    '/livez',
    '/metrics',
    '/openapi/v2',
    '/readyz',
    '/version',
  ],
};

function kubeApi(mode: 'anonymous-admin' | 'default' | 'no-anonymous'): Handler {
  return (request) => {
    const headers = APISERVER_HEADERS;
    if (mode === 'no-anonymous') return json(401, KUBE_UNAUTHORIZED, { 'cache-control': 'no-cache, private' });
    if (request.pathname === '/version') return json(200, JSON.stringify(KUBE_VERSION_1_32_3, null, 2), headers);
    if (mode === 'anonymous-admin') {
      if (request.pathname === '/') return json(200, JSON.stringify(KUBE_ROOT_PATHS, null, 2), headers);
      if (request.pathname === '/api/v1/namespaces') return json(200, kubeNamespaceList(), headers);
      return json(
        404,
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'the server could not find the requested resource',
          reason: 'NotFound',
          details: {},
          code: 404,
        }),
        headers,
      );
    }
    if (request.pathname === '/api/v1/namespaces') return json(403, KUBE_FORBIDDEN_NAMESPACES, headers);
    return json(
      403,
      kubeStatus(403, `forbidden: User "system:anonymous" cannot get path "${request.pathname}"`),
      headers,
    );
  };
}

// --- kubelet --------------------------------------------------------------------------------

function kubelet(open: boolean): Handler {
  return (request) => {
    if (request.pathname === '/pods') {
      // The authentication filter's refusal (pkg/kubelet/server/server.go): the bare word.
      if (!open) return { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Unauthorized' };
      return recordedJson('kubelet/pods-telegraf.json', { 'content-type': 'application/json' });
    }
    return GO_NOT_FOUND;
  };
}

// --- Solr -----------------------------------------------------------------------------------

/** Jetty's error page for Solr's BasicAuthPlugin refusal (sendError(401, "require authentication")). */
function solrChallenge(path: string): Reply {
  const page = `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n<title>Error 401 require authentication</title>\n</head>\n<body><h2>HTTP ERROR 401</h2>\n<p>Problem accessing ${path}. Reason:\n<pre>    require authentication</pre></p>\n</body>\n</html>\n`;
  return html(401, page, {
    'www-authenticate': 'Basic realm="solr"',
    'cache-control': 'must-revalidate,no-cache,no-store',
  });
}

function solr(open: boolean): Handler {
  return (request) => {
    if (request.pathname === '/') return redirect(302, '/solr/');
    if (!open && request.pathname.startsWith('/solr/admin/')) return solrChallenge(request.pathname);
    if (request.pathname === '/solr/admin/info/system' && request.query.get('wt') === 'json') {
      return recordedJson('solr/admin-info-system-4.10.3-cdh5.13.0.json', {
        'content-type': 'text/plain;charset=UTF-8',
      });
    }
    if (
      request.pathname === '/solr/admin/cores' &&
      request.query.get('action') === 'STATUS' &&
      request.query.get('wt') === 'json'
    ) {
      return recordedJson('solr/admin-cores-status-4.x.json', { 'content-type': 'text/plain;charset=UTF-8' });
    }
    return html(
      404,
      `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n<title>Error 404 Not Found</title>\n</head>\n<body><h2>HTTP ERROR 404</h2>\n<p>Problem accessing ${request.pathname}. Reason:\n<pre>    Not Found</pre></p>\n</body>\n</html>\n`,
    );
  };
}

// --- Jupyter --------------------------------------------------------------------------------

// jupyter_server/base/handlers.py at jupyter-server/jupyter_server
// 9a4d6eea2b16815a493b11fffe0b51b1fe55a81b (BSD-3-Clause): the CSP of every handler, with
// `default-src 'none'` added on API handlers; the API's JSON errors (APIHandler.write_error).
const JUPYTER_PAGE_CSP = "frame-ancestors 'self'; report-uri /api/security/csp-report";
const JUPYTER_API_CSP = `${JUPYTER_PAGE_CSP}; default-src 'none'`;
const TORNADO = { server: 'TornadoServer/6.4.1', 'x-content-type-options': 'nosniff' };

/**
 * Jupyter Server 2.x's login page, rendered by hand from jupyter_server/templates/page.html and
 * login.html at the commit above, with a token configured and no password. Abridged: stylesheets
 * and the token help text are shortened. Not a capture.
 */
export function jupyterLoginPage(next = '%2Flab%3F'): string {
  return `<!DOCTYPE HTML>
<html>

<head>

    <meta charset="utf-8">

    <title>Jupyter Server</title>
    <link id="favicon" rel="shortcut icon" type="image/x-icon" href="/static/favicon.ico?v=50afa725b5de8b00030139d09b38620224d4e7dba47c07ef0e86d4643f30c9bfe6bb7e1a4a1c561aa32834480909a4b6fe7cd1e17f7159330b6b5914bf45a880">
    <link rel="stylesheet" href="/static/style/bootstrap.min.css?v=0e8a7fbd6de23ad6b27ab95802a0a0915af6693af612bc304d83af445529ce5d95842309ca3405d10f538d45c8a3a261b8cff78b4bd512dd9effb4109a71d0ab" />
    <link rel="stylesheet" href="/static/style/index.css?v=30372e3246a801d662cf9e3f9dd656fa192eebde9054a2282449fe43919de9f0ee9b745d7eb49d3b0a5e56357912cc7d776390eddcab9dac85b77bdb17b4bdae" />
    <meta http-equiv="X-UA-Compatible" content="IE=edge" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0">

</head>

<body class=""  dir="ltr">

  <noscript>
    <div id='noscript'>
      Jupyter Server requires JavaScript.<br>
      Please enable it to proceed. 
    </div>
  </noscript>

  <div id="header" role="navigation" aria-label="Top Menu">
    <div id="header-container" class="container">
      <div id="jupyter_server" class="nav navbar-brand"><a href="/lab" title='dashboard'>
          <img src='/static/logo/logo.png?v=a2a176ee3cee251ffddf5fa21fe8e43727a9e5f87a06f9c91ad7b776d9e9d3d5e0159c16cc188a3965e00375fb4bc336c16067c688f5040c0c2d4bfdb852a9e4' alt='Jupyter Server' />
        </a></div>
    </div>
  </div>

  <div id="site">

<div id="jupyter-main-app" class="container">
    <div class="row">
        <div class="navbar col-sm-8">
            <div class="navbar-inner">
                <div class="container">
                    <div class="center-nav">
                        <form action="/login?next=${next}" method="post" class="navbar-form pull-left">
                            <input type="hidden" name="_xsrf" value="2|0b5e3c4d|9f8e7d6c5b4a39281706f5e4d3c2b1a0|1764028800"/>
                            <label for="password_input"><strong>Password or token:</strong></label>
                            <input type="password" name="password" id="password_input" class="form-control">
                            <button type="submit" class="btn btn-default" id="login_submit">Log in</button>
                        </form>
                    </div>
                </div>
            </div>
        </div>
    </div>
    <div class="col-sm-6 col-sm-offset-3 text-left rendered_html">
        <h3>
            Token authentication is enabled
        </h3>
    </div>
</div>

  </div>

</body>

</html>
`;
}

/** A kernel model as `GET /api/kernels` lists it (jupyter_client's kernel model). */
const JUPYTER_KERNELS = [
  {
    id: '6a0c2f1e-5b3d-4e8a-9c7f-1d2e3f4a5b6c',
    name: 'python3',
    last_activity: '2026-11-24T21:07:33.412Z',
    execution_state: 'idle',
    connections: 1,
  },
];

function jupyter(kind: 'notebook-open' | 'server-token'): Handler {
  return (request) => {
    const api = { ...TORNADO, 'content-security-policy': JUPYTER_API_CSP };
    const page = { ...TORNADO, 'content-security-policy': JUPYTER_PAGE_CSP };
    // RedirectWithParams: the default URL plus the (empty) query, hence the trailing "?".
    if (request.pathname === '/') return redirect(302, kind === 'notebook-open' ? '/tree?' : '/lab?', TORNADO);
    if (request.pathname === '/api')
      return json(200, JSON.stringify({ version: kind === 'notebook-open' ? '6.0.3' : '2.14.2' }), api);
    if (request.pathname === '/api/kernels') {
      return kind === 'notebook-open'
        ? json(200, JSON.stringify(JUPYTER_KERNELS), api)
        : json(403, JSON.stringify({ message: 'Forbidden', reason: null }), api);
    }
    if (request.pathname === '/login') {
      // Without a token or password, /login sends the (already "logged-in") visitor on.
      return kind === 'notebook-open' ? redirect(302, '/tree', page) : html(200, jupyterLoginPage(), page);
    }
    return html(
      404,
      '<!DOCTYPE HTML>\n<html>\n<head><title>404 Not Found</title></head>\n<body><h1>404 : Not Found</h1></body>\n</html>\n',
      page,
    );
  };
}

// --- YARN ResourceManager -------------------------------------------------------------------

function yarn(open: boolean): Handler {
  return (request) => {
    if (!open) {
      const page = `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n<title>Error 401 Authentication required</title>\n</head>\n<body><h2>HTTP ERROR 401</h2>\n<p>Problem accessing ${request.pathname}. Reason:\n<pre>    Authentication required</pre></p>\n</body>\n</html>\n`;
      return html(401, page, { 'www-authenticate': 'Negotiate', 'cache-control': 'must-revalidate,no-cache,no-store' });
    }
    if (request.pathname === '/') return redirect(302, '/cluster');
    // The response headers ResourceManagerRest.md shows with this body.
    if (request.pathname === '/ws/v1/cluster/info')
      return recordedJson('hadoop-yarn/cluster-info-3.0.0-SNAPSHOT.json', {
        'content-type': 'application/json',
        server: 'Jetty(6.1.26)',
      });
    return html(404, '<html><body>Not Found</body></html>\n');
  };
}

// --- elasticsearch-head and Cerebro ---------------------------------------------------------

const esHead: Handler = (request) =>
  request.pathname === '/'
    ? { status: 200, headers: { 'content-type': 'text/html' }, body: recordedBytes('elasticsearch-head/index.html') }
    : { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };

/**
 * Cerebro 0.9.4's application page, rendered from app/views/Index.scala.html at lmenezes/cerebro
 * ccb60448b030ead90cb7309221e296c8da920175 (MIT). Not a capture.
 */
function cerebroIndexPage(version = '0.9.4'): string {
  return `

<!DOCTYPE html>
<html lang="en" ng-app="cerebro" ng-init="appVersion = 'v${version}'">
    <head>
        <meta charset="utf-8">
        <meta http-equiv="X-UA-Compatible" content="IE=edge">
        <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
        <meta name="description" content="">
        <meta name="author" content="">
        <title>{{title}}</title>
        <link rel="icon" type="image/png" href="img/favicon.png">
        <link rel="stylesheet" href="css/lib.css">
        <link rel="stylesheet" href="css/app.css">
        <script src="js/lib.js"></script>
        <script src="js/app.js"></script>
    </head>
    <body>
        <div ng-include src="'alerts.html'" ng-controller="AlertsController" class="alerts"></div>
        <div ng-include src="'navbar.html'"></div>
        <div class="container-fluid main">
            <div class="row">
                <div class="col-sm-12">
                    <div class="content" ng-view onload="setup()"></div>
                </div>
            </div>
        </div>
        <div ng-include src="'modal.html'"></div>
    </body>
</html>
`;
}

/** Cerebro's login page, rendered from app/views/auth/login.scala.html at the same commit. Not a capture. */
export function cerebroLoginPage(version = '0.9.4'): string {
  return `


<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="X-UA-Compatible" content="IE=edge">
    <meta name="viewport" content="width=device-width, initial-scale=1">

    <title>Cerebro</title>

    <link rel="stylesheet" href="css/lib.css">
    <link rel="stylesheet" href="css/app.css">

  </head>

  <body class="login">
    <div class="row" style="padding-top: 80px;
      padding-bottom: 60px;">
      <div class="col-xs-12 text-center">
        <img src="img/logo.png" height="160px">
        <h4>Cerebro
          <small>v${version}</small>
        </h4>
      </div>
    </div>
    <div style="max-width: 300px;
      margin-left: auto;
      margin-right: auto">
      <div class="row">
        <div class="col-xs-12 text-center text-danger">
          <p>&nbsp;</p>
        </div>
      </div>
      <div class="row">
        <div class="col-xs-12">
          <form class="form-signin" action="auth/login" method="POST">
            <div class="form-group">
              <label for="inputUser" class="sr-only">User</label>
              <input type="text" name="user" id="inputUser" class="form-control form-control-sm" placeholder="User" required autofocus>
            </div>
            <div class="form-group">
              <label for="inputPassword" class="sr-only">Password</label>
              <input type="password" name="password" id="inputPassword" class="form-control form-control-sm" placeholder="Password" required>
            </div>
            <button class="btn btn-success pull-right" type="submit">Sign in</button>
          </form>
        </div>
      </div>
    </div>
  </body>
  <script src="js/lib.js"></script>
  <script src="js/app.js"></script>
</html>
`;
}

// Play's session cookie (signed JWT since 2.6); the value is made up.
const PLAY_SESSION =
  'PLAY_SESSION=eyJhbGciOiJIUzI1NiJ9.eyJkYXRhIjp7InJlZGlyZWN0IjoiLyJ9fQ.placeholder; SameSite=Lax; Path=/; HTTPOnly';

function cerebro(loginRequired: boolean): Handler {
  return (request) => {
    if (request.pathname === '/') {
      return loginRequired ? redirect(303, '/login', { 'set-cookie': PLAY_SESSION }) : html(200, cerebroIndexPage());
    }
    if (request.pathname === '/login') return loginRequired ? html(200, cerebroLoginPage()) : redirect(303, '/');
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Action Not Found' };
  };
}

// --- InfluxDB -------------------------------------------------------------------------------

// services/httpd/handler.go (influxdata/influxdb, MIT) adds these to every answer, before routing.
const INFLUX_HEADERS = {
  'x-influxdb-build': 'OSS',
  'x-influxdb-version': '1.8.10',
  'request-id': '5a3f9c1e-ca1d-11f0-8001-000000000000',
};

/** `SHOW DATABASES` as /query answers it (built: the two databases of influxdb/debug-vars-1.x.json). */
const INFLUX_SHOW_DATABASES =
  '{"results":[{"statement_id":0,"series":[{"name":"databases","columns":["name"],"values":[["_internal"],["udp"]]}]}]}\n';
/** The 1.x refusal without credentials (the handler's httpError with the credentials parser's error). */
export const INFLUX_UNAUTHORIZED = '{"error":"unable to parse authentication credentials"}\n';

function influxdb(open: boolean): Handler {
  return (request) => {
    if (request.pathname === '/query') {
      if (!open) return json(401, INFLUX_UNAUTHORIZED, INFLUX_HEADERS);
      return request.query.get('q') === 'SHOW DATABASES'
        ? json(200, INFLUX_SHOW_DATABASES, INFLUX_HEADERS)
        : json(400, '{"error":"missing required parameter \\"q\\""}\n', INFLUX_HEADERS);
    }
    if (request.pathname === '/debug/vars')
      return open
        ? recordedJson('influxdb/debug-vars-1.x.json', INFLUX_HEADERS)
        : json(401, INFLUX_UNAUTHORIZED, INFLUX_HEADERS);
    return { ...GO_NOT_FOUND, headers: { ...GO_NOT_FOUND.headers, ...INFLUX_HEADERS } };
  };
}

// --- Logstash -------------------------------------------------------------------------------

/**
 * The node banner at `/`, built: the banner's fields (host, version, http_address, id, name) with
 * the values of the recorded /_node of the same node (logstash/node-info-6.4.1.json). The build
 * fields the real banner also has are left out: their values for this node are unknown.
 */
const LOGSTASH_BANNER_6_4_1 = {
  host: 'Shaunaks-MBP-2',
  version: '6.4.1',
  http_address: '127.0.0.1:9600',
  id: '01cf780e-b576-4e59-9ee0-6b49d73e1238',
  name: 'Shaunaks-MBP-2',
};

function logstash(open: boolean): Handler {
  return (request) => {
    // Rack::Auth::Basic's refusal with Logstash's realm (logstash-core webserver spec).
    if (!open)
      return {
        status: 401,
        headers: { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="logstash-api"' },
        body: '',
      };
    if (request.pathname === '/') return json(200, LOGSTASH_BANNER_6_4_1);
    if (request.pathname === '/_node') return recordedJson('logstash/node-info-6.4.1.json');
    return json(404, { path: request.pathname, status: 404, error: { message: 'Not Found' } });
  };
}

// --- The near miss --------------------------------------------------------------------------

// A blog post naming every product here, their titles, paths and cookies in its text: none of
// their own headers, redirects, documents or page markup.
const PRODUCT_BLOG = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Admin consoles we found on the internet | Ops Notes</title></head>
<body><article>
<h1>Admin consoles we found on the internet</h1>
<p>pgAdmin 4 shows its login page at /login and sets PGADMIN_LANGUAGE and pga4_session cookies. Mongo Express
("Home - Mongo Express") lists databases; Redis Commander and Redis Insight expose Redis; the Kubernetes Dashboard
has a skip-login button; the Kubernetes API answers /api/v1/namespaces and /version; the kubelet answers /pods on
10250. Solr Admin answers /solr/admin/cores?action=STATUS, Jupyter answers /api/kernels, the YARN ResourceManager
answers /ws/v1/cluster/info, elasticsearch-head and Cerebro drive Elasticsearch, InfluxDB answers SHOW DATABASES
and /debug/vars, and Logstash's API on 9600 answers /_node.</p>
</article></body></html>
`;

const productBlog: Handler = (request) =>
  request.pathname === '/'
    ? html(200, PRODUCT_BLOG)
    : html(404, '<!doctype html><title>404 Not Found</title><h1>Not Found</h1>\n');

// --- Profiles -------------------------------------------------------------------------------

const PROFILES = {
  'pgadmin-login': pgadminLogin,
  'pgadmin-proxied': () => proxyChallenge('pgAdmin'),
  'mongo-express-open': (request: Request) =>
    request.pathname === '/' ? html(200, mongoExpressHomePage(MONGO_EXPRESS_DATABASES)) : html(404, 'Not Found'),
  'mongo-express-basic-auth': () => BASIC_AUTH_CONNECT,
  'redis-commander-open': redisCommander(true),
  'redis-commander-auth': redisCommander(false),
  'redisinsight-open': redisInsight(false),
  'redisinsight-api-protected': redisInsight(true),
  'k8s-dashboard-skip-login': dashboard(true),
  'k8s-dashboard-login': dashboard(false),
  'k8s-dashboard-proxied': dashboardProxied,
  'kube-api-anonymous-admin': kubeApi('anonymous-admin'),
  'kube-api-default': kubeApi('default'),
  'kube-api-no-anonymous': kubeApi('no-anonymous'),
  'kubelet-open': kubelet(true),
  'kubelet-unauthorized': kubelet(false),
  'solr-open': solr(true),
  'solr-basic-auth': solr(false),
  'jupyter-notebook-open': jupyter('notebook-open'),
  'jupyter-server-token': jupyter('server-token'),
  'yarn-open': yarn(true),
  'yarn-kerberos': yarn(false),
  'es-head': esHead,
  'es-head-proxied': () => proxyChallenge('Elasticsearch'),
  'cerebro-open': cerebro(false),
  'cerebro-login': cerebro(true),
  'influxdb-open': influxdb(true),
  'influxdb-auth': influxdb(false),
  'logstash-open': logstash(true),
  'logstash-auth': logstash(false),
  'product-blog': productBlog,
} satisfies Record<string, Handler>;

export type ConsoleProfile = keyof typeof PROFILES;
export const CONSOLE_PROFILES = Object.keys(PROFILES) as readonly ConsoleProfile[];

export interface ConsoleEmulator {
  readonly port: number;
  readonly url: string;
  /** Every request target in arrival order, as sent; anything but GET as `METHOD target`. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** What a profile answers to a GET, without a server: for tests that build evidence directly. */
function answerOf(profile: ConsoleProfile, target: string): Reply {
  const url = new URL(`http://emulator.invalid${target}`);
  return PROFILES[profile]({ pathname: url.pathname, query: url.searchParams, target });
}

/**
 * The same answer as the scanner's HTTP client would hand it over: header names in lower case,
 * repeated headers joined (set-cookie with "\n"), the body decoded as UTF-8. For rule tables.
 */
export function responseOf(
  profile: ConsoleProfile,
  target: string,
): { status: number; headers: Record<string, string>; body: string; truncated: false } {
  const reply = answerOf(profile, target);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers)) {
    const lower = name.toLowerCase();
    headers[lower] = typeof value === 'string' ? value : value.join(lower === 'set-cookie' ? '\n' : ', ');
  }
  return {
    status: reply.status,
    headers,
    body: Buffer.isBuffer(reply.body) ? reply.body.toString('utf8') : reply.body,
    truncated: false,
  };
}

export async function startConsoleEmulator(profile: ConsoleProfile): Promise<ConsoleEmulator> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    requests.push(req.method === 'GET' ? target : `${req.method ?? '?'} ${target}`);
    // exposcan is read-only: anything but GET is recorded above and refused here.
    const reply =
      req.method === 'GET'
        ? answerOf(profile, target)
        : { status: 405, headers: { 'content-type': 'text/plain' }, body: 'emulator: only GET is modelled\n' };
    res.writeHead(reply.status, reply.headers as http.OutgoingHttpHeaders);
    res.end(reply.body);
  });
  return serveOnLoopback(server, requests);
}
