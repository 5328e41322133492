import rule from '../../../rules/cloud-aws/aws-eks-endpoint-public.js';
import { kubernetesCluster } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const HOST = '0123456789abcdef.gr7.us-east-1.eks.amazonaws.com';

testResourceRule(rule, {
  invalid: [
    {
      name: 'public endpoint open to 0.0.0.0/0: probed in TLS for anonymous access',
      resource: kubernetesCluster(),
      findings: [
        {
          product: 'kubernetes',
          confidence: 'firm',
          version: '1.29',
          impliedEndpoints: [{ host: HOST, port: 443, products: ['kubernetes'], tls: true }],
        },
      ],
    },
    {
      name: 'a plan leaves public access to apply time: unknown',
      resource: kubernetesCluster({
        publicEndpoint: undefined,
        publicAccessCidrs: undefined,
        ref: {
          ...kubernetesCluster().ref,
          terraform: { address: 'aws_eks_cluster.prod', unknownUntilApply: ['publicAccess'] },
        },
      }),
      findings: [{ confidence: 'unknown' }],
    },
  ],
  valid: [
    {
      name: 'public endpoint limited to one CIDR (trap)',
      nearMiss: true,
      resource: kubernetesCluster({ publicAccessCidrs: ['203.0.113.0/24'] }),
    },
    {
      name: 'private endpoint only',
      nearMiss: true,
      resource: kubernetesCluster({ publicEndpoint: undefined, publicAccessCidrs: undefined }),
    },
  ],
});
