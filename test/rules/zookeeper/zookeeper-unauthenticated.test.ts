// Recorded answers to `mntr` (test/fixtures/recorded/zookeeper): 3.5.5's from the OpenTelemetry
// collector's tests, and 3.8.0's answer and whitelist refusal, recorded by this project from the
// servers the integration test starts. Real servers: test/integration/zookeeper.test.ts.
import rule from '../../../rules/zookeeper/zookeeper-unauthenticated.js';
import type { ZookeeperObservation } from '../../../src/probes/observation.js';
import { observationAfterRefusal, observationFromMntr, parseMntrReply } from '../../../src/probes/wire/zookeeper.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

function observed(bytes: Buffer): ZookeeperObservation {
  const reply = parseMntrReply(bytes, true);
  if (reply.state !== 'matched') throw new Error('fixture is not an answer to mntr');
  return observationFromMntr(reply.value);
}

const endpoint = { host: '192.0.2.10', port: 2181 };
const refused = observed(recordedBytes('zookeeper/mntr-not-whitelisted-3.8.0.txt'));
// What srvr said on the real 3.8.0 servers of the integration test.
const SRVR_3_8_0 = { version: '3.8.0', mode: 'standalone', nodeCount: 5 };

testRule(rule, {
  invalid: [
    {
      name: 'ZooKeeper 3.5.5 leader answers mntr',
      evidence: evidenceOf(observed(recordedBytes('zookeeper/mntr-3.5.5.txt')), endpoint),
      findings: [
        {
          product: 'zookeeper',
          version: '3.5.5',
          confidence: 'confirmed',
          evidence: { command: 'mntr', serverState: 'leader', znodeCount: 5, approximateDataSize: 107 },
        },
      ],
    },
    {
      name: 'ZooKeeper 3.8.0 with mntr whitelisted answers it',
      evidence: evidenceOf(observed(recordedBytes('zookeeper/mntr-3.8.0.txt')), endpoint),
      findings: [{ version: '3.8.0', evidence: { serverState: 'standalone' } }],
    },
    {
      name: 'the default whitelist (3.5.3+), and a session without credentials listed / (real 3.8.0, test/integration/zookeeper.test.ts)',
      evidence: evidenceOf(
        observationAfterRefusal(refused, SRVR_3_8_0, { kind: 'listed', count: 1, names: ['zookeeper'] }),
        endpoint,
      ),
      findings: [
        {
          version: '3.8.0',
          message: 'ZooKeeper 3.8.0 opened a session without authentication and listed / (1 children); 5 znodes.',
          evidence: {
            command: 'getChildren /',
            rootChildren: 1,
            rootChildNames: ['zookeeper'],
            serverState: 'standalone',
            znodeCount: 5,
          },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'the default whitelist with enforce.auth.enabled: the session read is refused for want of SASL',
      nearMiss: true,
      evidence: evidenceOf(
        observationAfterRefusal(refused, SRVR_3_8_0, { kind: 'auth-required', error: 'SESSIONCLOSEDREQUIRESASLAUTH' }),
        endpoint,
      ),
    },
    {
      name: 'the default whitelist, and no session could be opened: undecided, not a finding',
      evidence: evidenceOf(
        observationAfterRefusal(refused, undefined, { kind: 'undecided', reason: 'no session: timeout' }),
        endpoint,
      ),
    },
    {
      name: 'the default whitelist (3.5.3+): mntr is not executed, no session tried',
      evidence: evidenceOf(refused, endpoint),
    },
    {
      name: 'not currently serving requests',
      evidence: evidenceOf(
        observed(Buffer.from('This ZooKeeper instance is not currently serving requests\n')),
        endpoint,
      ),
    },
  ],
});
