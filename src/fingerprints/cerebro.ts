// Cerebro, the Elasticsearch admin UI (lmenezes/cerebro, a Play application on 9000). Without
// authentication configured, `/` is the application (app/views/Index.scala.html):
// `<html lang="en" ng-app="cerebro" ng-init="appVersion = 'v0.9.4'">`, whose REST console and
// overview act on any cluster Cerebro can reach. With authentication on, `/` answers 303 to
// `/login` and opens a Play session (`PLAY_SESSION` cookie); `/login` is the form
// (auth/login.scala.html): titled "Cerebro", version under the logo (`<small>v0.9.4</small>`),
// posting to `auth/login`.
import { responseAt, type HttpObservation, type HttpResponse } from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const CEREBRO_LOGIN_PATH = '/login';

const APP_ROOT = /<html\b[^>]*\bng-app="cerebro"/;
const APP_VERSION = /ng-init="appVersion = 'v(\d+\.\d+\.\d+[^']*)'"/;
const LOGIN_TITLE = /<title>\s*Cerebro\s*<\/title>/;
const LOGIN_FORM = /<form\b[^>]*action="auth\/login"/;
const LOGIN_VERSION = /<h4>\s*Cerebro\s*<small>v(\d+\.\d+\.\d+[^<]*)<\/small>/;
const PLAY_SESSION = /(?:^|\n)\s*PLAY_SESSION=/;

function redirectsToLogin(root: HttpResponse): boolean {
  return (
    root.status >= 300 &&
    root.status < 400 &&
    /(?:^|\/)login$/.test(root.headers.location ?? '') &&
    PLAY_SESSION.test(root.headers['set-cookie'] ?? '')
  );
}

export const cerebroFingerprint: HttpFingerprint = {
  products: ['cerebro'],
  requests: [CEREBRO_LOGIN_PATH],
  // Only a Play redirect to /login (with its session cookie) makes the login page worth asking.
  suggestedBy: redirectsToLogin,
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    if (root.status === 200 && APP_ROOT.test(root.body)) {
      const version = APP_VERSION.exec(root.body)?.[1];
      const signals = ['Cerebro application root (ng-app="cerebro")'];
      if (version) signals.push('Cerebro version stamp (ng-init appVersion)');
      return { product: 'cerebro', ...(version ? { version } : {}), access: version ? 'open' : 'unknown', signals };
    }
    if (!redirectsToLogin(root)) return undefined;
    const login = responseAt(observation, CEREBRO_LOGIN_PATH);
    const signals = ['root redirects to /login with a PLAY_SESSION cookie'];
    if (login?.status === 200 && LOGIN_TITLE.test(login.body) && LOGIN_FORM.test(login.body)) {
      const version = LOGIN_VERSION.exec(login.body)?.[1];
      signals.push('Cerebro login page (title, auth/login form)');
      return {
        product: 'cerebro',
        ...(version ? { version } : {}),
        access: 'auth-required',
        signals,
        details: { loginPage: true },
      };
    }
    return undefined;
  },
};
