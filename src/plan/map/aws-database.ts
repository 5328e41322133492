// aws_db_instance, aws_redshift_cluster and aws_mq_broker → DatabaseInstance, as the live
// collectors read DescribeDBInstances / DescribeClusters / DescribeBroker (aws_mq_broker's
// publicly_accessible also defaults to false): publicly_accessible (the provider's default is false for
// both; for aws_redshift_cluster since AWS provider 5.0), engine, engine_version / cluster_version.
// The endpoint is made at apply, so no public endpoint is known.
import { databaseEngine } from '../../cloud/aws/rds.js';
import type { DatabaseInstance } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { knownBoolean, knownString } from '../values.js';

export function mapAwsDatabases(ctx: PlanContext): DatabaseInstance[] {
  const warehouses = ctx.ofType('aws_redshift_cluster').map((resource): DatabaseInstance => {
    const publicly = ctx.attr(resource, 'publicly_accessible');
    const publiclyAccessible = knownBoolean(publicly);
    const version = knownString(ctx.attr(resource, 'cluster_version'));
    return {
      kind: 'database',
      ref: ctx.ref(
        resource,
        'aws',
        'redshift:cluster',
        publicly.state === 'unknown' ? ['publiclyAccessible'] : [],
        knownString(ctx.attr(resource, 'cluster_identifier')),
      ),
      engine: 'redshift',
      ...(version ? { version } : {}),
      ...(publiclyAccessible !== undefined ? { publiclyAccessible } : {}),
      publicEndpoints: [],
    };
  });
  const instances = ctx.ofType('aws_db_instance').map((resource): DatabaseInstance => {
    const publicly = ctx.attr(resource, 'publicly_accessible');
    const publiclyAccessible = knownBoolean(publicly);
    const version = knownString(ctx.attr(resource, 'engine_version'));
    return {
      kind: 'database',
      ref: ctx.ref(
        resource,
        'aws',
        'rds:db-instance',
        publicly.state === 'unknown' ? ['publiclyAccessible'] : [],
        knownString(ctx.attr(resource, 'identifier')),
      ),
      engine: databaseEngine(knownString(ctx.attr(resource, 'engine'))),
      ...(version ? { version } : {}),
      ...(publiclyAccessible !== undefined ? { publiclyAccessible } : {}),
      publicEndpoints: [],
    };
  });
  const brokers = ctx.ofType('aws_mq_broker').map((resource): DatabaseInstance => {
    const publicly = ctx.attr(resource, 'publicly_accessible');
    const publiclyAccessible = knownBoolean(publicly);
    const version = knownString(ctx.attr(resource, 'engine_version'));
    return {
      kind: 'database',
      ref: ctx.ref(
        resource,
        'aws',
        'mq:broker',
        publicly.state === 'unknown' ? ['publiclyAccessible'] : [],
        knownString(ctx.attr(resource, 'broker_name')),
      ),
      engine: knownString(ctx.attr(resource, 'engine_type'))?.toUpperCase() === 'ACTIVEMQ' ? 'activemq' : 'rabbitmq',
      ...(version ? { version } : {}),
      ...(publiclyAccessible !== undefined ? { publiclyAccessible } : {}),
      publicEndpoints: [],
    };
  });
  return [...instances, ...warehouses, ...brokers];
}
