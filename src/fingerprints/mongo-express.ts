// Mongo Express, the web admin UI for MongoDB. Its home page (lib/views/index.html under
// layout.html) is titled "Home - Mongo Express", lists every database as a link to
// `db/<name>/` and ends with the client settings script `ME_SETTINGS = {…}`. Served at `/`
// without credentials, that page is the whole proof: whoever loads it can browse, edit and delete
// every collection it lists. With basic auth on (1.0's default in the container image) every
// path answers basic-auth-connect's 401 (`Basic realm="Authorization Required"`), which names no
// product; 1.1 can show its own sign-in form instead ("Sign in - Mongo Express").
import type { HttpObservation } from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const HOME_TITLE = /<title>\s*Home - Mongo Express\s*<\/title>/;
const SIGN_IN_TITLE = /<title>\s*Sign in - Mongo Express\s*<\/title>/;
const SETTINGS_SCRIPT = /(?:window|globalThis)\.ME_SETTINGS\s*=\s*\{/;
const DATABASE_LINK = /href="[^"]*?\/db\/([^"/]+)\/"/g;
const MONGODB_VERSION = /<strong>MongoDB Version<\/strong><\/td>\s*<td\b[^>]*>\s*([0-9][^<\s]*)\s*<\/td>/;
const READ_ONLY = /readOnly:\s*'(true|false)'\s*===\s*'true'/;

/** Database names linked from the home page, in page order, each once. */
function databasesListed(body: string): string[] {
  const names: string[] = [];
  for (const match of body.matchAll(DATABASE_LINK)) {
    let name = match[1]!;
    try {
      name = decodeURIComponent(name);
    } catch {
      // keep the raw text
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

export const mongoExpressFingerprint: HttpFingerprint = {
  products: ['mongo-express'],
  // The home page is the root itself: nothing more to ask.
  requests: [],
  suggestedBy: () => false,
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    if (root.status !== 200) return undefined;
    if (SIGN_IN_TITLE.test(root.body)) {
      return {
        product: 'mongo-express',
        access: 'auth-required',
        signals: ['Mongo Express sign-in page'],
        details: { loginPage: true },
      };
    }
    if (!HOME_TITLE.test(root.body)) return undefined;
    const signals = ['Mongo Express home page title'];
    if (SETTINGS_SCRIPT.test(root.body)) signals.push('Mongo Express client settings script (ME_SETTINGS)');
    const databases = databasesListed(root.body);
    // The database list is what the page shows only to someone let in.
    if (databases.length > 0) signals.push('database list markup');
    const mongodbVersion = MONGODB_VERSION.exec(root.body)?.[1];
    const readOnly = READ_ONLY.exec(root.body)?.[1];
    return {
      product: 'mongo-express',
      access: databases.length > 0 ? 'open' : 'unknown',
      signals,
      details: {
        databases: databases.length,
        databaseNames: databases.slice(0, 20),
        ...(mongodbVersion ? { mongodbVersion } : {}),
        ...(readOnly ? { readOnly: readOnly === 'true' } : {}),
      },
    };
  },
};
