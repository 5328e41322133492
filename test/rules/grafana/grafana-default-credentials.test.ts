// Built answers (test/emulators/consoles-a.ts): the documented `GET /api/user` for the admin, and
// Grafana's refusal of a wrong password.
import rule from '../../../rules/grafana/grafana-default-credentials.js';
import { ADMIN_USER_KEY, SEARCH_PATH } from '../../../src/fingerprints/grafana.js';
import {
  consoleResponse,
  GRAFANA_ADMIN_USER,
  GRAFANA_UNAUTHORIZED,
  grafanaHealth,
} from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

const ADMIN_ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
type GrafanaProfile = 'grafana-anonymous' | 'grafana-secured' | 'grafana-default-admin';
const observe = (profile: GrafanaProfile, withCredentialChecks = true) =>
  evidenceOf(
    httpObservation(consoleResponse(profile, '/'), {
      '/api/health': consoleResponse(profile, '/api/health'),
      [SEARCH_PATH]: consoleResponse(profile, SEARCH_PATH),
      ...(withCredentialChecks ? { [ADMIN_USER_KEY]: consoleResponse(profile, '/api/user', ADMIN_ADMIN) } : {}),
    }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'admin/admin accepted on a Grafana whose login page is public',
      evidence: observe('grafana-default-admin'),
      findings: [
        {
          product: 'grafana',
          version: '10.4.2',
          confidence: 'confirmed',
          message: 'Grafana 10.4.2 accepted the default admin account on its API (/api/user answered 200 as admin).',
          evidence: { path: '/api/user', user: 'admin' },
        },
      ],
    },
    {
      name: 'admin/admin accepted on a Grafana that also lets anonymous visitors in',
      evidence: evidenceOf(
        httpObservation(consoleResponse('grafana-anonymous', '/'), {
          '/api/health': json(200, grafanaHealth()),
          [SEARCH_PATH]: consoleResponse('grafana-anonymous', SEARCH_PATH),
          [ADMIN_USER_KEY]: json(200, GRAFANA_ADMIN_USER),
        }),
      ),
      findings: [{ product: 'grafana', version: '10.4.2' }],
    },
  ],
  valid: [
    {
      name: 'the admin password was changed: /api/user refuses admin/admin',
      nearMiss: true,
      evidence: observe('grafana-secured'),
    },
    {
      name: 'credential checks off: /api/user was never asked',
      evidence: observe('grafana-default-admin', false),
    },
    {
      name: 'a 200 from /api/user that names another user',
      evidence: evidenceOf(
        httpObservation(consoleResponse('grafana-secured', '/'), {
          '/api/health': json(200, grafanaHealth()),
          [SEARCH_PATH]: json(401, GRAFANA_UNAUTHORIZED),
          [ADMIN_USER_KEY]: json(200, GRAFANA_ADMIN_USER.replace('"login":"admin"', '"login":"viewer"')),
        }),
      ),
    },
    {
      name: 'an admin-looking /api/user from something that is not Grafana',
      evidence: evidenceOf(
        httpObservation(response(200, '<html>shop</html>'), { [ADMIN_USER_KEY]: json(200, GRAFANA_ADMIN_USER) }),
      ),
    },
  ],
});
