// Every cloud rule's findings carry the exact fix for that resource: a command naming its real id.
import { describe, expect, it } from 'vitest';
import { FIX_CASES } from './cases.js';
import { CLOUD_RULES, fixesOf, ruleById } from './run-fixes.js';
import type { CloudResource } from '../../src/cloud/inventory.js';
import type { Fix } from '../../src/fix/types.js';

function only(ruleId: string, name: string): Fix {
  const found = FIX_CASES.find((one) => one.ruleId === ruleId && one.name === name);
  if (!found) throw new Error(`no case ${name}`);
  const fixes = fixesOf(ruleById(ruleId), found.resource);
  expect(fixes).toHaveLength(1);
  return fixes[0]!;
}

/** The id appears as one whole argument, or inside an ROA path as its URI encoding. */
function namesId(fix: Fix, resource: CloudResource): boolean {
  return fix.commands.some((command) =>
    command.argv.some(
      (arg) =>
        arg === resource.ref.id ||
        arg.includes(`/${encodeURIComponent(resource.ref.id)}/`) ||
        arg.endsWith(`/${encodeURIComponent(resource.ref.id)}`),
    ),
  );
}

describe('fix generators', () => {
  it('every cloud rule has a case, and every case gives each finding a command naming the resource id', () => {
    const covered = new Set(FIX_CASES.map((one) => one.ruleId));
    expect(CLOUD_RULES.map((rule) => rule.meta.id).filter((id) => !covered.has(id))).toEqual([]);
    expect(CLOUD_RULES.length).toBeGreaterThanOrEqual(19);
    for (const one of FIX_CASES) {
      const fixes = fixesOf(ruleById(one.ruleId), one.resource);
      expect(fixes.length, one.name).toBeGreaterThan(0);
      for (const fix of fixes) {
        expect(fix, one.name).toBeDefined();
        expect(fix!.commands.length, one.name).toBeGreaterThan(0);
        // A live resource's fix is CLI only: no Terraform change without a plan.
        expect(fix!.terraform ?? [], one.name).toEqual([]);
        const idNamed =
          namesId(fix!, one.resource) ||
          // A load balancer's listener is named by its own id (ARN, ListenerId).
          (one.resource.kind === 'load-balancer' &&
            fix!.commands.some(
              (command) =>
                one.resource.kind === 'load-balancer' &&
                one.resource.listeners.some((l) => l.id && command.argv.includes(l.id)),
            ));
        expect(idNamed, `${one.name}: ${fix!.commands.map((command) => command.shell).join('\n')}`).toBe(true);
      }
    }
  });

  it('EC2: revokes exactly the every-address ranges of the rule that opens the port, not the private one', () => {
    const fix = only('aws-security-group-open-service-port', 'tcp 9200 open to 0.0.0.0/0 and ::/0');
    expect(fix.commands.map((command) => command.argv)).toEqual([
      [
        'aws',
        'ec2',
        'revoke-security-group-ingress',
        '--group-id',
        'sg-0abc1234def567890',
        '--ip-permissions',
        '[{"IpProtocol":"tcp","FromPort":9200,"ToPort":9200,"IpRanges":[{"CidrIp":"0.0.0.0/0"}],"Ipv6Ranges":[{"CidrIpv6":"::/0"}]}]',
        '--region',
        'us-east-1',
      ],
    ]);
    expect(fix.commands[0]!.shell).toBe(
      `aws ec2 revoke-security-group-ingress --group-id sg-0abc1234def567890 --ip-permissions '[{"IpProtocol":"tcp","FromPort":9200,"ToPort":9200,"IpRanges":[{"CidrIp":"0.0.0.0/0"}],"Ipv6Ranges":[{"CidrIpv6":"::/0"}]}]' --region us-east-1`,
    );
  });

  it('EC2: a rule for every protocol is revoked as IpProtocol -1, without ports; each open port names the same rule', () => {
    const found = FIX_CASES.find((one) => one.name === 'every protocol open (-1)')!;
    const fixes = fixesOf(ruleById(found.ruleId), found.resource);
    expect(fixes.length).toBeGreaterThan(5);
    const lines = new Set(fixes.map((fix) => fix!.commands[0]!.parameters['--ip-permissions']));
    expect([...lines]).toEqual(['[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]']);
  });

  it('ECS: by SecurityGroupRuleId when the rule has one, by its fields (IPv6 source) otherwise', () => {
    expect(
      only('alibaba-security-group-open-service-port', 'a rule with its SecurityGroupRuleId').commands[0]!.argv,
    ).toEqual([
      'aliyun',
      'ecs',
      'RevokeSecurityGroup',
      '--RegionId',
      'cn-hangzhou',
      '--SecurityGroupId',
      'sg-bp1abc',
      '--SecurityGroupRuleId.1',
      'sgr-bp1open',
      '--region',
      'cn-hangzhou',
    ]);
    expect(
      only('alibaba-security-group-open-service-port', 'a rule without an id (IPv6 source)').commands[0]!.parameters,
    ).toEqual({
      RegionId: 'cn-hangzhou',
      SecurityGroupId: 'sg-bp1noid',
      'Permissions.1.IpProtocol': 'TCP',
      'Permissions.1.PortRange': '5601/5601',
      'Permissions.1.Ipv6SourceCidrIp': '::/0',
      'Permissions.1.Policy': 'accept',
    });
  });

  it('RDS, Redshift, MSK, MQ: the service switch on the instance by its identifier', () => {
    expect(only('aws-rds-publicly-accessible', 'a public RDS instance').commands[0]!.shell).toBe(
      'aws rds modify-db-instance --db-instance-identifier orders-db --no-publicly-accessible --apply-immediately --region us-east-1',
    );
    expect(only('aws-redshift-publicly-accessible', 'a public Redshift cluster').commands[0]!.shell).toBe(
      'aws redshift modify-cluster --cluster-identifier analytics --no-publicly-accessible --region us-east-1',
    );
    expect(
      only('aws-msk-cluster-public', 'a public MSK cluster at its current version').commands[0]!.parameters,
    ).toEqual({
      '--cluster-arn': 'arn:aws:kafka:us-east-1:123456789012:cluster/events/5a1b2c3d-4e5f-6789-abcd-ef0123456789-2',
      '--current-version': 'K3AEGXETSR30VB',
      '--connectivity-info': '{"PublicAccess":{"Type":"DISABLED"}}',
    });
    const mq = only('aws-mq-broker-public', 'a public RabbitMQ broker');
    expect(mq.commands.map((command) => command.operation)).toEqual(['mq describe-broker', 'mq delete-broker']);
    expect(mq.summary).toMatch(/cannot make broker .* private in place/);
  });

  it('Alibaba Elasticsearch: TriggerNetwork closes the public network of the cluster, or of its Kibana', () => {
    expect(only('alibaba-kibana-public', 'a public Kibana whose whitelist admits everyone').commands[0]!.argv).toEqual([
      'aliyun',
      'elasticsearch',
      'POST',
      '/openapi/instances/es-cn-kibana0001/actions/network-trigger',
      '--body',
      '{"nodeType":"KIBANA","networkType":"PUBLIC","actionType":"CLOSE"}',
      '--region',
      'cn-hangzhou',
    ]);
    expect(
      only('alibaba-elasticsearch-public', 'a public cluster whose whitelist admits everyone').commands[0]!.parameters,
    ).toMatchObject({
      InstanceId: 'es-cn-n6w1o1x0w001c',
      nodeType: 'WORKER',
    });
  });

  it('whitelists: Delete the open entries of the group that holds them; a group left empty is Cover 127.0.0.1', () => {
    expect(
      only('alibaba-rds-whitelist-open', 'an open entry in its own group').commands.map(
        (command) => command.parameters,
      ),
    ).toEqual([
      { DBInstanceId: 'rm-bp1open', DBInstanceIPArrayName: 'open_all', SecurityIps: '127.0.0.1', ModifyMode: 'Cover' },
    ]);
    expect(
      only('alibaba-rds-whitelist-open', 'an open entry beside a private one in the default group').commands.map(
        (command) => command.parameters,
      ),
    ).toEqual([
      { DBInstanceId: 'rm-bp1mixed', DBInstanceIPArrayName: 'default', SecurityIps: '0.0.0.0/0', ModifyMode: 'Delete' },
    ]);
    expect(
      only('alibaba-polardb-whitelist-open', 'an open PolarDB whitelist (the two halves)').commands[0]!.parameters,
    ).toEqual({
      DBClusterId: 'pc-bp1open',
      DBClusterIPArrayName: 'default',
      SecurityIps: '127.0.0.1',
      ModifyMode: 'Cover',
    });
  });

  it('a near miss gives no finding and so no fix: the private-only whitelist', () => {
    const found = FIX_CASES.find((one) => one.ruleId === 'alibaba-rds-whitelist-open')!;
    const closed = {
      ...found.resource,
      whitelist: ['10.0.0.0/8'],
      whitelistGroups: [{ name: 'default', entries: ['10.0.0.0/8'] }],
    };
    expect(fixesOf(ruleById('alibaba-rds-whitelist-open'), closed as CloudResource)).toEqual([]);
  });

  it('from a plan: the Terraform attribute change on the address, and no CLI call for an id that does not exist yet', () => {
    const found = FIX_CASES.find((one) => one.ruleId === 'aws-rds-publicly-accessible')!;
    const planned = {
      ...found.resource,
      ref: {
        ...found.resource.ref,
        id: 'module.db.aws_db_instance.orders',
        terraform: { address: 'module.db.aws_db_instance.orders', file: 'db/main.tf', line: 12 },
      },
    } as CloudResource;
    const [fix] = fixesOf(ruleById('aws-rds-publicly-accessible'), planned);
    expect(fix!.commands).toEqual([]);
    expect(fix!.terraform).toEqual([
      {
        address: 'module.db.aws_db_instance.orders',
        file: 'db/main.tf',
        line: 12,
        attribute: 'publicly_accessible',
        from: true,
        to: false,
      },
    ]);
  });
});
