// The Dashboard's page is the static index.html of kubernetes/dashboard (recorded, served as is);
// its login API answers are built from the backend's types (no public recording exists).
import rule from '../../../rules/kubernetes/kubernetes-dashboard-exposed.js';
import { responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

type Profile = 'k8s-dashboard-skip-login' | 'k8s-dashboard-login' | 'k8s-dashboard-proxied';
const scan = (profile: Profile) =>
  evidenceOf(
    httpObservation(responseOf(profile, '/'), {
      '/api/v1/login/modes': responseOf(profile, '/api/v1/login/modes'),
      '/api/v1/login/skippable': responseOf(profile, '/api/v1/login/skippable'),
    }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'skip-login enabled: anyone enters as the Dashboard service account',
      evidence: scan('k8s-dashboard-skip-login'),
      findings: [
        {
          product: 'kubernetes-dashboard',
          confidence: 'confirmed',
          message:
            "kubernetes-dashboard is reachable and its login can be skipped: anyone enters as the Dashboard's service account.",
          evidence: { skipLogin: true, loginModes: ['token'] },
        },
      ],
    },
    {
      name: 'the login screen is public (token login, no skip)',
      evidence: scan('k8s-dashboard-login'),
      findings: [{ product: 'kubernetes-dashboard', evidence: { skipLogin: false, loginModes: ['token'] } }],
    },
    {
      name: 'Dashboard 1.x shell (ng-app="kubernetesDashboard") with a skippable login',
      evidence: evidenceOf(
        httpObservation(
          response(
            200,
            '<!doctype html>\n<html ng-app="kubernetesDashboard">\n<head>\n  <meta charset="utf-8">\n</head>\n<body>\n  <kd-chrome layout="column" layout-fill></kd-chrome>\n</body>\n</html>\n',
          ),
          {
            '/api/v1/login/modes': json(200, '{\n "modes": [\n  "token",\n  "basic"\n ]\n}'),
            '/api/v1/login/skippable': json(200, '{\n "skippable": true\n}'),
          },
        ),
      ),
      findings: [{ evidence: { skipLogin: true, loginModes: ['token', 'basic'] } }],
    },
  ],
  valid: [
    {
      name: 'the Dashboard behind oauth2-proxy: / redirects to the proxy sign-in',
      nearMiss: true,
      evidence: scan('k8s-dashboard-proxied'),
    },
    {
      name: 'the Dashboard page alone, its login API not answering (one signal)',
      evidence: evidenceOf(
        httpObservation(response(200, recorded('kubernetes-dashboard/index-v7.html')), {
          '/api/v1/login/modes': response(404, '404 page not found\n'),
          '/api/v1/login/skippable': { ok: false, failure: 'timeout' },
        }),
      ),
    },
    {
      name: 'a page that merely mentions the Kubernetes Dashboard',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
