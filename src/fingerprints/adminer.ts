// Adminer, the one-file database manager (adminer.org). It has no port of its own: it is a PHP
// script dropped into some web server, most often as `/adminer.php`, or `/adminer/` (Debian's
// package), or served at the root (the official container image). Its login page names it in the
// title, carries the `auth[driver|server|username|password|db]` form, sets `adminer_sid` /
// `adminer_key` cookies and prints the version in `<span class="version">`.
import { responseAt, type HttpObservation, type HttpResponse } from '../probes/http-observation.js';
import { candidates, cookieNames, rootSuggestsPhp } from './php-apps.js';
import type { HttpFingerprint, Service } from './service.js';

/** Asked only when the root shows PHP (see php-apps.ts); the root itself is always read. */
const ADMINER_PATHS = ['/adminer.php', '/adminer/'] as const;

const TITLE = /<title>[^<]*\bAdminer<\/title>/;
const LOGIN_FORM = /name=["']auth\[password\]["']/;
const FORM_FIELDS = /name=["']auth\[(driver|server|username)\]["']/;
const VERSION_SPAN = /<span class=["']version["']>\s*(\d+\.\d+(?:\.\d+)*(?:-dev)?)\s*</;
const ASSET_VERSION = /\?file=[\w.-]+&(?:amp;)?version=(\d+\.\d+(?:\.\d+)*)/;

interface AdminerPage {
  readonly signals: string[];
  readonly version?: string;
  readonly loginPage: boolean;
  readonly drivers: string[];
}

function adminerPage(response: HttpResponse): AdminerPage | undefined {
  if (response.status !== 200) return undefined;
  const { body } = response;
  const signals: string[] = [];
  if (TITLE.test(body)) signals.push('Adminer page title');
  const loginPage = LOGIN_FORM.test(body) && FORM_FIELDS.test(body);
  if (loginPage) signals.push('Adminer login form (auth[server], auth[username], auth[password])');
  if (cookieNames(response).some((name) => name === 'adminer_sid' || name === 'adminer_key'))
    signals.push('adminer_sid / adminer_key cookie');
  const version = VERSION_SPAN.exec(body)?.[1] ?? ASSET_VERSION.exec(body)?.[1];
  if (VERSION_SPAN.test(body)) signals.push('Adminer version mark');
  // The title, or the login form: anything less is a page that merely mentions Adminer.
  if (!signals.includes('Adminer page title') && !loginPage) return undefined;
  return { signals, ...(version ? { version } : {}), loginPage, drivers: loginPage ? driversOf(body) : [] };
}

/** The database systems the login form offers (MySQL, PostgreSQL, SQLite 3, …). */
function driversOf(body: string): string[] {
  const select = /<select name=["']auth\[driver\]["'][^>]*>([\s\S]*?)<\/select>/.exec(body)?.[1] ?? '';
  return [...select.matchAll(/<option[^>]*>([^<]+)/g)]
    .map((match) => match[1]!.trim())
    .filter((name) => name !== '')
    .slice(0, 20);
}

export const adminerFingerprint: HttpFingerprint = {
  products: ['adminer'],
  requests: ADMINER_PATHS,
  // When the root is Adminer itself nothing more is needed.
  suggestedBy: (root) => adminerPage(root) === undefined && rootSuggestsPhp(root, /adminer/i),
  identify(observation: HttpObservation): Service | undefined {
    const pages = candidates(
      observation.root,
      ADMINER_PATHS.map((path) => [path, responseAt(observation, path)] as const),
    );
    for (const [path, response] of pages) {
      const page = adminerPage(response);
      if (!page) continue;
      return {
        product: 'adminer',
        ...(page.version ? { version: page.version } : {}),
        // Adminer never opens a database without credentials of that database.
        access: page.loginPage ? 'auth-required' : 'unknown',
        signals: page.signals,
        details: { loginPage: page.loginPage, path, ...(page.drivers.length > 0 ? { drivers: page.drivers } : {}) },
      };
    }
    return undefined;
  },
};
