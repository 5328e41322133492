// ApsaraMQ for RabbitMQ (amqp-open 2019-12-12): ListInstances (MaxResults 1–100, NextToken; the RAM
// action is amqp:ListInstance), whose Data.Instances[] carry InstanceId, InstanceName, Status,
// SupportEIP (the instance has an internet endpoint) and PublicEndpoint / PrivateEndpoint (host
// names). Shapes from the API reference's JSON example. AMQP clients reach the public endpoint on
// 5672 (5671 with TLS); the broker is Alibaba's own implementation of AMQP 0-9-1, with no
// management console of its own on the endpoint.
import type { DatabaseInstance, ResourceRef } from '../inventory.js';
import type { Json } from './client.js';
import { bool, list, text } from './json.js';
import { allTokenPages, type Session } from './session.js';

const PAGE = 100;
const AMQP_PORT = 5672;

/** A released instance no longer exists; every other state (serving, deploying, expired) still has its endpoints. */
const GONE = new Set(['released']);

export function normalizeAmqpInstance(ref: ResourceRef, instance: Json): DatabaseInstance {
  // SupportEIP is the switch; a PublicEndpoint without it (the field can be filled either way) is not public.
  const supportEip = bool(instance, 'SupportEIP') === true;
  const host = text(instance, 'PublicEndpoint')?.toLowerCase();
  return {
    kind: 'database',
    ref,
    engine: 'rabbitmq',
    publiclyAccessible: supportEip,
    publicEndpoints: supportEip && host ? [{ host, port: AMQP_PORT }] : [],
  };
}

export async function collectAmqp(session: Session, region: string): Promise<DatabaseInstance[]> {
  const pages = await session.attempt(region, session.call('amqp-open', 'ListInstances'), () =>
    allTokenPages(
      (token) =>
        session.rpc('amqp-open', region, 'ListInstances', { MaxResults: PAGE, ...(token ? { NextToken: token } : {}) }),
      (page) => text(page['Data'], 'NextToken'),
    ),
  );
  return (pages ?? []).flatMap((page) =>
    list(page, 'Data', 'Instances').flatMap((instance) => {
      const id = text(instance, 'InstanceId');
      if (!id || GONE.has(text(instance, 'Status')?.toLowerCase() ?? '')) return [];
      return [
        normalizeAmqpInstance(session.ref(region, 'amqp:instance', id, text(instance, 'InstanceName')), instance),
      ];
    }),
  );
}
