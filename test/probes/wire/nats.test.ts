// The NATS probe: the INFO banners and CONNECT replies recorded from Debian's nats-server 2.9.10
// (started by this project with no authentication and with a password), the CONNECT it sends, and
// garbage. The real servers: test/integration/nats.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  connectAndPing,
  natsProbe,
  observationAfterConnect,
  observationFromInfo,
  parseConnectReply,
  parseInfo,
} from '../../../src/probes/wire/nats.js';
import { recordedBytes } from '../../helpers/fixtures.js';

const OPEN = recordedBytes('nats/info-open-nats-server-2.9.10.bin');
const AUTH = recordedBytes('nats/info-auth-required-nats-server-2.9.10.bin');

describe('the INFO banner', () => {
  it('names the product, version and whether credentials are asked for; keeps nothing about the client or the host', () => {
    const open = natsProbe.recognizeGreeting(OPEN);
    expect(open).toEqual({
      protocol: 'nats',
      product: 'nats',
      version: '2.9.10',
      access: 'open',
      provenBy: 'info',
      authRequired: false,
      tlsRequired: false,
      protocolVersion: 1,
      goVersion: 'go1.19.8',
      signals: [
        'INFO line opening the connection (NATS client protocol)',
        'server_id and max_payload fields of nats-server',
      ],
    });
    expect(JSON.stringify(open)).not.toMatch(/client_ip|server_name|127\.0\.0\.1/);
    expect(natsProbe.recognizeGreeting(AUTH)).toMatchObject({ access: 'auth-required', authRequired: true });
  });

  it('is not fooled by other greetings or a half line', () => {
    expect(natsProbe.recognizeGreeting(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'))).toBeUndefined();
    expect(natsProbe.recognizeGreeting(Buffer.from('INFO {"server_id":"x"}\r\n'))).toBeUndefined(); // no max_payload
    expect(natsProbe.recognizeGreeting(Buffer.from('INFO not json\r\n'))).toBeUndefined();
    expect(natsProbe.recognizeGreeting(Buffer.from('INFO ["server_id"]\r\n'))).toBeUndefined();
    expect(parseInfo(OPEN.subarray(0, 40)).state).toBe('incomplete');
    expect(parseInfo(Buffer.from(`INFO {${'"a":1,'.repeat(5000)}`)).state).toBe('mismatch'); // a line without end, past the cap
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.string().map((text) => new TextEncoder().encode(`INFO ${text}\r\n`)),
        ),
        (input) => {
          const info = parseInfo(Buffer.from(input));
          expect(['incomplete', 'matched', 'mismatch']).toContain(info.state);
          const reply = parseConnectReply(Buffer.from(input));
          expect(['incomplete', 'matched', 'mismatch']).toContain(reply.state);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('CONNECT and PING', () => {
  it('sends no user, password, token or key', () => {
    const [connect, ping, rest] = connectAndPing(false).toString().split('\r\n');
    expect(ping).toBe('PING');
    expect(rest).toBe('');
    const options = JSON.parse(connect!.replace(/^CONNECT /, '')) as Record<string, unknown>;
    expect(Object.keys(options).filter((key) => /user|pass|token|jwt|nkey|sig/.test(key))).toEqual([]);
    expect(options).toMatchObject({ verbose: false, name: 'exposcan', protocol: 1, echo: false, tls_required: false });
  });

  it('reads the recorded replies: PONG is open, -ERR Authorization Violation is auth-required', () => {
    const banner = natsProbe.recognizeGreeting(OPEN)!;
    const pong = parseConnectReply(recordedBytes('nats/connect-ping-pong-nats-server-2.9.10.bin'));
    expect(pong).toEqual({ state: 'matched', value: { kind: 'pong' } });
    expect(pong.state === 'matched' && observationAfterConnect(banner, pong.value, false)).toMatchObject({
      access: 'open',
      provenBy: 'connect',
    });
    const refused = parseConnectReply(recordedBytes('nats/connect-authorization-violation-nats-server-2.9.10.bin'));
    expect(refused).toEqual({ state: 'matched', value: { kind: 'error', message: 'Authorization Violation' } });
    const locked = natsProbe.recognizeGreeting(AUTH)!;
    expect(refused.state === 'matched' && observationAfterConnect(locked, refused.value, false)).toMatchObject({
      access: 'auth-required',
      refusal: 'Authorization Violation',
    });
  });

  it('passes over INFO updates, +OK and the server’s PING; another error leaves access unknown', () => {
    expect(parseConnectReply(Buffer.from('+OK\r\nINFO {"connect_urls":[]}\r\nPING\r\nPONG\r\n'))).toEqual({
      state: 'matched',
      value: { kind: 'pong' },
    });
    expect(parseConnectReply(Buffer.from('PO')).state).toBe('incomplete');
    expect(parseConnectReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).state).toBe('mismatch');
    const banner = natsProbe.recognizeGreeting(OPEN)!;
    const other = parseConnectReply(Buffer.from("-ERR 'Maximum Connections Exceeded'\r\n"));
    expect(other.state === 'matched' && observationAfterConnect(banner, other.value, false).access).toBe('unknown');
  });
});

it('observationFromInfo trusts no version that is not one', () => {
  expect(observationFromInfo({ server_id: 'x', version: '<script>', max_payload: 1 }).version).toBeUndefined();
});
