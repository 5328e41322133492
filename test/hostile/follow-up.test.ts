// The follow-up request (httpGet, on undici) against the purpose-built hostile servers of
// test/hostile/servers/http.ts, one request each. The CLI scan in hostile.test.ts proves the scan
// survives them; the report does not say how each follow-up ended, so this says it: in bounded
// time (a total deadline, not only undici's idle timeouts), in bounded bytes (compressed bodies
// are never inflated), under the right failure name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeFailure } from '../../src/engine/types.js';
import { createHttpAgent, httpGet } from '../../src/probes/http.js';
import type { HttpOutcome } from '../../src/probes/http-observation.js';
import * as http from './servers/http.js';
import type { HostileServer } from './servers/tcp.js';

/** Generous: the hostile servers run in this process and must outpace the client even on a loaded machine. */
const TIMEOUT_MS = 2000;
const MAX_BODY = 256 * 1024;
/** Past the deadline by this much is a hang, not scheduling noise on a loaded machine. */
const LATE_MS = 4000;

const agent = createHttpAgent(TIMEOUT_MS);
const servers: HostileServer[] = [];
let bomb: { gzip: Buffer; deflate: Buffer };

async function followUp(
  start: () => Promise<HostileServer>,
  path = '/api/status',
): Promise<{ outcome: HttpOutcome; elapsedMs: number; server: HostileServer }> {
  const server = await start();
  servers.push(server);
  const started = Date.now();
  const outcome = await httpGet(agent, `http://${server.host}:${server.port}${path}`, {
    timeoutMs: TIMEOUT_MS,
    maxBodyBytes: MAX_BODY,
  });
  return { outcome, elapsedMs: Date.now() - started, server };
}

function expectFailure(result: { outcome: HttpOutcome; elapsedMs: number }, failure: ProbeFailure) {
  expect(result.outcome).toEqual({ ok: false, failure });
  expect(result.elapsedMs).toBeLessThan(TIMEOUT_MS + LATE_MS);
}

describe('a follow-up request to a hostile server', () => {
  beforeAll(async () => {
    bomb = { gzip: await http.compressedZeros('gzip', 64), deflate: await http.compressedZeros('deflate', 64) };
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await agent.close();
  });

  it('a byte every 200 ms (never idle long enough for an idle timeout) ends at the deadline', async () => {
    const result = await followUp(http.dripFollowUp);
    expectFailure(result, 'timeout');
    // Not before it: the deadline is the request's whole budget, not a shortcut.
    expect(result.elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('chunks that never end, a small one every 100 ms, end at the deadline with what came, cut', async () => {
    const { outcome, elapsedMs } = await followUp(http.chunkedForeverSlowFollowUp);
    // The headers were an answer: the deadline cuts the body, it does not erase the response.
    expect(outcome.ok && outcome.response.status).toBe(200);
    expect(outcome.ok && outcome.response.truncated).toBe(true);
    expect(outcome.ok && outcome.response.body).toMatch(/^(\{\})*$/);
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('an endless body is cut at the cap and marked truncated', async () => {
    const { outcome, elapsedMs } = await followUp(http.endlessBodyFollowUp);
    expect(outcome.ok && outcome.response.truncated).toBe(true);
    expect(outcome.ok && outcome.response.body.length).toBe(MAX_BODY);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + LATE_MS);
  });

  it.each(['gzip', 'deflate'] as const)(
    'a %s bomb is kept as the compressed bytes it came as, never inflated',
    async (kind) => {
      const { outcome } = await followUp(() => http.compressionBomb(kind, bomb[kind], {}));
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.response.headers['content-encoding']).toBe(kind);
      // 64 MB of zeros inflated would be 256 times the cap; what is kept is the wire bytes.
      expect(Buffer.byteLength(outcome.response.body, 'utf8')).toBeLessThanOrEqual(bomb[kind].length * 3);
      expect(outcome.response.body).not.toMatch(/^\0{1000}/);
    },
  );

  it('a 100 MB header is refused as too large', async () => {
    expectFailure(await followUp(http.hugeHeaderFollowUp), 'too-large');
  });

  it('a million headers are refused as too large', async () => {
    expectFailure(await followUp(http.millionHeadersFollowUp), 'too-large');
  });

  it('a reset in mid-headers is a reset', async () => {
    expectFailure(await followUp(http.resetMidFollowUp), 'reset');
  });

  it('a redirect is an answer, not a place to go', async () => {
    const { outcome, server } = await followUp(http.redirectLoop);
    expect(outcome).toMatchObject({ ok: true, response: { status: 302, headers: { location: '/api/status' } } });
    expect(server.paths).toEqual(['/api/status']);
  });
});
