// The bounds the hostile suite made the probes keep, checked one by one: JSON nested past any
// product's is not parsed (hostile.test.ts: a 200,000-deep body cost the scan ~150 MB), and a
// flood of garbage larger than a probe's byte cap is named a mismatch, not `too-large`. The
// server here is purpose-built (loopback, spews 2 KB of garbage at whatever it is sent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conn, INCOMPLETE, MISMATCH, type Parser } from '../../src/probes/conn.js';
import { parseJson, type HttpResponse } from '../../src/probes/http-observation.js';
import { garbageReply } from './servers/http.js';
import type { HostileServer } from './servers/tcp.js';

const json = (body: string): HttpResponse => ({ status: 200, headers: {}, body, truncated: false });
const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('parseJson against deep nesting', () => {
  it('reads JSON nested 64 deep', () => {
    expect(parseJson(json(nested(64)))).toBeDefined();
  });

  it('refuses JSON nested deeper than 64, without parsing it', () => {
    expect(parseJson(json(nested(65)))).toBeUndefined();
    expect(parseJson(json(nested(200_000)))).toBeUndefined();
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const body = JSON.stringify({ text: `"${'['.repeat(1000)}\\"{{{` });
    expect(parseJson(json(body))).toEqual(JSON.parse(body));
  });
});

describe('a probe whose server floods it with garbage past its byte cap', () => {
  let server: HostileServer;

  beforeAll(async () => {
    server = await garbageReply();
  });

  afterAll(() => server.close());

  async function exchange(parse: Parser<never>) {
    const conn = await Conn.open({ host: server.host, port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    try {
      return await conn.exchange(Buffer.from('hello\r\n'), parse, { timeoutMs: 2000, maxBytes: 64 });
    } finally {
      conn.close();
    }
  }

  it('is a mismatch when the parser rejects the bytes', async () => {
    // An MQTT-like parser: its packet starts with 0x20; the garbage does not.
    const result = await exchange((received) =>
      received.length === 0 ? INCOMPLETE : received[0] === 0x20 ? INCOMPLETE : MISMATCH,
    );
    expect(result.kind).toBe('mismatch');
    expect(result.received.length).toBeLessThanOrEqual(64);
  });

  it('is too large when the parser would have read on', async () => {
    const result = await exchange(() => INCOMPLETE);
    expect(result).toMatchObject({ kind: 'failure', failure: 'too-large' });
    expect(result.received.length).toBe(64);
  });
});
