// Backend messages built byte for byte from the PostgreSQL v3 protocol documentation (no public
// recording exists), decoded by the probe's own parser. Real servers with trust and SCRAM:
// test/integration/postgres.test.ts.
import rule from '../../../rules/postgresql/postgres-trust-auth.js';
import { observationOf, parseStartupReply } from '../../../src/probes/wire/postgres.js';
import type { PostgresObservation } from '../../../src/probes/observation.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

function message(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}
const int32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
};
const authentication = (code: number, extra = Buffer.alloc(0)) => message('R', Buffer.concat([int32(code), extra]));
const parameter = (name: string, value: string) => message('S', Buffer.from(`${name}\0${value}\0`));
const error = (code: string, text: string) => message('E', Buffer.from(`SFATAL\0C${code}\0M${text}\0\0`));
const ready = message('Z', Buffer.from('I'));

function observed(bytes: Buffer): PostgresObservation {
  const reply = parseStartupReply(bytes, false);
  if (reply.state !== 'matched') throw new Error('not a complete startup reply');
  return observationOf('postgres', 'postgres', reply.value);
}

testRule(rule, {
  invalid: [
    {
      name: 'trust: AuthenticationOk, then server_version and ReadyForQuery',
      evidence: evidenceOf(
        observed(
          Buffer.concat([
            authentication(0),
            parameter('server_version', '9.6.24'),
            parameter('TimeZone', 'UTC'),
            ready,
          ]),
        ),
      ),
      findings: [
        {
          product: 'postgresql',
          version: '9.6.24',
          confidence: 'confirmed',
          evidence: { user: 'postgres', errorAfterAuthentication: null },
        },
      ],
    },
    {
      name: 'trust, but the database does not exist: authentication still succeeded first',
      evidence: evidenceOf(
        observed(Buffer.concat([authentication(0), error('3D000', 'database "postgres" does not exist')])),
      ),
      findings: [
        { product: 'postgresql', evidence: { errorAfterAuthentication: '3D000 database "postgres" does not exist' } },
      ],
    },
  ],
  valid: [
    {
      name: 'SCRAM-SHA-256 challenge',
      nearMiss: true,
      evidence: evidenceOf(observed(authentication(10, Buffer.from('SCRAM-SHA-256\0\0')))),
    },
    {
      name: 'md5 challenge',
      nearMiss: true,
      evidence: evidenceOf(observed(authentication(5, Buffer.from([1, 2, 3, 4])))),
    },
    {
      // The engine's two-signal contract (src/engine/judge.ts): a trust reply with one signal proves no PostgreSQL.
      name: 'AuthenticationOk with a single signal',
      evidence: (() => {
        const trust = observed(Buffer.concat([authentication(0), parameter('server_version', '9.6.24'), ready]));
        return evidenceOf({ ...trust, signals: trust.signals.slice(0, 1) });
      })(),
    },
    {
      name: 'trust configured, but there is no postgres role: 28000 right after AuthenticationOk',
      nearMiss: true,
      evidence: evidenceOf(
        observed(Buffer.concat([authentication(0), error('28000', 'role "postgres" does not exist')])),
      ),
    },
    { name: 'cleartext password challenge', evidence: evidenceOf(observed(authentication(3))) },
    {
      name: 'no pg_hba.conf entry for this client',
      evidence: evidenceOf(observed(error('28000', 'no pg_hba.conf entry for host "192.0.2.1", user "postgres"'))),
    },
  ],
});
