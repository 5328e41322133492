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

/** Recognises one HTTP product. `suggestedBy` is cheap and decides whether `paths` are fetched. */
export interface HttpFingerprint {
  readonly product: string;
  readonly paths: readonly string[];
  suggestedBy(root: HttpResponse): boolean;
  identify(observation: HttpObservation): Service | undefined;
}
