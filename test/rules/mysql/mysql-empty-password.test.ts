// The real MariaDB 10.11.19 greeting and the server's recorded answers to an empty-password login
// as root (test/fixtures/recorded/mysql: OK with root unprotected, ERR 1045 with a password set,
// ERR 1698 on a default unix_socket install; recorded by this project from the servers the
// integration test starts), read by the probe's own parsers. Real servers:
// test/integration/mysql.test.ts.
import rule from '../../../rules/mysql/mysql-empty-password.js';
import type { MysqlLogin, MysqlObservation } from '../../../src/probes/observation.js';
import { parseAuthPacket, parseGreeting, withLogins } from '../../../src/probes/wire/mysql.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const greeting = parseGreeting(recordedBytes('mysql/greeting-mariadb-10.11.19.bin'))!;

/** The login the probe records from one recorded answer. */
function login(user: string, file: string): MysqlLogin {
  const answer = parseAuthPacket(2)(recordedBytes(file));
  if (answer.state !== 'matched') throw new Error('fixture is not an answer to a login');
  if (answer.value.type === 'ok') return { user, result: 'accepted' };
  if (answer.value.type === 'err')
    return { user, result: 'denied', error: { code: answer.value.code, message: answer.value.message } };
  throw new Error('unexpected answer');
}

const OK = 'mysql/login-root-ok-mariadb-10.11.19.bin';
const DENIED = 'mysql/login-root-denied-mariadb-10.11.19.bin';
const UNIX_SOCKET = 'mysql/login-root-unix-socket-mariadb-10.11.19.bin';
const endpoint = { host: '192.0.2.10', port: 3306 };
const observed = (logins: MysqlLogin[]): MysqlObservation => withLogins(greeting, logins);

testRule(rule, {
  invalid: [
    {
      name: 'MariaDB 10.11.19 lets root in with an empty password',
      evidence: evidenceOf(observed([login('root', OK)]), endpoint),
      findings: [
        {
          product: 'mariadb',
          version: '10.11.19',
          confidence: 'confirmed',
          resource: 'user:root',
          evidence: {
            user: 'root',
            account: 'root',
            login: 'empty password',
            authPlugin: 'mysql_native_password',
            switchedTo: null,
          },
        },
      ],
    },
    {
      name: 'root refused, the anonymous account let in',
      evidence: evidenceOf(observed([login('root', DENIED), login('', OK)]), endpoint),
      findings: [{ resource: 'user:(anonymous)', evidence: { user: '', account: 'anonymous' } }],
    },
    {
      name: 'MySQL 8: root let in after switching to caching_sha2_password',
      evidence: evidenceOf(
        withLogins(
          {
            protocol: 'mysql',
            product: 'mysql',
            version: '8.0.36',
            authPlugin: 'caching_sha2_password',
            access: 'unknown',
            signals: ['HandshakeV10 greeting', 'server version string'],
          },
          [{ user: 'root', result: 'accepted', plugin: 'caching_sha2_password' }],
        ),
        endpoint,
      ),
      findings: [{ product: 'mysql', version: '8.0.36', evidence: { switchedTo: 'caching_sha2_password' } }],
    },
  ],
  valid: [
    {
      name: 'root has a password (ERR 1045), no anonymous account (ERR 1045)',
      nearMiss: true,
      evidence: evidenceOf(observed([login('root', DENIED), login('', DENIED)]), endpoint),
    },
    {
      name: 'default install: root through the unix socket only (ERR 1698)',
      nearMiss: true,
      evidence: evidenceOf(observed([login('root', UNIX_SOCKET), login('', DENIED)]), endpoint),
    },
    { name: 'greeting only: no login was tried (the rule was not selected)', evidence: evidenceOf(greeting, endpoint) },
    {
      name: 'ed25519 account: an empty answer is not enough',
      evidence: evidenceOf(observed([{ user: 'root', result: 'unsupported', plugin: 'client_ed25519' }]), endpoint),
    },
  ],
});
