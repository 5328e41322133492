// Kubernetes API answers are built from the documented formats (metav1.Status, version.Info,
// core/v1 NamespaceList); no recording under a permissive licence was found. See
// test/emulators/consoles-b.ts.
import rule from '../../../rules/kubernetes/kubernetes-api-anonymous.js';
import { KUBE_NAMESPACES, KUBE_VERSION_1_32_3, kubeNamespaceList, responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

type Profile = 'kube-api-anonymous-admin' | 'kube-api-default' | 'kube-api-no-anonymous';
const scan = (profile: Profile) =>
  evidenceOf(
    httpObservation(responseOf(profile, '/'), {
      '/version': responseOf(profile, '/version'),
      '/api/v1/namespaces': responseOf(profile, '/api/v1/namespaces'),
    }),
    {
      host: '192.0.2.10',
      port: 6443,
    },
  );

testRule(rule, {
  invalid: [
    {
      name: 'anonymous bound to cluster-admin: the namespace list answers',
      evidence: scan('kube-api-anonymous-admin'),
      findings: [
        {
          product: 'kubernetes',
          version: '1.32.3',
          confidence: 'confirmed',
          evidence: {
            path: '/api/v1/namespaces',
            namespaces: KUBE_NAMESPACES.length,
            namespaceNames: [...KUBE_NAMESPACES],
          },
        },
      ],
    },
    {
      name: 'AlwaysAllow behind a proxy that strips the APF headers: the root path list and /version are the second signal',
      evidence: evidenceOf(
        httpObservation(json(200, '{"paths":["/api","/api/v1","/apis","/healthz","/version"]}'), {
          '/version': json(200, JSON.stringify(KUBE_VERSION_1_32_3)),
          '/api/v1/namespaces': json(200, kubeNamespaceList(['default', 'kube-system'])),
        }),
      ),
      findings: [{ version: '1.32.3', evidence: { namespaces: 2 } }],
    },
  ],
  valid: [
    {
      name: 'the default: anonymous is authenticated as system:anonymous and RBAC answers 403',
      nearMiss: true,
      evidence: scan('kube-api-default'),
    },
    {
      name: '--anonymous-auth=false: 401 Unauthorized on every path',
      nearMiss: true,
      evidence: scan('kube-api-no-anonymous'),
    },
    {
      name: '/version open alone (system:public-info-viewer) is not a finding',
      evidence: evidenceOf(
        httpObservation(responseOf('kube-api-default', '/'), {
          '/version': responseOf('kube-api-default', '/version'),
          '/api/v1/namespaces': { ok: false, failure: 'timeout' },
        }),
      ),
    },
    {
      name: 'a NamespaceList-shaped answer with no Kubernetes identity around it',
      evidence: evidenceOf(
        httpObservation(response(200, 'ok'), { '/api/v1/namespaces': json(200, kubeNamespaceList(['default'])) }),
      ),
    },
    {
      name: 'a page that merely mentions the Kubernetes API',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
