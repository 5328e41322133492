// Jupyter answers are built from jupyter_server's handlers and templates (no public recording
// exists); see test/emulators/consoles-b.ts for the files and commit they follow.
import rule from '../../../rules/jupyter/jupyter-unauthenticated.js';
import { responseOf } from '../../emulators/consoles-b.js';
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
const API_CSP = {
  'content-security-policy': "frame-ancestors 'self'; report-uri /api/security/csp-report; default-src 'none'",
};

testRule(rule, {
  invalid: [
    {
      name: 'classic Notebook 6.0.3 with the token disabled: the kernel list answers',
      evidence: scan('jupyter-notebook-open'),
      findings: [
        {
          product: 'jupyter',
          version: '6.0.3',
          confidence: 'confirmed',
          evidence: { path: '/api/kernels', kernels: 1 },
        },
      ],
    },
    {
      name: 'JupyterLab on Jupyter Server 2.14.2 with an empty token: no kernels yet, still open',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/lab?' }), {
          '/api': json(200, '{"version": "2.14.2"}', API_CSP),
          '/api/kernels': json(200, '[]', API_CSP),
          '/login': response(302, '', { location: '/lab' }),
        }),
      ),
      findings: [{ product: 'jupyter', evidence: { kernels: 0, jupyterServerVersion: '2.14.2' } }],
    },
  ],
  valid: [
    {
      name: 'token authentication on (the default): /api/kernels answers 403',
      nearMiss: true,
      evidence: scan('jupyter-server-token'),
    },
    {
      name: 'an empty JSON array at /api/kernels from a server that is not Jupyter',
      evidence: evidenceOf(
        httpObservation(response(200, '<html>home</html>'), {
          '/api': json(404, '{"error":"not found"}'),
          '/api/kernels': json(200, '[]'),
        }),
      ),
    },
    {
      name: 'a page that merely mentions Jupyter',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
