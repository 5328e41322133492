// RDS (and the DocumentDB / Neptune instances the RDS API also lists): engine, version, and
// whether the instance has a public DNS name. PubliclyAccessible alone does not open it: its VPC
// security groups still decide who connects; rules combine the two.
import { DescribeDBInstancesCommand, RDSClient, type DBInstance } from '@aws-sdk/client-rds';
import type { DatabaseInstance } from '../inventory.js';
import { databaseEngine } from './rds-engine.js';
import { readAll, type AwsSession } from './session.js';

export function normalizeDbInstance(instance: DBInstance, account: string, region: string): DatabaseInstance {
  const publiclyAccessible = instance.PubliclyAccessible === true;
  const { Address: host, Port: port } = instance.Endpoint ?? {};
  return {
    kind: 'database',
    ref: { provider: 'aws', account, region, type: 'rds:db-instance', id: instance.DBInstanceIdentifier ?? '' },
    engine: databaseEngine(instance.Engine),
    ...(instance.EngineVersion ? { version: instance.EngineVersion } : {}),
    ...(instance.PubliclyAccessible !== undefined ? { publiclyAccessible } : {}),
    publicEndpoints: publiclyAccessible && host && port ? [{ host, port }] : [],
    ...(instance.VpcSecurityGroups
      ? {
          securityGroups: instance.VpcSecurityGroups.flatMap((group) =>
            group.VpcSecurityGroupId ? [group.VpcSecurityGroupId] : [],
          ),
        }
      : {}),
  };
}

export async function collectDbInstances(session: AwsSession, region: string): Promise<DatabaseInstance[]> {
  const client = session.sdkClient('rds', region, RDSClient);
  const instances = await readAll(
    session,
    'rds:DescribeDBInstances',
    region,
    (token, abortSignal) =>
      client.send(new DescribeDBInstancesCommand(token ? { Marker: token } : {}), { abortSignal }),
    (page) => page.DBInstances,
    (page) => page.Marker,
  );
  return (instances ?? []).map((instance) => normalizeDbInstance(instance, session.accountLabel, region));
}
