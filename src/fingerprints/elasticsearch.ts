// Elasticsearch (and OpenSearch, which answers the same banner with `distribution: opensearch`).
// Open: `GET /` returns the JSON banner with a version and the tagline or `X-Elastic-Product`.
// Protected: 401 with a `security_exception` or a `realm="security"` challenge.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

export const CAT_INDICES_PATH = '/_cat/indices?bytes=b&h=index,docs.count,store.size';

interface Banner {
  readonly version: string;
  readonly distribution: 'elasticsearch' | 'opensearch';
  readonly signals: string[];
  readonly clusterName?: string;
}

function bannerOf(root: HttpResponse): Banner | undefined {
  if (root.status !== 200) return undefined;
  const json = parseJson(root);
  if (!isRecord(json) || !isRecord(json.version) || typeof json.version.number !== 'string') return undefined;
  const signals = ['banner JSON with version.number'];
  const opensearch = json.version.distribution === 'opensearch';
  if (typeof json.tagline === 'string' && /You Know, for Search|OpenSearch Project/.test(json.tagline))
    signals.push('tagline');
  if (/^(Elasticsearch|OpenSearch)$/i.test(root.headers['x-elastic-product'] ?? ''))
    signals.push('X-Elastic-Product header');
  if (typeof json.cluster_name === 'string' && typeof json.version.lucene_version === 'string')
    signals.push('cluster_name with lucene_version');
  if (signals.length < 2) return undefined;
  return {
    version: json.version.number,
    distribution: opensearch ? 'opensearch' : 'elasticsearch',
    signals,
    ...(typeof json.cluster_name === 'string' ? { clusterName: json.cluster_name } : {}),
  };
}

function demandsCredentials(root: HttpResponse): boolean {
  if (root.status !== 401 && root.status !== 403) return false;
  return (
    /realm="security"/i.test(root.headers['www-authenticate'] ?? '') ||
    /"type"\s*:\s*"security_exception"/.test(root.body) ||
    /^Elasticsearch$/i.test(root.headers['x-elastic-product'] ?? '')
  );
}

interface IndexSummary {
  readonly indices: number;
  readonly documents: number;
  readonly bytes: number;
  /** Largest indices first, at most 20 names: enough to judge, never the data. */
  readonly names: readonly string[];
  /** An index named like the notes extortion bots leave after wiping a cluster. */
  readonly ransomNote: boolean;
}

/** Index names that wiping bots leave behind (read_me, how_to_recover…, the "meow" bot's suffix). */
const RANSOM_INDEX =
  /^(read[_-]?me|readme[_-]?to[_-]?recover.*|how[_-]?to[_-]?recover.*|recover[_-]?your[_-]?data.*|warning[_-]?read[_-]?me|.+-meow)$/i;

/** Parses `_cat/indices?bytes=b&h=index,docs.count,store.size` (plain text, one index a line). */
function summariseIndices(body: string): IndexSummary | undefined {
  const rows: { name: string; documents: number; bytes: number }[] = [];
  for (const line of body.split('\n')) {
    const cells = line.trim().split(/\s+/);
    if (cells.length === 0 || cells[0] === '') continue;
    const [name, documents, bytes] = cells;
    if (!name || !/^[^\s"{}<>]+$/.test(name)) return undefined;
    rows.push({ name, documents: toCount(documents), bytes: toCount(bytes) });
  }
  rows.sort((a, b) => b.documents - a.documents || a.name.localeCompare(b.name));
  return {
    indices: rows.length,
    documents: rows.reduce((sum, row) => sum + row.documents, 0),
    bytes: rows.reduce((sum, row) => sum + row.bytes, 0),
    names: rows.slice(0, 20).map((row) => row.name),
    ransomNote: rows.some((row) => RANSOM_INDEX.test(row.name)),
  };
}

function toCount(cell: string | undefined): number {
  return cell !== undefined && /^\d+$/.test(cell) ? Number(cell) : 0;
}

/** The banner's cluster name, and what `_cat/indices` showed when it answered. */
type SearchClusterDetails = {
  readonly clusterName?: string;
  readonly indices?: number;
  readonly documents?: number;
  readonly bytes?: number;
  /** The largest indices by name. */
  readonly indexNames?: readonly string[];
  /** An index named like the notes attackers leave after wiping a cluster. */
  readonly ransomNote?: boolean;
  /** The listing was cut at the body cap: counts are of what it held. */
  readonly indicesTruncated?: boolean;
  readonly indicesReadable: boolean;
};

declare module './service.js' {
  interface DetailsByProduct {
    elasticsearch: SearchClusterDetails;
    opensearch: SearchClusterDetails;
  }
}

export const elasticsearchFingerprint: HttpFingerprint<'elasticsearch' | 'opensearch'> = {
  products: ['elasticsearch', 'opensearch'],
  hintPorts: [9200],
  requests: [CAT_INDICES_PATH],
  suggestedBy: (root) => bannerOf(root) !== undefined,
  identify(observation: HttpObservation): Service<'elasticsearch' | 'opensearch'> | undefined {
    const root = observation.root;
    const banner = bannerOf(root);
    if (!banner) {
      if (!demandsCredentials(root)) return undefined;
      return {
        product: 'elasticsearch',
        access: 'auth-required',
        signals: ['401 security challenge', 'Elasticsearch error shape'],
      };
    }
    const cat = responseAt(observation, CAT_INDICES_PATH);
    // A listing cut at the body cap still counts what it holds: the last, partial line is dropped.
    const summary =
      cat?.status === 200
        ? summariseIndices(cat.truncated ? cat.body.slice(0, cat.body.lastIndexOf('\n') + 1) : cat.body)
        : undefined;
    const details = {
      ...(banner.clusterName ? { clusterName: banner.clusterName } : {}),
      ...(summary
        ? {
            indices: summary.indices,
            documents: summary.documents,
            bytes: summary.bytes,
            indexNames: summary.names,
            ransomNote: summary.ransomNote,
          }
        : {}),
      ...(cat?.truncated ? { indicesTruncated: true } : {}),
      indicesReadable: summary !== undefined,
    };
    return { product: banner.distribution, version: banner.version, access: 'open', signals: banner.signals, details };
  },
};
