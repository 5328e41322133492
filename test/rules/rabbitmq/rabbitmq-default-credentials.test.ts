// Responses recorded from RabbitMQ 3.10.8 (Debian 12 package) on this machine, and the 3.6.8 and
// 3.8.14 /api/overview bodies recorded by kbudde/rabbitmq_exporter and influxdata/telegraf
// (test/fixtures/recorded/rabbitmq, SOURCES.md). Real broker: test/integration/rabbitmq.test.ts.
import rule from '../../../rules/rabbitmq/rabbitmq-default-credentials.js';
import { GUEST_OVERVIEW_KEY, GUEST_WHOAMI_KEY } from '../../../src/fingerprints/rabbitmq.js';
import type { HttpOutcome, HttpResponse } from '../../../src/probes/http-observation.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { recordedResponse } from '../../helpers/recorded-http.js';
import { testRule } from '../../helpers/rule-tester.js';

const root = recordedResponse('rabbitmq/root-3.10.8.http');
const challenge = recordedResponse('rabbitmq/api-overview-401-3.10.8.http');
const guestWhoami = recordedResponse('rabbitmq/api-whoami-guest-3.10.8.http');
const guestOverview = recordedResponse('rabbitmq/api-overview-guest-3.10.8.http');
const guestRefused = recordedResponse('rabbitmq/api-whoami-wrong-password-3.10.8.http');
// Before 3.9 /api/whoami gave the tags as one comma-separated string (built in code, that format).
const whoamiBefore39 = json(
  200,
  '{"name":"guest","tags":"administrator","auth_backend":"rabbit_auth_backend_internal"}',
  { server: 'Cowboy' },
);

const withGuest = (whoami: HttpResponse | HttpOutcome, overview: HttpResponse | HttpOutcome) =>
  evidenceOf(
    httpObservation(root, { '/api/overview': challenge, [GUEST_WHOAMI_KEY]: whoami, [GUEST_OVERVIEW_KEY]: overview }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'RabbitMQ 3.10.8: guest/guest answered 200 as an administrator',
      evidence: withGuest(guestWhoami, guestOverview),
      findings: [
        {
          product: 'rabbitmq',
          version: '3.10.8',
          confidence: 'confirmed',
          evidence: {
            path: '/api/whoami',
            user: 'guest',
            userTags: ['administrator'],
            managementVersion: '3.10.8',
            erlangVersion: '25.2.3',
            signals: expectSignals(),
          },
        },
      ],
    },
    {
      name: 'RabbitMQ 3.8.14: tags as a string, versions from the recorded overview',
      evidence: withGuest(whoamiBefore39, json(200, recorded('rabbitmq/api-overview-3.8.14.json'))),
      findings: [
        {
          version: '3.8.14',
          evidence: { userTags: ['administrator'], managementVersion: '3.8.14', erlangVersion: '23.2.7' },
        },
      ],
    },
    {
      name: 'RabbitMQ 3.6.8 build with a git suffix',
      evidence: withGuest(whoamiBefore39, json(200, recorded('rabbitmq/api-overview-3.6.8.json'))),
      findings: [{ version: '3.6.8+1.g1dcb221', evidence: { erlangVersion: '18.3.4.4' } }],
    },
    {
      name: 'guest accepted but the overview request failed: reported without a version',
      evidence: withGuest(guestWhoami, { ok: false, failure: 'timeout' }),
      findings: [
        {
          product: 'rabbitmq',
          message: 'RabbitMQ management accepted the default guest account (tags: administrator).',
          evidence: { userTags: ['administrator'] },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'guest’s password changed: 401 "Login failed"',
      nearMiss: true,
      evidence: withGuest(guestRefused, guestRefused),
    },
    {
      name: 'guest deleted (the same 401 answer)',
      nearMiss: true,
      evidence: withGuest(guestRefused, { ok: false, failure: 'reset' }),
    },
    {
      name: 'scanned without --credential-checks: no guest request was made',
      evidence: evidenceOf(httpObservation(root, { '/api/overview': challenge })),
    },
    {
      // Built in code: something that is not RabbitMQ answering /api/whoami with a user called guest.
      name: 'an app that is not RabbitMQ answering /api/whoami as guest',
      evidence: evidenceOf(
        httpObservation(response(200, '<html><title>Shop</title></html>'), {
          '/api/overview': response(404, ''),
          [GUEST_WHOAMI_KEY]: json(200, '{"name":"guest","tags":["administrator"]}'),
          [GUEST_OVERVIEW_KEY]: response(404, ''),
        }),
      ),
    },
    {
      name: 'whoami names another user (a proxy that logs every client in as itself)',
      evidence: withGuest(
        json(200, '{"name":"monitoring","tags":["monitoring"]}', { server: 'Cowboy' }),
        guestOverview,
      ),
    },
  ],
});

function expectSignals(): string[] {
  return [
    'RabbitMQ Management page title',
    '/api/overview answered 401 with the RabbitMQ Management realm',
    'server: Cowboy header',
    '/api/whoami accepted the default guest account',
  ];
}
