// A root page that says nothing but how it says it. Many APIs have no route at `/` and answer it
// with their framework's bare 404, no product header at all (dockerd: JSON
// `{"message":"page not found"}`; podman and Go's net/http: `text/plain; charset=utf-8` with
// `X-Content-Type-Options: nosniff`, "Not Found" or "404 page not found"). Such a root is worth
// one cheap pilot request of the products that answer that way (a fingerprint's `pilot`), never
// a verdict by itself: thousands of other servers answer `/` the same way.
import { isRecord, parseJson, type HttpResponse } from '../probes/http-observation.js';

/** Longer than this and the 404 is a page of its own, not a framework's one-liner. */
const MAX_BARE_BYTES = 128;

export type BareNotFound = 'json-message' | 'go-plain-text';

export function bareNotFound(root: HttpResponse): BareNotFound | undefined {
  if (root.status !== 404 || root.truncated || root.body.length > MAX_BARE_BYTES) return undefined;
  const type = (root.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const json = parseJson(root);
    // `{"message":"page not found"}` (moby's router), and the same shape from other Go APIs.
    if (
      isRecord(json) &&
      Object.keys(json).length === 1 &&
      typeof json.message === 'string' &&
      /not found/i.test(json.message)
    )
      return 'json-message';
    return undefined;
  }
  // net/http's http.Error and http.NotFound: exactly this content type, a one-line body.
  if (type === 'text/plain; charset=utf-8' && /^(?:404 page not found|not found)\n?$/i.test(root.body))
    return 'go-plain-text';
  return undefined;
}
