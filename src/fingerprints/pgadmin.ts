// pgAdmin 4, the PostgreSQL management UI. In server mode (the container image's default) every
// page sends the browser to `/login`, a Flask page titled "pgAdmin 4" that renders the login form
// (`renderSecurityPage('login_user', …)` since 7.x, a `login_user_form` before) and opens a
// server-side session, `pga4_session`. In desktop mode there is no login: `/browser/` answers the
// application itself and sets the `PGADMIN_LANGUAGE` cookie (pgadmin/browser/__init__.py sets it
// on that page only, never on the login page). Every page loads its scripts with
// `urlArgs: 'ver=<APP_VERSION_INT>'`, release × 10000 + revision × 100 (9.17 → 91700).
import { responseAt, type HttpObservation, type HttpResponse } from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const PGADMIN_LOGIN_PATH = '/login';
const PGADMIN_BROWSER_PATH = '/browser/';

const TITLE = /<title>\s*pgAdmin(?: 4)?\s*<\/title>/i;
const LOGIN_FORM = /renderSecurityPage\(\s*'login_user'|name="login_user_form"/;
const SESSION_COOKIE = /(?:^|\n)\s*pga4_session=/i;
const LANGUAGE_COOKIE = /(?:^|\n)\s*PGADMIN_LANGUAGE=/;
const VERSION_INT = /[?&'"]ver=(\d{5,6})\b/;

function isRedirect(response: HttpResponse): boolean {
  return response.status >= 300 && response.status < 400;
}

/** `ver=91700` → "9.17": APP_VERSION_INT is release × 10000 + revision × 100. */
function pgadminVersion(body: string): string | undefined {
  const match = VERSION_INT.exec(body);
  if (!match) return undefined;
  const int = Number(match[1]);
  const release = Math.floor(int / 10000);
  const revision = Math.floor((int % 10000) / 100);
  return release >= 1 && release < 100 ? `${release}.${revision}` : undefined;
}

export const pgadminFingerprint: HttpFingerprint = {
  products: ['pgadmin'],
  requests: [PGADMIN_LOGIN_PATH, PGADMIN_BROWSER_PATH],
  // Not any redirect to /login?next=: every Flask-Login app sends that. pgAdmin's own session
  // cookie, its /browser/ redirect (4.x) or its title make the two requests worth sending.
  suggestedBy: (root) =>
    SESSION_COOKIE.test(root.headers['set-cookie'] ?? '') ||
    (isRedirect(root) && /\/browser\/?$/.test(root.headers.location ?? '')) ||
    TITLE.test(root.body),
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    const login = responseAt(observation, PGADMIN_LOGIN_PATH);
    const browser = responseAt(observation, PGADMIN_BROWSER_PATH);
    const pages = [root, login, browser].filter((response): response is HttpResponse => response !== undefined);

    const signals: string[] = [];
    if (pages.some((response) => SESSION_COOKIE.test(response.headers['set-cookie'] ?? '')))
      signals.push('pga4_session cookie');
    if (isRedirect(root) && /\/browser\/?$/.test(root.headers.location ?? ''))
      signals.push('root redirects into /browser/');
    if (browser && isRedirect(browser) && /\/login\?next=%2Fbrowser%2F/i.test(browser.headers.location ?? ''))
      signals.push('/browser/ redirects to the login page');

    const loginPage = login?.status === 200 && TITLE.test(login.body) && LOGIN_FORM.test(login.body);
    const desktopApp =
      browser?.status === 200 && TITLE.test(browser.body) && LANGUAGE_COOKIE.test(browser.headers['set-cookie'] ?? '');
    if (loginPage) signals.push('pgAdmin login page at /login');
    if (desktopApp) signals.push('pgAdmin application at /browser/ with the PGADMIN_LANGUAGE cookie');
    if (!loginPage && !desktopApp && pages.some((response) => TITLE.test(response.body)))
      signals.push('pgAdmin page title');
    if (signals.length === 0) return undefined;

    const versionSource = desktopApp ? browser : loginPage ? login : undefined;
    const version = versionSource ? pgadminVersion(versionSource.body) : undefined;
    const base = { product: 'pgadmin', ...(version ? { version } : {}), signals };
    // Desktop mode on a server: the application itself, no login at all.
    if (desktopApp) return { ...base, access: 'open', details: { serverMode: false } };
    if (loginPage) return { ...base, access: 'auth-required', details: { loginPage: true, serverMode: true } };
    return { ...base, access: 'unknown' };
  },
};
