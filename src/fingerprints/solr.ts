// Apache Solr. `/` redirects to the admin UI at `/solr/` (titled "Solr Admin"). Two admin
// handlers answer JSON to anyone when no authentication plugin is configured (the default):
// `admin/info/system` (SystemInfoHandler: `lucene.solr-spec-version`, JVM, OS) and
// `admin/cores?action=STATUS` (CoreAdminHandler: every core with its index size and document
// count). Whoever can read them can also query, modify and reload every core, and the admin
// handlers have been the way in for Solr's remote-code-execution CVEs. With the BasicAuth plugin
// and `blockUnknown: true`, both answer 401 with `WWW-Authenticate: Basic realm="solr"`.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const SOLR_SYSTEM_PATH = '/solr/admin/info/system?wt=json';
const SOLR_CORES_PATH = '/solr/admin/cores?action=STATUS&wt=json';

const ADMIN_PAGE = /<title>\s*Solr Admin\s*<\/title>|ng-app="solrAdminApp"/;
const SOLR_REALM = /realm="solr"/i;

function isRedirectToSolr(root: HttpResponse): boolean {
  return root.status >= 300 && root.status < 400 && /(?:^|\/)solr\/?$/.test(root.headers.location ?? '');
}

function systemVersion(response: HttpResponse | undefined): string | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || !isRecord(json.lucene) || !isRecord(json.responseHeader)) return undefined;
  const version = json.lucene['solr-spec-version'];
  return typeof version === 'string' && /^\d+\.\d+/.test(version) ? version : undefined;
}

interface CoreSummary {
  readonly cores: number;
  readonly names: readonly string[];
  readonly documents: number;
  readonly bytes: number;
}

function coresOf(response: HttpResponse | undefined): CoreSummary | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || !isRecord(json.status) || !isRecord(json.responseHeader)) return undefined;
  const cores = Object.entries(json.status).filter(([, core]) => isRecord(core));
  let documents = 0;
  let bytes = 0;
  for (const [, core] of cores) {
    const index = isRecord(core) && isRecord(core.index) ? core.index : undefined;
    if (typeof index?.numDocs === 'number') documents += index.numDocs;
    if (typeof index?.sizeInBytes === 'number') bytes += index.sizeInBytes;
  }
  // Largest cores first, at most 20 names.
  const names = cores
    .map(([name, core]) => ({
      name,
      documents:
        isRecord(core) && isRecord(core.index) && typeof core.index.numDocs === 'number' ? core.index.numDocs : 0,
    }))
    .sort((a, b) => b.documents - a.documents || a.name.localeCompare(b.name))
    .slice(0, 20)
    .map((core) => core.name);
  return { cores: cores.length, names, documents, bytes };
}

function challenged(response: HttpResponse | undefined): boolean {
  return response?.status === 401 && SOLR_REALM.test(response.headers['www-authenticate'] ?? '');
}

export const solrFingerprint: HttpFingerprint = {
  products: ['solr'],
  requests: [SOLR_SYSTEM_PATH, SOLR_CORES_PATH],
  suggestedBy: (root) =>
    isRedirectToSolr(root) || ADMIN_PAGE.test(root.body) || SOLR_REALM.test(root.headers['www-authenticate'] ?? ''),
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    const system = responseAt(observation, SOLR_SYSTEM_PATH);
    const coresResponse = responseAt(observation, SOLR_CORES_PATH);
    const version = systemVersion(system);
    const cores = coresOf(coresResponse);

    const signals: string[] = [];
    if (version) signals.push('admin/info/system returned lucene.solr-spec-version');
    if (cores) signals.push('admin/cores STATUS listed the cores');
    if (isRedirectToSolr(root)) signals.push('root redirects to /solr/');
    if (root.status === 200 && ADMIN_PAGE.test(root.body)) signals.push('Solr Admin page');
    if (version || cores) {
      return {
        product: 'solr',
        ...(version ? { version } : {}),
        access: 'open',
        signals,
        details: cores
          ? { cores: cores.cores, coreNames: cores.names, documents: cores.documents, bytes: cores.bytes }
          : {},
      };
    }
    if (challenged(system) || challenged(coresResponse) || challenged(root)) {
      return {
        product: 'solr',
        access: 'auth-required',
        signals: [...signals, 'authentication challenge with realm="solr"'],
      };
    }
    return signals.length > 0 ? { product: 'solr', access: 'unknown', signals } : undefined;
  },
};
