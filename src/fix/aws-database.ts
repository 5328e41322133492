// AWS managed databases, warehouses and brokers with a public switch: RDS and Redshift turn it off
// in place; an MSK cluster turns public access off with update-connectivity at its current
// version; an Amazon MQ broker cannot change it in place, so the fix is a replacement.
import type { DatabaseInstance } from '../cloud/inventory.js';
import { awsCommand } from './command.js';
import { liveId, planChange } from './terraform.js';
import type { FixGenerator } from '../engine/rule.js';
import type { Fix } from './types.js';

const planned = (database: DatabaseInstance) =>
  database.publiclyAccessible === undefined ? undefined : database.publiclyAccessible;

export const rdsFix: FixGenerator<'database'> = (database): Fix => {
  const id = liveId(database.ref);
  return {
    summary: `Turn PubliclyAccessible off for RDS instance ${database.ref.name ?? database.ref.id}, now (not at the next maintenance window).`,
    commands: id
      ? [
          awsCommand(
            'rds',
            'modify-db-instance',
            { '--db-instance-identifier': id, '--no-publicly-accessible': true, '--apply-immediately': true },
            database.ref.region,
          ),
        ]
      : [],
    terraform: planChange(database.ref, 'publicly_accessible', false, planned(database)),
  };
};

export const redshiftFix: FixGenerator<'database'> = (database): Fix => {
  const id = liveId(database.ref);
  return {
    summary: `Turn PubliclyAccessible off for Redshift cluster ${database.ref.name ?? database.ref.id}.`,
    commands: id
      ? [
          awsCommand(
            'redshift',
            'modify-cluster',
            { '--cluster-identifier': id, '--no-publicly-accessible': true },
            database.ref.region,
          ),
        ]
      : [],
    terraform: planChange(database.ref, 'publicly_accessible', false, planned(database)),
  };
};

export const mskFix: FixGenerator<'database'> = (database): Fix => {
  const arn = liveId(database.ref);
  return {
    summary:
      `Turn public access off for MSK cluster ${database.ref.name ?? database.ref.id} (PublicAccess Type DISABLED)` +
      (database.revision
        ? `, from its current version ${database.revision}.`
        : '; --current-version is the cluster\u2019s CurrentVersion (describe-cluster-v2).'),
    commands:
      arn && database.revision
        ? [
            awsCommand(
              'kafka',
              'update-connectivity',
              {
                '--cluster-arn': arn,
                '--current-version': database.revision,
                '--connectivity-info': JSON.stringify({ PublicAccess: { Type: 'DISABLED' } }),
              },
              database.ref.region,
            ),
          ]
        : arn
          ? [awsCommand('kafka', 'describe-cluster-v2', { '--cluster-arn': arn }, database.ref.region)]
          : [],
    terraform: planChange(
      database.ref,
      'broker_node_group_info.connectivity_info.public_access.type',
      'DISABLED',
      planned(database) === true ? 'SERVICE_PROVIDED_EIPS' : undefined,
    ),
  };
};

export const mqFix: FixGenerator<'database'> = (database): Fix => {
  const id = liveId(database.ref);
  return {
    summary:
      `Amazon MQ cannot make broker ${database.ref.name ?? database.ref.id} private in place: read its configuration, create a replacement ` +
      'with --no-publicly-accessible (same engine, users and configuration), move the clients, then delete this broker.',
    commands: id
      ? [
          awsCommand('mq', 'describe-broker', { '--broker-id': id }, database.ref.region),
          awsCommand('mq', 'delete-broker', { '--broker-id': id }, database.ref.region),
        ]
      : [],
    // Terraform replaces the broker when publicly_accessible changes.
    terraform: planChange(database.ref, 'publicly_accessible', false, planned(database)),
  };
};
