// aws_db_instance, aws_redshift_cluster and aws_mq_broker → DatabaseInstance, as the live
// collectors read DescribeDBInstances / DescribeClusters / DescribeBroker (aws_mq_broker's
// publicly_accessible also defaults to false): publicly_accessible (the provider's default is false for
// both; for aws_redshift_cluster since AWS provider 5.0), engine, engine_version / cluster_version.
// The endpoint is made at apply, so no public endpoint is known.
// aws_msk_cluster → the DatabaseInstance the live collector makes of ListClustersV2:
// broker_node_group_info.connectivity_info.public_access.type SERVICE_PROVIDED_EIPS is public.
// The provider plans connectivity_info as computed: not written, it is the service's DISABLED;
// written and unknown until apply, it is unknown.
import { MSK_PUBLIC_ACCESS } from '../../cloud/aws/msk-access.js';
import { databaseEngine } from '../../cloud/aws/rds-engine.js';
import type { DatabaseInstance } from '../../cloud/inventory.js';
import { resourceConfig } from '../config.js';
import type { PlanContext } from '../context.js';
import type { Json, PlannedResource } from '../read.js';
import { knownBoolean, knownString, valueAt } from '../values.js';

const PUBLIC_ACCESS_TYPE = ['broker_node_group_info', 'connectivity_info', 'public_access', 'type'];

/** The configuration writes the nested block attribute at `path` (blocks are lists of objects in `expressions`). */
function writesNested(ctx: PlanContext, resource: PlannedResource, path: readonly string[]): boolean {
  const block = resourceConfig(ctx.plan.configuration, resource);
  let level: unknown[] = [block?.['expressions']];
  for (const key of path) {
    level = level.flatMap((entry) => {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return [];
      const next = (entry as Json)[key];
      return next === undefined ? [] : Array.isArray(next) ? next : [next];
    });
    if (level.length === 0) return false;
  }
  return true;
}

function mapKafkaClusters(ctx: PlanContext): DatabaseInstance[] {
  return ctx.ofType('aws_msk_cluster').map((resource): DatabaseInstance => {
    const value = valueAt(resource, PUBLIC_ACCESS_TYPE.flatMap((key) => [key, 0]).slice(0, -1));
    const unknown = value.state === 'unknown' && writesNested(ctx, resource, PUBLIC_ACCESS_TYPE);
    const version = knownString(ctx.attr(resource, 'kafka_version'));
    return {
      kind: 'database',
      ref: ctx.ref(
        resource,
        'aws',
        'kafka:cluster',
        unknown ? ['publiclyAccessible'] : [],
        knownString(ctx.attr(resource, 'cluster_name')),
      ),
      engine: 'kafka',
      ...(version ? { version } : {}),
      ...(unknown ? {} : { publiclyAccessible: knownString(value) === MSK_PUBLIC_ACCESS }),
      publicEndpoints: [],
    };
  });
}

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
  return [...instances, ...warehouses, ...brokers, ...mapKafkaClusters(ctx)];
}
