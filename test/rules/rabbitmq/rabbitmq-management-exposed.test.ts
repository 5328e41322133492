// Responses recorded from RabbitMQ 3.10.8 (Debian 12 package) on this machine
// (test/fixtures/recorded/rabbitmq, SOURCES.md); the proxy and non-RabbitMQ pages are built in
// code and say so. Real broker: test/integration/rabbitmq.test.ts.
import rule from '../../../rules/rabbitmq/rabbitmq-management-exposed.js';
import { GUEST_OVERVIEW_KEY, GUEST_WHOAMI_KEY } from '../../../src/fingerprints/rabbitmq.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { recordedResponse } from '../../helpers/recorded-http.js';
import { testRule } from '../../helpers/rule-tester.js';

const root = recordedResponse('rabbitmq/root-3.10.8.http');
const challenge = recordedResponse('rabbitmq/api-overview-401-3.10.8.http');
const guestWhoami = recordedResponse('rabbitmq/api-whoami-guest-3.10.8.http');
const guestOverview = recordedResponse('rabbitmq/api-overview-guest-3.10.8.http');
const guestRefused = recordedResponse('rabbitmq/api-whoami-wrong-password-3.10.8.http');

testRule(rule, {
  invalid: [
    {
      name: 'RabbitMQ 3.10.8 management UI, scanned without credential checks: title and the API’s realm',
      evidence: evidenceOf(httpObservation(root, { '/api/overview': challenge })),
      findings: [
        {
          product: 'rabbitmq',
          // No version: without credentials RabbitMQ names none.
          message: 'The RabbitMQ management UI is reachable and asks for credentials.',
          confidence: 'confirmed',
          evidence: {
            path: '/',
            signals: [
              'RabbitMQ Management page title',
              '/api/overview answered 401 with the RabbitMQ Management realm',
              'server: Cowboy header',
            ],
          },
        },
      ],
    },
    {
      name: 'with credential checks and guest accepted: the UI is still public, now with its version',
      evidence: evidenceOf(
        httpObservation(root, {
          '/api/overview': challenge,
          [GUEST_WHOAMI_KEY]: guestWhoami,
          [GUEST_OVERVIEW_KEY]: guestOverview,
        }),
      ),
      findings: [{ product: 'rabbitmq', version: '3.10.8', evidence: { managementVersion: '3.10.8' } }],
    },
    {
      name: 'with credential checks and guest refused',
      evidence: evidenceOf(
        httpObservation(root, {
          '/api/overview': challenge,
          [GUEST_WHOAMI_KEY]: guestRefused,
          [GUEST_OVERVIEW_KEY]: guestRefused,
        }),
      ),
      findings: [{ product: 'rabbitmq', message: 'The RabbitMQ management UI is reachable and asks for credentials.' }],
    },
  ],
  valid: [
    {
      // Built in code: a reverse proxy's own Basic challenge in front of the management listener.
      name: 'management UI behind a proxy that demands its own login',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(
          response(401, '<html><body>401 Authorization Required</body></html>', {
            'www-authenticate': 'Basic realm="Restricted"',
            server: 'nginx',
          }),
          {
            '/api/overview': response(401, '', { 'www-authenticate': 'Basic realm="Restricted"', server: 'nginx' }),
          },
        ),
      ),
    },
    {
      name: 'the UI page, but the API request failed: access not judged',
      evidence: evidenceOf(httpObservation(root, { '/api/overview': { ok: false, failure: 'timeout' } })),
    },
    {
      name: 'another Cowboy server (an Erlang app that is not RabbitMQ)',
      evidence: evidenceOf(
        httpObservation(
          response(200, '<html><title>EMQX Dashboard</title></html>', {
            server: 'Cowboy',
            'content-type': 'text/html',
          }),
          {
            '/api/overview': response(404, '', { server: 'Cowboy' }),
          },
        ),
      ),
    },
    {
      name: 'a page that names the RabbitMQ management UI in its text only',
      evidence: evidenceOf(
        httpObservation(
          response(200, '<html><title>Ops notes</title><p>Open RabbitMQ Management on 15672</p></html>'),
          { '/api/overview': response(404, 'not found') },
        ),
      ),
    },
  ],
});
