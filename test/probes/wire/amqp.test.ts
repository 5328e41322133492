// The AMQP 0-9-1 probe: frames recorded from Debian's rabbitmq-server 3.10.8 (started by this
// project, test/helpers/services-consoles.ts): Connection.Start, Connection.Tune after guest/guest,
// Connection.Close 403 after a refused guest, and the header RabbitMQ sends back to a stray GET;
// the frames the probe sends, checked field by field against the 0-9-1 specification; garbage.
// The real broker: test/integration/rabbitmq.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amqpProbe,
  connectionClose,
  decodeStart,
  loginVerdict,
  observationFromStart,
  parseMethodFrame,
  PROTOCOL_HEADER,
  startOkGuest,
  tuneOkAndOpen,
  type MethodFrame,
} from '../../../src/probes/wire/amqp.js';
import { recordedBytes } from '../../helpers/fixtures.js';

const START = recordedBytes('rabbitmq/amqp-connection-start-3.10.8.bin');
const TUNE = recordedBytes('rabbitmq/amqp-connection-tune-guest-3.10.8.bin');
const REFUSED = recordedBytes('rabbitmq/amqp-connection-close-access-refused-3.10.8.bin');
const HEADER_REPLY = recordedBytes('rabbitmq/amqp-header-reply-to-get-3.10.8.bin');

function method(bytes: Buffer): MethodFrame {
  const frame = parseMethodFrame(bytes);
  if (frame.state !== 'matched' || frame.value.kind !== 'method') throw new Error('not a method frame');
  return frame.value.method;
}

describe('Connection.Start', () => {
  it('names RabbitMQ, its version and platform, and the SASL mechanisms; keeps nothing else of server-properties', () => {
    const start = decodeStart(method(START))!;
    expect(start).toMatchObject({ versionMajor: 0, versionMinor: 9, mechanisms: ['PLAIN', 'AMQPLAIN'] });
    const observation = observationFromStart(start);
    expect(observation).toEqual({
      protocol: 'amqp',
      product: 'rabbitmq',
      version: '3.10.8',
      access: 'auth-required',
      platform: 'Erlang/OTP 25.2.3',
      mechanisms: ['PLAIN', 'AMQPLAIN'],
      signals: ['Connection.Start (AMQP 0-9) to the protocol header', 'server-properties product "RabbitMQ"'],
    });
    expect(JSON.stringify(observation)).not.toMatch(/cluster_name|exposcan-\d+@/);
  });

  it('waits for a whole frame, and refuses what is not one', () => {
    for (const cut of [0, 1, 6, 7, 100, START.length - 1])
      expect(parseMethodFrame(START.subarray(0, cut)).state).toBe('incomplete');
    expect(parseMethodFrame(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).state).toBe('mismatch');
    expect(parseMethodFrame(Buffer.concat([START.subarray(0, START.length - 1), Buffer.from([0])])).state).toBe(
      'mismatch',
    ); // no frame-end octet
    expect(parseMethodFrame(HEADER_REPLY).state).toBe('mismatch'); // a header is only allowed in answer to ours
    expect(parseMethodFrame(HEADER_REPLY, true)).toEqual({
      state: 'matched',
      value: { kind: 'header', version: '0-0-9-1' },
    });
    expect(decodeStart(method(TUNE))).toBeUndefined();
  });

  it('recognises RabbitMQ’s reply to a stray GET (its own protocol header), and nothing else', () => {
    expect(amqpProbe.recognizeStrayReply!(HEADER_REPLY)).toBe(true);
    expect(amqpProbe.recognizeStrayReply!(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toBe(false);
    expect(amqpProbe.recognizeStrayReply!(Buffer.from('AMQ'))).toBe(false);
  });
});

describe('the guest login', () => {
  it('sends the protocol header, then Start-Ok with SASL PLAIN guest/guest and authentication_failure_close', () => {
    expect([...PROTOCOL_HEADER]).toEqual([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);
    const startOk = method(startOkGuest());
    expect([startOk.classId, startOk.methodId]).toEqual([10, 11]);
    const text = startOk.args.toString('latin1');
    expect(text).toContain('\x05PLAIN\x00\x00\x00\x0c\x00guest\x00guest\x05en_US');
    expect(text).toContain('authentication_failure_closet\x01');
  });

  it('reads the recorded verdicts: Tune is accepted, Close 403 ACCESS_REFUSED is denied', () => {
    expect(loginVerdict(method(TUNE))).toEqual({ user: 'guest', result: 'accepted' });
    expect(loginVerdict(method(REFUSED))).toMatchObject({
      user: 'guest',
      result: 'denied',
      replyCode: 403,
      replyText: expect.stringMatching(/^ACCESS_REFUSED - Login was refused/),
    });
    expect(loginVerdict(method(START))).toEqual({ user: 'guest', result: 'failed' });
  });

  it('answers Tune with Tune-Ok (the broker’s channel limit, no heartbeat) and opens /, then closes with reply 200', () => {
    const bytes = tuneOkAndOpen(method(TUNE));
    const tuneOk = method(bytes);
    expect([tuneOk.classId, tuneOk.methodId]).toEqual([10, 31]);
    expect(tuneOk.args.readUInt16BE(0)).toBe(2047);
    expect(tuneOk.args.readUInt16BE(6)).toBe(0);
    const open = method(bytes.subarray(7 + 4 + tuneOk.args.length + 1));
    expect([open.classId, open.methodId, open.args.toString('latin1')]).toEqual([10, 40, '\x01/\x00\x00']);
    const close = method(connectionClose());
    expect([close.classId, close.methodId, close.args.readUInt16BE(0)]).toEqual([10, 50, 200]);
  });
});

it('never throws, whatever the bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (input, headerAllowed) => {
      const frame = parseMethodFrame(Buffer.from(input), headerAllowed);
      expect(['incomplete', 'matched', 'mismatch']).toContain(frame.state);
      if (frame.state === 'matched' && frame.value.kind === 'method') {
        const start = decodeStart(frame.value.method);
        if (start) expect(observationFromStart(start).signals).toHaveLength(2);
        loginVerdict(frame.value.method);
      }
    }),
    { numRuns: 2000 },
  );
});
