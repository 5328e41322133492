// What the Adminer and phpMyAdmin fingerprints share: both are PHP applications that usually live
// under a path of a PHP web server (`/adminer.php`, `/phpmyadmin/`) rather than at its root. Their
// well-known paths are asked only when the root shows that PHP runs there, so a host that is not
// a PHP server (most of them) gets no request beyond the shared `GET /`.
import type { HttpResponse } from '../probes/http-observation.js';

/** PHP's built-in web server (`php -S`) answers an unknown path with this page. */
const PHP_BUILTIN_404 = /<h1>Not Found<\/h1><p>The requested resource <code class="url">/;

/** Whether the root response shows a PHP server (or points at one of the apps). */
export function rootSuggestsPhp(root: HttpResponse, app: RegExp): boolean {
  const { headers } = root;
  if (/\bPHP\//i.test(headers['x-powered-by'] ?? '') || /\bPHP\//i.test(headers.server ?? '')) return true;
  if (/(^|\n)\s*PHPSESSID=/i.test(headers['set-cookie'] ?? '')) return true;
  if (app.test(headers.location ?? '')) return true;
  if (PHP_BUILTIN_404.test(root.body)) return true;
  // A page linking to PHP scripts, or naming the app (a directory listing, a link to it).
  return /(href|src|action)\s*=\s*["']?[^"'\s>]*\.php\b/i.test(root.body) || app.test(root.body);
}

/** The responses to look at, root first, in the order a fingerprint's paths were listed. */
export function candidates(
  root: HttpResponse,
  rest: readonly (readonly [string, HttpResponse | undefined])[],
): (readonly [string, HttpResponse])[] {
  return [['/', root] as const, ...rest].filter(
    (entry): entry is readonly [string, HttpResponse] => entry[1] !== undefined,
  );
}

/** Cookie names set by a response (repeated Set-Cookie headers are joined with "\n"). */
export function cookieNames(response: HttpResponse): string[] {
  return (response.headers['set-cookie'] ?? '')
    .split('\n')
    .map((line) => /^\s*([^=;\s]+)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}
