// Managed Kubernetes API servers on the internet. EKS: endpoint public access off (private
// access on, so the cluster stays manageable from its VPC). ACK: the elastic IP unbound from the
// API server (ModifyCluster api_server_eip false).
import { aliyunRoa, awsCommand } from './command.js';
import { liveId, planChange } from './terraform.js';
import type { FixGenerator } from '../engine/rule.js';
import type { Fix } from './types.js';

export const eksEndpointFix: FixGenerator<'kubernetes-cluster'> = (cluster): Fix => {
  const name = liveId(cluster.ref);
  return {
    summary: `Turn public access to the API server endpoint of EKS cluster ${cluster.ref.name ?? cluster.ref.id} off and private access on; or, if it must stay public, set publicAccessCidrs to the administrators\u2019 ranges.`,
    commands: name
      ? [
          awsCommand(
            'eks',
            'update-cluster-config',
            { '--name': name, '--resources-vpc-config': 'endpointPublicAccess=false,endpointPrivateAccess=true' },
            cluster.ref.region,
          ),
        ]
      : [],
    terraform: [
      ...planChange(cluster.ref, 'vpc_config.endpoint_public_access', false, cluster.publicEndpoint ? true : undefined),
      ...planChange(cluster.ref, 'vpc_config.endpoint_private_access', true),
    ],
  };
};

export const ackApiServerFix: FixGenerator<'kubernetes-cluster'> = (cluster): Fix => {
  const id = liveId(cluster.ref);
  return {
    summary: `Unbind the elastic IP from the API server of ACK cluster ${cluster.ref.id}; reach it from the VPC, a bastion or a VPN.`,
    commands: id
      ? [
          aliyunRoa(
            'cs',
            'ModifyCluster',
            'PUT',
            '/api/v2/clusters/{ClusterId}',
            { ClusterId: id },
            { api_server_eip: false },
            cluster.ref.region,
          ),
        ]
      : [],
    terraform: planChange(cluster.ref, 'slb_internet_enabled', false, cluster.publicEndpoint ? true : undefined),
  };
};
