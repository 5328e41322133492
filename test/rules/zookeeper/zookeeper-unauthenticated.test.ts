// Recorded answers to `mntr` (test/fixtures/recorded/zookeeper): 3.5.5's from the OpenTelemetry
// collector's tests, and 3.8.0's answer and whitelist refusal, recorded by this project from the
// servers the integration test starts. Real servers: test/integration/zookeeper.test.ts.
import rule from '../../../rules/zookeeper/zookeeper-unauthenticated.js';
import type { ZookeeperObservation } from '../../../src/probes/observation.js';
import { observationFromMntr, parseMntrReply } from '../../../src/probes/wire/zookeeper.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

function observed(bytes: Buffer): ZookeeperObservation {
  const reply = parseMntrReply(bytes, true);
  if (reply.state !== 'matched') throw new Error('fixture is not an answer to mntr');
  return observationFromMntr(reply.value);
}

const endpoint = { host: '192.0.2.10', port: 2181 };

testRule(rule, {
  invalid: [
    {
      name: 'ZooKeeper 3.5.5 leader answers mntr',
      evidence: evidenceOf(observed(recordedBytes('zookeeper/mntr-3.5.5.txt')), endpoint),
      findings: [{ product: 'zookeeper', version: '3.5.5', confidence: 'confirmed', evidence: { command: 'mntr', serverState: 'leader', znodeCount: 5, approximateDataSize: 107 } }],
    },
    {
      name: 'ZooKeeper 3.8.0 with mntr whitelisted answers it',
      evidence: evidenceOf(observed(recordedBytes('zookeeper/mntr-3.8.0.txt')), endpoint),
      findings: [{ version: '3.8.0', evidence: { serverState: 'standalone' } }],
    },
  ],
  valid: [
    { name: 'the default whitelist (3.5.3+): mntr is not executed', nearMiss: true, evidence: evidenceOf(observed(recordedBytes('zookeeper/mntr-not-whitelisted-3.8.0.txt')), endpoint) },
    { name: 'not currently serving requests', evidence: evidenceOf(observed(Buffer.from('This ZooKeeper instance is not currently serving requests\n')), endpoint) },
  ],
});
