// Verdicts over two resources of one inventory: an RDS instance's public flag and the security
// groups attached to it (src/cloud/reachability.ts), then the RDS rule reading the result.
import { describe, expect, it } from 'vitest';
import rdsRule from '../../rules/cloud-aws/aws-rds-publicly-accessible.js';
import type { Inventory, SecurityGroup } from '../../src/cloud/inventory.js';
import { linkReachability } from '../../src/cloud/reachability.js';
import { judgeInventory } from '../../src/engine/judge.js';
import { database, ingress, securityGroup } from '../helpers/cloud.js';

const group = (id: string, sources: string[], port = 5432): SecurityGroup => ({
  ...securityGroup('aws', [ingress({ fromPort: port, toPort: port, sources })], []),
  ref: { ...securityGroup('aws', []).ref, id },
});
const db = (groups: string[]) =>
  database('aws', {
    engine: 'postgresql',
    publiclyAccessible: true,
    publicEndpoints: [{ host: 'db.example.com', port: 5432 }],
    securityGroups: groups,
  });
const severityOf = (inventory: Inventory) =>
  judgeInventory(inventory, [rdsRule], { now: new Date('2026-12-01T00:00:00Z') }).map(
    ({ draft }) => draft.severity ?? rdsRule.meta.severity,
  );

describe('linkReachability', () => {
  it('open when any attached group admits every address on the port: the RDS finding rises to high', () => {
    const inventory = {
      resources: [
        group('sg-office', ['198.51.100.0/24']),
        group('sg-open', ['0.0.0.0/0']),
        db(['sg-office', 'sg-open']),
      ],
      gaps: [],
    };
    const linked = linkReachability(inventory).resources.find((resource) => resource.kind === 'database');
    expect(linked).toMatchObject({ firewall: { state: 'open', group: 'sg-open', source: '0.0.0.0/0', port: 5432 } });
    expect(severityOf(inventory)).toEqual(['high']);
  });

  it('closed when every attached group was read and none admits the internet on the port: ranked below the open one', () => {
    const inventory = {
      resources: [
        group('sg-office', ['198.51.100.0/24']),
        group('sg-web', ['0.0.0.0/0'], 443),
        db(['sg-office', 'sg-web']),
      ],
      gaps: [],
    };
    expect(linkReachability(inventory).resources.find((resource) => resource.kind === 'database')).toMatchObject({
      firewall: { state: 'closed', groups: ['sg-office', 'sg-web'] },
    });
    expect(severityOf(inventory)).toEqual(['low']);
  });

  it('unknown when an attached group is not in the inventory (its read failed): never closed', () => {
    const inventory = {
      resources: [group('sg-office', ['198.51.100.0/24']), db(['sg-office', 'sg-unread'])],
      gaps: [],
    };
    expect(linkReachability(inventory).resources.find((resource) => resource.kind === 'database')).toMatchObject({
      firewall: { state: 'unknown', reason: 'security group sg-unread was not read' },
    });
    expect(severityOf(inventory)).toEqual(['medium']);
  });

  it('a group of another account with the same id does not count', () => {
    const other = group('sg-open', ['0.0.0.0/0']);
    const inventory = {
      resources: [{ ...other, ref: { ...other.ref, account: '999999999999' } }, db(['sg-open'])],
      gaps: [],
    };
    expect(linkReachability(inventory).resources.find((resource) => resource.kind === 'database')).toMatchObject({
      firewall: { state: 'unknown' },
    });
  });
});
