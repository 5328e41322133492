// aws_db_instance → DatabaseInstance, as the live collector reads DescribeDBInstances:
// publicly_accessible (the provider's default is false), engine, engine_version. The endpoint is
// made at apply, so no public endpoint is known.
import { databaseEngine } from '../../cloud/aws/rds.js';
import type { DatabaseInstance } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { knownBoolean, knownString } from '../values.js';

export function mapAwsDatabases(ctx: PlanContext): DatabaseInstance[] {
  return ctx.ofType('aws_db_instance').map((resource): DatabaseInstance => {
    const publicly = ctx.attr(resource, 'publicly_accessible');
    const publiclyAccessible = knownBoolean(publicly);
    const version = knownString(ctx.attr(resource, 'engine_version'));
    return {
      kind: 'database',
      ref: ctx.ref(resource, 'aws', 'rds:db-instance', publicly.state === 'unknown' ? ['publiclyAccessible'] : [], knownString(ctx.attr(resource, 'identifier'))),
      engine: databaseEngine(knownString(ctx.attr(resource, 'engine'))),
      ...(version ? { version } : {}),
      ...(publiclyAccessible !== undefined ? { publiclyAccessible } : {}),
      publicEndpoints: [],
    };
  });
}
