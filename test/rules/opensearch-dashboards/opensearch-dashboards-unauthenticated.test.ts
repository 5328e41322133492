// OpenSearch Dashboards: the recorded 2.13.0 status document (test/fixtures/recorded/
// opensearch-dashboards); redirects and refusals as test/emulators/consoles-a.ts builds them from
// the Dashboards and Security plugin sources.
import rule from '../../../rules/opensearch-dashboards/opensearch-dashboards-unauthenticated.js';
import { consoleResponse, OSD_AUTHENTICATION_REQUIRED, OSD_STATUS_2_13 } from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const status = json(200, recorded(OSD_STATUS_2_13));
const observe = (profile: 'osd-2-open' | 'osd-2-secured' | 'osd-status-bypass') =>
  evidenceOf(
    httpObservation(consoleResponse(profile, '/'), { '/api/status': consoleResponse(profile, '/api/status') }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'Dashboards 2.13 without the Security plugin: root into /app/home, full status',
      evidence: observe('osd-2-open'),
      findings: [
        {
          product: 'opensearch-dashboards',
          version: '2.13.0',
          confidence: 'confirmed',
          evidence: {
            path: '/api/status',
            overallStatus: 'green',
            signals: [
              '/api/status returned the OpenSearch Dashboards status document (core:opensearch)',
              'redirect into the app without a login',
            ],
          },
        },
      ],
    },
    {
      name: 'an osd-name header (sent until 1.0.x) and the app page at the root',
      evidence: evidenceOf(
        httpObservation(
          response(
            200,
            '<!DOCTYPE html><html><head><title>OpenSearch Dashboards</title></head><body><osd-injected-metadata data="{}"></osd-injected-metadata></body></html>',
            { 'osd-name': 'dashboards-1' },
          ),
          {
            '/api/status': status,
          },
        ),
      ),
      findings: [
        {
          product: 'opensearch-dashboards',
          version: '2.13.0',
          evidence: {
            signals: [
              'osd-name header',
              'OpenSearch Dashboards page markup',
              '/api/status returned the OpenSearch Dashboards status document (core:opensearch)',
            ],
          },
        },
      ],
    },
    {
      name: 'a defaultRoute changed to another app still goes in without a login',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/app/dashboards#/list' }), { '/api/status': status }),
      ),
      findings: [{ product: 'opensearch-dashboards', version: '2.13.0' }],
    },
  ],
  valid: [
    {
      name: 'Dashboards with the Security plugin: root to /app/login, /api/status 401',
      nearMiss: true,
      evidence: observe('osd-2-secured'),
    },
    {
      name: 'Security plugin on with /api/status left readable (the pre-2.0 default): pages still need a login',
      nearMiss: true,
      evidence: observe('osd-status-bypass'),
    },
    {
      name: 'Kibana 7.10 OSS, which also lands on /app/home, with a Kibana status document',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/app/home', 'kbn-name': 'kibana' }), {
          '/api/status': json(200, recorded('kibana/api-status-7.0.0.json')),
        }),
      ),
    },
    {
      name: 'a root into /app/home whose /api/status is refused',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/app/home' }), {
          '/api/status': json(401, OSD_AUTHENTICATION_REQUIRED),
        }),
      ),
    },
    {
      name: 'the status request timed out',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/app/home' }), {
          '/api/status': { ok: false, failure: 'timeout' },
        }),
      ),
    },
  ],
});
