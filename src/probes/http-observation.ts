// HTTP evidence: the response to the identifying `GET /` and to each follow-up path a rule or
// product fingerprint asked for. Every path is fetched once per endpoint and shared.
import type { ProbeFailure } from '../engine/types.js';

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", " (set-cookie with "\n"). */
  readonly headers: Readonly<Record<string, string>>;
  /** Decoded as UTF-8, cut at the body cap. */
  readonly body: string;
  readonly truncated: boolean;
}

export type HttpOutcome =
  { readonly ok: true; readonly response: HttpResponse } | { readonly ok: false; readonly failure: ProbeFailure };

export interface HttpObservation {
  readonly protocol: 'http';
  readonly tls: boolean;
  /** scheme://host:port/base/ — every path is resolved against it. */
  readonly baseUrl: string;
  readonly root: HttpResponse;
  readonly responses: ReadonlyMap<string, HttpOutcome>;
}

/** The response at `path`, `/` being the identifying request; undefined when it was not fetched or failed. */
export function responseAt(observation: HttpObservation, path: string): HttpResponse | undefined {
  if (path === '/') return observation.root;
  const outcome = observation.responses.get(path);
  return outcome?.ok ? outcome.response : undefined;
}

export function parseJson(response: HttpResponse | undefined): unknown {
  if (!response || response.truncated) return undefined;
  // A hostile body nested 100,000 deep parses, but every fingerprint parses the root again, and
  // the arrays it builds cost the scan about 150 MB at its peak (test/hostile): no product's
  // JSON is nested anywhere near this deep, so such a body is not JSON worth reading.
  if (nestedDeeperThan(response.body, MAX_JSON_DEPTH)) return undefined;
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}

const MAX_JSON_DEPTH = 64;

/** Whether `[` and `{` (outside strings) open deeper than `limit`: one pass, no allocation. */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
