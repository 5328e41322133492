// The root shapes that earn a pilot request: dockerd's and podman's real 404s at `/` (recorded in
// test/integration/docker.test.ts's servers), Go's http.NotFound, and pages that are not bare.
import { describe, expect, it } from 'vitest';
import { bareNotFound } from '../../src/fingerprints/bare-not-found.js';
import { response } from '../helpers/evidence.js';

const GO_PLAIN = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };

describe('bareNotFound', () => {
  it('recognises dockerd 20.10’s JSON 404 and podman 4.3’s plain-text one', () => {
    expect(bareNotFound(response(404, '{"message":"page not found"}\n', { 'content-type': 'application/json' }))).toBe(
      'json-message',
    );
    expect(bareNotFound(response(404, 'Not Found\n', GO_PLAIN))).toBe('go-plain-text');
    expect(bareNotFound(response(404, '404 page not found\n', GO_PLAIN))).toBe('go-plain-text');
  });

  it('leaves alone what says more, or is not a 404', () => {
    expect(bareNotFound(response(200, 'Not Found\n', GO_PLAIN))).toBeUndefined();
    expect(
      bareNotFound(response(404, '<html><body>Not Found</body></html>', { 'content-type': 'text/html' })),
    ).toBeUndefined();
    expect(
      bareNotFound(response(404, '{"message":"page not found","code":"x"}', { 'content-type': 'application/json' })),
    ).toBeUndefined();
    expect(
      bareNotFound(
        response(
          404,
          'Not Found: the shop has moved to a new address, please update your bookmarks and links',
          GO_PLAIN,
        ),
      ),
    ).toBeUndefined();
    expect(bareNotFound(response(404, 'x'.repeat(200), GO_PLAIN))).toBeUndefined();
  });
});
