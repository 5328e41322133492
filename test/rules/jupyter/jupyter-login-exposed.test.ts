// Jupyter answers are built from jupyter_server's handlers and templates (no public recording
// exists); see test/emulators/consoles-b.ts for the files and commit they follow.
import rule from '../../../rules/jupyter/jupyter-login-exposed.js';
import { jupyterLoginPage, responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

type Profile = 'jupyter-notebook-open' | 'jupyter-server-token';
const scan = (profile: Profile) =>
  evidenceOf(
    httpObservation(responseOf(profile, '/'), {
      '/api': responseOf(profile, '/api'),
      '/api/kernels': responseOf(profile, '/api/kernels'),
      '/login': responseOf(profile, '/login'),
    }),
  );
const PAGE_CSP = { 'content-security-policy': "frame-ancestors 'self'; report-uri /api/security/csp-report" };

testRule(rule, {
  invalid: [
    {
      name: 'Jupyter Server 2.14.2 with a token: the API refuses and /login shows the form',
      evidence: scan('jupyter-server-token'),
      findings: [
        { product: 'jupyter', confidence: 'confirmed', evidence: { path: '/login', jupyterServerVersion: '2.14.2' } },
      ],
    },
    {
      name: 'the login form under a base URL, /api/kernels not asked: the CSP header and /api identify it',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/user/ana/lab?' }), {
          '/api': json(200, '{"version": "6.5.7"}', PAGE_CSP),
          '/login': response(200, jupyterLoginPage('%2Fuser%2Fana%2Flab'), {
            'content-type': 'text/html',
            ...PAGE_CSP,
          }),
        }),
      ),
      findings: [{ product: 'jupyter', version: '6.5.7', evidence: { notebookVersion: '6.5.7' } }],
    },
  ],
  valid: [
    {
      name: 'Jupyter behind an authenticating proxy: 401 everywhere',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(response(401, 'Unauthorized', { 'www-authenticate': 'Basic realm="jupyter"' }), {
          '/api': response(401, 'Unauthorized'),
          '/api/kernels': response(401, 'Unauthorized'),
          '/login': response(401, 'Unauthorized'),
        }),
      ),
    },
    {
      name: 'an open Notebook has no login page (the unauthenticated rule reports it)',
      evidence: scan('jupyter-notebook-open'),
    },
    {
      name: 'a page that merely mentions Jupyter',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
