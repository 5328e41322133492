// elasticsearch-head, the browser UI for Elasticsearch (mobz/elasticsearch-head). Run standalone
// (its grunt server on 9100, or the container image), `/` is its index.html: titled
// "elasticsearch-head", loading `_site/app.js` and starting `new app.App("body", …)`. It has no
// login of its own: whoever opens it gets a console that browses, queries and deletes indices of
// any cluster the visitor's browser can reach, with `auth_user`/`auth_password` taken from the
// URL. It is a static page, so there is nothing more to ask and no version to read.
import type { HttpObservation } from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const TITLE = /<title>\s*elasticsearch-head\s*<\/title>/;
const APP_BOOTSTRAP = /src="_site\/app\.js"[\s\S]*new app\.App\(\s*"body"/;

export const elasticsearchHeadFingerprint: HttpFingerprint = {
  products: ['elasticsearch-head'],
  requests: [],
  suggestedBy: () => false,
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    if (root.status !== 200 || !TITLE.test(root.body)) return undefined;
    const signals = ['elasticsearch-head page title'];
    if (APP_BOOTSTRAP.test(root.body))
      signals.push('elasticsearch-head application bootstrap (_site/app.js, new app.App)');
    return { product: 'elasticsearch-head', access: signals.length > 1 ? 'open' : 'unknown', signals };
  },
};
