// ApsaraMQ for RabbitMQ with an internet endpoint: UpdateInstance with SupportEip false releases
// it (a change of specification, ModifyType DOWNGRADE); clients move to the VPC endpoint.
import type { FixGenerator } from '../engine/rule.js';
import { aliyunRpc } from './command.js';
import { liveId, planChange } from './terraform.js';
import type { Fix } from './types.js';

export const amqpPublicFix: FixGenerator<'database'> = (instance): Fix => {
  const id = liveId(instance.ref);
  return {
    summary:
      `Turn the internet endpoint of ApsaraMQ for RabbitMQ instance ${instance.ref.id} off (SupportEip false); clients use its VPC endpoint. ` +
      'A subscription instance names its edition too (--InstanceType professional, enterprise or vip).',
    commands: id
      ? [
          aliyunRpc(
            'amqp-open',
            'UpdateInstance',
            { InstanceId: id, ModifyType: 'DOWNGRADE', SupportEip: 'false' },
            instance.ref.region,
          ),
        ]
      : [],
    terraform: planChange(
      instance.ref,
      'support_eip',
      false,
      instance.publiclyAccessible === undefined ? undefined : instance.publiclyAccessible,
    ),
  };
};
