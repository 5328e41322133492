// A product recognised at an endpoint, with the independent signals that recognised it.
// Rules and the end-of-life check read services; they never re-parse responses themselves.
import type { HttpObservation, HttpResponse } from '../probes/http-observation.js';
import type { Access } from '../probes/observation.js';

/** A value a fingerprint keeps about a product, already reduced to evidence. */
type DetailValue = string | number | boolean | readonly string[];

/**
 * The details each product's fingerprint records beyond access, keyed by product. A fingerprint
 * file adds its own product by declaration merging (`declare module './service.js'`), types its
 * `identify` with it (`HttpFingerprint<'kibana'>`), and the rules reporting the product read the
 * same type (`serviceRule` infers it from `product`; `productServices` for other rules). A field renamed
 * in a fingerprint then breaks the build instead of turning into `0` or `''` in a report.
 * @public (exported for the fingerprints' `declare module` blocks, which knip does not count as uses)
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by each fingerprint
export interface DetailsByProduct {}

/** A product's details: its declared type, or an untyped record for a product that declared none. */
type DetailsOf<P extends string> = P extends keyof DetailsByProduct
  ? DetailsByProduct[P]
  : Readonly<Record<string, DetailValue | undefined>>;

export interface Service<P extends string = string> {
  /** Lowercase canonical name: `kibana`, `elasticsearch`, `redis`, `postgresql`, … */
  readonly product: P;
  readonly version?: string;
  /** open: its data or API answered without credentials; auth-required: it asked for them. */
  readonly access: Access | 'unknown';
  /** Why we believe this is the product: at least two for any finding built on it. */
  readonly signals: readonly string[];
  /** Product-specific metadata a rule may want (counts, names), already reduced to evidence. */
  readonly details?: DetailsOf<P>;
}

/** The services of the given products, typed with those products' details. */
export function productServices<P extends string>(
  services: readonly Service[],
  ...products: readonly P[]
): Service<P>[] {
  return services.filter((service): service is Service<P> => (products as readonly string[]).includes(service.product));
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
interface HttpPilot {
  readonly path: string;
  when(root: HttpResponse): boolean;
}

/**
 * Recognises one HTTP product (or a family answering the same way). `suggestedBy` is cheap: it
 * reads the shared `GET /` and decides whether `requests` are worth sending. On `hintPorts` they
 * are sent anyway; elsewhere a root that says nothing can still earn them through `pilot`.
 */
export interface HttpFingerprint<P extends string = string> {
  /** Products `identify` can return; the engine runs the fingerprint only when a selected rule reads one. */
  readonly products: readonly P[];
  readonly hintPorts?: readonly number[];
  readonly requests: readonly (string | HttpRequestSpec)[];
  readonly pilot?: HttpPilot;
  suggestedBy(root: HttpResponse): boolean;
  identify(observation: HttpObservation): Service<P> | undefined;
}

export function requestSpec(request: string | HttpRequestSpec): HttpRequestSpec & { readonly key: string } {
  return typeof request === 'string'
    ? { path: request, key: request }
    : { ...request, key: request.key ?? request.path };
}
