// No permissively licensed recording of `/v1/agent/self` or Consul's ACL refusal exists: both are
// built in the documented formats in test/emulators/consoles-a.ts.
import rule from '../../../rules/consul/consul-unauthenticated.js';
import { AGENT_SELF_PATH } from '../../../src/fingerprints/consul.js';
import { CONSUL_AGENT_SELF, CONSUL_UI_REDIRECT, asResponse, consoleResponse } from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

const observe = (profile: 'consul-open' | 'consul-acl-deny') =>
  evidenceOf(
    httpObservation(consoleResponse(profile, '/'), { [AGENT_SELF_PATH]: consoleResponse(profile, AGENT_SELF_PATH) }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'Consul 1.15 with ACLs off: the agent document without a token',
      evidence: observe('consul-open'),
      findings: [
        {
          product: 'consul',
          version: '1.15.2',
          confidence: 'confirmed',
          message: 'Consul 1.15.2 answered /v1/agent/self without an ACL token (datacenter dc1).',
          evidence: { path: '/v1/agent/self', datacenter: 'dc1', server: true, aclDefaultPolicy: 'allow' },
        },
      ],
    },
    {
      name: 'a Consul before 1.9 (no ACL policy header): the UI redirect is the second signal',
      evidence: evidenceOf(
        httpObservation(asResponse(CONSUL_UI_REDIRECT), {
          [AGENT_SELF_PATH]: json(200, CONSUL_AGENT_SELF.replace('"Version":"1.15.2"', '"Version":"1.8.19"')),
        }),
      ),
      findings: [{ product: 'consul', version: '1.8.19', evidence: { aclDefaultPolicy: null } }],
    },
  ],
  valid: [
    {
      name: 'ACLs enforcing (default deny): 403 Permission denied for the anonymous token',
      nearMiss: true,
      evidence: observe('consul-acl-deny'),
    },
    {
      name: 'a token the cluster does not know: 403 ACL not found',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(asResponse(CONSUL_UI_REDIRECT), {
          [AGENT_SELF_PATH]: response(403, 'ACL not found', { 'x-consul-default-acl-policy': 'deny' }),
        }),
      ),
    },
    {
      name: 'an agent-shaped document from a server with nothing else of Consul',
      evidence: evidenceOf(
        httpObservation(response(200, '<html>home</html>'), { [AGENT_SELF_PATH]: json(200, CONSUL_AGENT_SELF) }),
      ),
    },
    {
      name: 'an app that redirects to /ui/ and has no agent API',
      evidence: evidenceOf(
        httpObservation(asResponse(CONSUL_UI_REDIRECT), { [AGENT_SELF_PATH]: response(404, 'not found') }),
      ),
    },
  ],
});
