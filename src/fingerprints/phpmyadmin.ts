// phpMyAdmin. A PHP application, served at the root (the official container image) or under
// `/phpmyadmin/` (Debian's package, XAMPP, most hosting panels). What it shows a client that sends
// no cookie depends on `auth_type`:
//   cookie: the login form (`pma_username` / `pma_password`), the usual and safe-ish case;
//   http:   401 with `WWW-Authenticate: Basic realm="phpMyAdmin …"`;
//   config: no login at all: the home page of a session logged in with the credentials in the
//           configuration file, naming the database server, its version and the account.
// The version is in every page's asset URLs (`?v=5.2.1`) and, since 5.0, in `CommonParams`.
import { responseAt, type HttpObservation, type HttpResponse } from '../probes/http-observation.js';
import { candidates, cookieNames, rootSuggestsPhp } from './php-apps.js';
import type { HttpFingerprint, Service } from './service.js';

/** Asked only when the root shows PHP and is not phpMyAdmin itself (see php-apps.ts). */
const PHPMYADMIN_PATHS = ['/phpmyadmin/'] as const;

const TITLE = /<title>[^<]*\bphpMyAdmin\b[^<]*<\/title>/;
const MARKUP = /CommonParams\.setAll\(|\/themes\/pmahomme\/|alt="phpMyAdmin"|Welcome to (<bdo[^>]*>)?\s*phpMyAdmin/;
const REALM = /^Basic realm="phpMyAdmin\b/i;
const LOGIN_FORM = /name=["']pma_username["']/;
const PASSWORD_FIELD = /name=["']pma_password["']/;
const SERVER_MENU =
  /route=\/server\/(sql|status|variables|databases)\b|\bserver_(sql|status|variables|databases)\.php\b/g;
const LOGGED_IN = /\blogged_in\s*:\s*true\b/;
const AUTH_TYPE = /\bauth_type\s*:\s*"(cookie|config|http|signon)"/;
const COMMON_VERSION = /CommonParams\.setAll\(\{[^}]*?\bversion\s*:\s*"([^"]+)"/;
const ASSET_VERSION = /\.(?:js|css|php)\?(?:[^"'\s>]*?&(?:amp;)?)?v=(\d+\.\d+[^&"'\s>]*)/;
const TITLE_VERSION = /<title>[^<]*\bphpMyAdmin (\d+\.\d+[^<\s]*)<\/title>/;
const DATABASE_LINK = /(?:route=\/database\/structure|db_structure\.php\?)[^"'\s>]*?[?&](?:amp;)?db=([^&"'\s>]+)/g;

interface PhpMyAdminPage {
  readonly signals: string[];
  /** Upstream version (`5.2.1`) and the build string as served (`5.2.1deb1+deb12u1`). */
  readonly version?: string;
  readonly build?: string;
  readonly state: 'open' | 'login-form' | 'http-auth' | 'other';
  readonly authType?: string;
  readonly databaseServer?: string;
  readonly databaseUser?: string;
  readonly databases: string[];
}

function phpMyAdminPage(response: HttpResponse): PhpMyAdminPage | undefined {
  const { body } = response;
  const identity: string[] = [];
  if (TITLE.test(body)) identity.push('phpMyAdmin page title');
  if (MARKUP.test(body)) identity.push('phpMyAdmin page markup');
  if (cookieNames(response).some((name) => /^(phpMyAdmin|pma_lang)(_https)?$/.test(name)))
    identity.push('phpMyAdmin cookie');
  const httpAuth = response.status === 401 && REALM.test(response.headers['www-authenticate'] ?? '');
  if (httpAuth) identity.push('401 with a phpMyAdmin Basic realm');
  if (identity.length === 0 || (response.status !== 200 && !httpAuth)) return undefined;

  const build =
    decoded(COMMON_VERSION.exec(body)?.[1] ?? ASSET_VERSION.exec(body)?.[1] ?? TITLE_VERSION.exec(body)?.[1] ?? '') ||
    undefined;
  const version = build ? /^\d+\.\d+(?:\.\d+)?(?:-(?:dev|rc\d*|beta\d*|alpha\d*))?/i.exec(build)?.[0] : undefined;
  const authType = AUTH_TYPE.exec(body)?.[1];
  const common = {
    ...(version ? { version } : {}),
    ...(build && build !== version ? { build } : {}),
    ...(authType ? { authType } : {}),
    databases: [] as string[],
  };

  if (httpAuth) return { ...common, signals: identity, state: 'http-auth', authType: 'http' };
  if (LOGIN_FORM.test(body) && PASSWORD_FIELD.test(body)) {
    return {
      ...common,
      signals: [...identity, 'phpMyAdmin login form (pma_username, pma_password)'],
      state: 'login-form',
    };
  }

  // No login form: is this the home page of a logged-in session, and does it name the server?
  const menu = new Set([...body.matchAll(SERVER_MENU)].map((match) => match[1] ?? match[2]));
  const home = LOGGED_IN.test(body) || menu.size >= 3;
  const server = databaseServerOf(body);
  if (!home || !server) return { ...common, signals: identity, state: 'other' };
  return {
    ...common,
    signals: [
      ...identity,
      `home page served without login (${LOGGED_IN.test(body) ? 'logged_in: true, ' : ''}server menu links)`,
      'Database server panel names the server version',
    ],
    state: 'open',
    databaseServer: server.server,
    ...(server.user ? { databaseUser: server.user } : {}),
    databases: databasesOf(body),
  };
}

/** The "Database server" panel of the home page: server type and version, and the account used. */
function databaseServerOf(body: string): { server: string; user?: string } | undefined {
  const start = body.indexOf('Database server');
  if (start < 0) return undefined;
  const panel = body.slice(start, start + 4000);
  const field = (name: string) => new RegExp(`${name}:\\s*([^<\\r\\n]+)`).exec(panel)?.[1]?.trim();
  const version = field('Server version');
  if (!version) return undefined;
  const type = field('Server type');
  const user = field('User');
  return { server: type ? `${type} ${version}` : version, ...(user ? { user } : {}) };
}

/** Database names in the navigation tree (names only, never their contents). */
function databasesOf(body: string): string[] {
  return [...new Set([...body.matchAll(DATABASE_LINK)].map((match) => decoded(match[1]!)))];
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export const phpMyAdminFingerprint: HttpFingerprint = {
  products: ['phpmyadmin'],
  requests: PHPMYADMIN_PATHS,
  suggestedBy: (root) => phpMyAdminPage(root) === undefined && rootSuggestsPhp(root, /phpmyadmin/i),
  identify(observation: HttpObservation): Service | undefined {
    const pages = candidates(
      observation.root,
      PHPMYADMIN_PATHS.map((path) => [path, responseAt(observation, path)] as const),
    );
    let fallback: Service | undefined;
    for (const [path, response] of pages) {
      const page = phpMyAdminPage(response);
      if (!page) continue;
      const service: Service = {
        product: 'phpmyadmin',
        ...(page.version ? { version: page.version } : {}),
        access: page.state === 'open' ? 'open' : page.state === 'other' ? 'unknown' : 'auth-required',
        signals: page.signals,
        details: {
          path,
          loginPage: page.state === 'login-form' || page.state === 'http-auth',
          ...(page.authType ? { authType: page.authType } : {}),
          ...(page.build ? { build: page.build } : {}),
          ...(page.databaseServer ? { databaseServer: page.databaseServer } : {}),
          ...(page.databaseUser ? { databaseUser: page.databaseUser } : {}),
          ...(page.state === 'open'
            ? { databaseCount: page.databases.length, databaseNames: page.databases.slice(0, 20) }
            : {}),
        },
      };
      // A page that says nothing about access (an error page) gives way to a later, clearer one.
      if (page.state !== 'other') return service;
      fallback ??= service;
    }
    return fallback;
  },
};
