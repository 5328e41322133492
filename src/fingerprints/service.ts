// A product recognised at an endpoint, with the independent signals that recognised it.
// Rules and the end-of-life check read services; they never re-parse responses themselves.
import type { HttpObservation, HttpResponse } from '../probes/http-observation.js';
import type { Access } from '../probes/observation.js';

export interface Service {
  /** Lowercase canonical name: `kibana`, `elasticsearch`, `redis`, `postgresql`, … */
  readonly product: string;
  readonly version?: string;
  /** open: its data or API answered without credentials; auth-required: it asked for them. */
  readonly access: Access | 'unknown';
  /** Why we believe this is the product: at least two for any finding built on it. */
  readonly signals: readonly string[];
  /** Product-specific metadata a rule may want (counts, names), already reduced to evidence. */
  readonly details?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

/** A follow-up GET a fingerprint needs. A bare string is a path with no extra headers. */
export interface HttpRequestSpec {
  readonly path: string;
  /** Where the response is kept in `observation.responses`; defaults to the path. */
  readonly key?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Tries a documented default credential (e.g. guest/guest). Sent only with --credential-checks;
   * still a read-only GET.
   */
  readonly credentialCheck?: boolean;
  /**
   * GET unless said otherwise. POST only for an API whose reads are POSTs by design (etcd's v3
   * gateway: `POST /v3/kv/range` is a read); never for anything that writes. Give it a `key`.
   */
  readonly method?: 'GET' | 'POST';
  /** A POST's JSON body, sent with `content-type: application/json`. */
  readonly body?: string;
}

/**
 * One cheap request for a product whose root page says nothing of it: sent when `when(root)`
 * holds (e.g. the root is a bare framework 404) and `suggestedBy(root)` does not. The product's
 * `requests` follow only if `suggestedBy` holds for the pilot's answer (the Docker API's
 * `GET /_ping` carries the daemon's headers its 404 at `/` lacks). Read-only, like every request.
 */
export interface HttpPilot {
  readonly path: string;
  when(root: HttpResponse): boolean;
}

/**
 * Recognises one HTTP product (or a family answering the same way). `suggestedBy` is cheap: it
 * reads the shared `GET /` and decides whether `requests` are worth sending. On `hintPorts` they
 * are sent anyway; elsewhere a root that says nothing can still earn them through `pilot`.
 */
export interface HttpFingerprint {
  /** Products `identify` can return; the engine runs the fingerprint only when a selected rule reads one. */
  readonly products: readonly string[];
  readonly hintPorts?: readonly number[];
  readonly requests: readonly (string | HttpRequestSpec)[];
  readonly pilot?: HttpPilot;
  suggestedBy(root: HttpResponse): boolean;
  identify(observation: HttpObservation): Service | undefined;
}

export function requestSpec(request: string | HttpRequestSpec): HttpRequestSpec & { readonly key: string } {
  return typeof request === 'string'
    ? { path: request, key: request }
    : { ...request, key: request.key ?? request.path };
}
