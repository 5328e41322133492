import rule from '../../../rules/cloud-alibaba/alibaba-ack-api-server-public.js';
import { kubernetesCluster, ref } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const ack = (overrides: Parameters<typeof kubernetesCluster>[0] = {}) =>
  kubernetesCluster({
    ref: ref('alibaba', 'cs:cluster', 'c0ffee0123456789abcdef0123456789'),
    version: '1.30.1-aliyun.1',
    publicEndpoint: { host: '203.0.113.20', port: 6443 },
    publicAccessCidrs: undefined,
    ...overrides,
  });

testResourceRule(rule, {
  invalid: [
    {
      name: 'a public API server endpoint: tentative until probed, probed in TLS on 6443',
      resource: ack(),
      findings: [
        {
          product: 'kubernetes',
          confidence: 'tentative',
          version: '1.30.1-aliyun.1',
          impliedEndpoints: [{ host: '203.0.113.20', port: 6443, products: ['kubernetes'], tls: true }],
        },
      ],
    },
    {
      name: 'a plan leaves the public endpoint to apply time: unknown',
      resource: ack({
        publicEndpoint: undefined,
        ref: {
          ...ack().ref,
          terraform: { address: 'alicloud_cs_managed_kubernetes.prod', unknownUntilApply: ['publicAccess'] },
        },
      }),
      findings: [{ confidence: 'unknown' }],
    },
  ],
  valid: [
    { name: 'an intranet API server only (trap)', nearMiss: true, resource: ack({ publicEndpoint: undefined }) },
    { name: 'an EKS cluster is judged by its own rule', resource: kubernetesCluster() },
  ],
});
