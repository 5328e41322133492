// Amazon MQ brokers (restJson: GET /v1/brokers with maxResults / nextToken, then
// GET /v1/brokers/{id}): whether a broker is PubliclyAccessible, its console and wire endpoints
// and its security groups. A public RabbitMQ broker cannot have security groups at all (Amazon
// MQ docs, "Security groups are not supported for publicly accessible RabbitMQ brokers"): every
// address reaches its console and AMQPS port, so its firewall is set here as open. A public
// ActiveMQ broker's security groups are judged later (src/cloud/reachability.ts).
import { DescribeBrokerCommand, ListBrokersCommand, MqClient, type DescribeBrokerResponse } from '@aws-sdk/client-mq';
import type { DatabaseInstance } from '../inventory.js';
import { readAll, type AwsSession } from './session.js';

/** The console host and port of a ConsoleURL (https://b-….mq.<region>.amazonaws.com[:8162]). */
function consoleEndpoint(url: string | undefined): { host: string; port: number } | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return {
      host: parsed.hostname.toLowerCase(),
      port: parsed.port ? Number(parsed.port) : parsed.protocol === 'http:' ? 80 : 443,
    };
  } catch {
    return undefined;
  }
}

function normalizeBroker(broker: DescribeBrokerResponse, account: string, region: string): DatabaseInstance {
  const publiclyAccessible = broker.PubliclyAccessible === true;
  const rabbit = broker.EngineType === 'RABBITMQ';
  const consoles = (broker.BrokerInstances ?? [])
    .map((instance) => consoleEndpoint(instance.ConsoleURL))
    .filter((endpoint): endpoint is { host: string; port: number } => endpoint !== undefined);
  const unique = [...new Map(consoles.map((endpoint) => [`${endpoint.host}:${endpoint.port}`, endpoint])).values()];
  const groups = broker.SecurityGroups ?? [];
  return {
    kind: 'database',
    ref: {
      provider: 'aws',
      account,
      region,
      type: 'mq:broker',
      id: broker.BrokerId ?? '',
      ...(broker.BrokerName ? { name: broker.BrokerName } : {}),
    },
    engine: rabbit ? 'rabbitmq' : 'activemq',
    ...(broker.EngineVersion ? { version: broker.EngineVersion } : {}),
    ...(broker.PubliclyAccessible !== undefined ? { publiclyAccessible } : {}),
    publicEndpoints: publiclyAccessible ? unique : [],
    ...(rabbit && publiclyAccessible
      ? {
          firewall: {
            state: 'open' as const,
            port: unique[0]?.port ?? 443,
            group: '(none: a public RabbitMQ broker takes no security group)',
            source: '0.0.0.0/0',
          },
        }
      : { securityGroups: [...groups] }),
  };
}

export async function collectBrokers(session: AwsSession, region: string): Promise<DatabaseInstance[]> {
  const client = session.sdkClient('mq', region, MqClient);
  const summaries = await readAll(
    session,
    'mq:ListBrokers',
    region,
    (token, abortSignal) =>
      client.send(new ListBrokersCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }), { abortSignal }),
    (page) => page.BrokerSummaries,
    (page) => page.NextToken,
  );
  const described = await Promise.all(
    (summaries ?? []).map(async (summary) => {
      const id = summary.BrokerId ?? '';
      const read = await session.read(
        'mq:DescribeBroker',
        region,
        (abortSignal) => client.send(new DescribeBrokerCommand({ BrokerId: id }), { abortSignal }),
        summary.BrokerName ?? id,
      );
      return read.ok ? [normalizeBroker(read.value, session.accountLabel, region)] : [];
    }),
  );
  return described.flat();
}
