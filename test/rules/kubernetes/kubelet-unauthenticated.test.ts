// The kubelet's PodList is telegraf's recorded kubelet answer (kubelet/pods-telegraf.json); the
// refusals are the kubelet's own strings (pkg/kubelet/server/server.go), built.
import rule from '../../../rules/kubernetes/kubelet-unauthenticated.js';
import { responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const GO_404 = response(404, '404 page not found\n', {
  'content-type': 'text/plain; charset=utf-8',
  'x-content-type-options': 'nosniff',
});
const scan = (profile: 'kubelet-open' | 'kubelet-unauthorized') =>
  evidenceOf(httpObservation(responseOf(profile, '/'), { '/pods': responseOf(profile, '/pods') }), {
    host: '192.0.2.10',
    port: 10250,
  });

testRule(rule, {
  invalid: [
    {
      name: 'anonymous auth with AlwaysAllow: /pods answers the node PodList',
      evidence: scan('kubelet-open'),
      findings: [{ product: 'kubelet', confidence: 'confirmed', evidence: { path: '/pods', pods: 2 } }],
    },
    {
      name: 'a PodList larger than the body cap: recognised by its start, counted as truncated',
      evidence: evidenceOf(
        httpObservation(GO_404, {
          '/pods': {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: '{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"a"',
            truncated: true,
          },
        }),
      ),
      findings: [{ evidence: { podsTruncated: true } }],
    },
  ],
  valid: [
    {
      name: 'anonymous authentication off: /pods answers 401 Unauthorized',
      nearMiss: true,
      evidence: scan('kubelet-unauthorized'),
    },
    {
      name: 'Webhook authorization refuses system:anonymous with the kubelet’s 403',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(GO_404, {
          '/pods': response(403, 'Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)'),
        }),
      ),
    },
    {
      name: 'a PodList from a server whose root is not the kubelet’s',
      evidence: evidenceOf(
        httpObservation(response(200, '<html>home</html>'), {
          '/pods': json(200, recorded('kubelet/pods-telegraf.json')),
        }),
      ),
    },
    {
      name: 'an API-server PodList (it has a resourceVersion) is not the kubelet’s',
      evidence: evidenceOf(
        httpObservation(GO_404, {
          '/pods': json(200, '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"4711"},"items":[]}'),
        }),
      ),
    },
    {
      name: 'a page that merely mentions the kubelet',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
