// collectAws end to end against a local emulator (test/emulators/aws.ts) that speaks each
// service's real wire protocol and verifies the SigV4 signature of every request as AWS does
// (canonical request, credential scope, signed headers, payload hash); the accounts it serves
// are test/fixtures/cloud/aws/accounts.ts. Nothing here may leave 127.0.0.1: every client is
// pointed at the emulator through the account's endpoint overrides, credentials are passed
// explicitly (never read from the environment), IMDS is disabled, and a socket fence fails the
// test on any connection to anything but loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import { collectAws } from '../../../src/cloud/aws/collect.js';
import type { IngressRule } from '../../../src/cloud/ingress.js';
import type { CoverageGap, Inventory, ResourceRef } from '../../../src/cloud/inventory.js';
import { UsageError } from '../../../src/errors.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../../emulators/aws-network-guard.js';
import { startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from '../../emulators/aws.js';
import { PRODUCTION, PRODUCTION_KEY, SANDBOX, SANDBOX_KEY } from '../../fixtures/cloud/aws/accounts.js';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const DENY: AwsEmulatorOptions['deny'] = [
  { action: 's3:GetBucketAcl', resource: 'acl-unreadable' },
  { action: 'rds:DescribeDBInstances', region: 'us-east-1' },
];

const options = (credentials: CollectOptions['credentials'], extra: Partial<CollectOptions> = {}): CollectOptions => ({
  timeoutMs: 5000,
  concurrency: 2,
  credentials,
  ...extra,
});

let guard: NetworkGuard;
beforeAll(() => {
  guard = installLoopbackOnlyGuard();
});
afterAll(() => {
  guard.uninstall();
  // The fence must not have had anything to stop.
  expect(guard.refused).toEqual([]);
});

async function withEmulator<T>(
  emulatorOptions: AwsEmulatorOptions,
  run: (emulator: AwsEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startAwsEmulator(emulatorOptions);
  try {
    return await run(emulator);
  } finally {
    await emulator.close();
  }
}

const account = (emulator: AwsEmulator, name: string, regions: string[]): AwsAccount => ({
  name,
  regions,
  endpoints: emulator.endpoints,
});

const ref = (region: string, type: string, id: string, name?: string): ResourceRef => ({
  provider: 'aws',
  account: '111122223333',
  region,
  type,
  id,
  ...(name ? { name } : {}),
});
const rule = (
  protocol: string,
  fromPort: number,
  toPort: number,
  sources: string[],
  unresolvedSources?: string[],
): IngressRule => ({
  protocol,
  fromPort,
  toPort,
  sources,
  ...(unresolvedSources ? { unresolvedSources } : {}),
  policy: 'accept',
  priority: 1,
});
const gapOf = (
  region: string,
  call: string,
  reason: CoverageGap['reason'],
  message: RegExp,
  resource?: string,
): CoverageGap => ({
  provider: 'aws',
  account: '111122223333',
  region,
  call,
  reason,
  message: expect.stringMatching(message) as string,
  ...(resource ? { resource } : {}),
});

const LEGACY = 'search-legacy-logs-abc123.eu-west-1.es.amazonaws.com';
const OFFICE = 'search-office-search-ghi789.eu-west-1.es.amazonaws.com';

const EXPECTED_PRODUCTION: Inventory = {
  resources: [
    // ACL grants READ to AllUsers: listed anonymously.
    {
      kind: 'bucket',
      ref: ref('eu-west-1', 's3:bucket', 'acl-public-logs'),
      publicGrants: ['AllUsers:READ'],
      policyPublic: false,
      openPolicyStatements: [],
      blockPublicAccess: false,
      accountBlockPublicAccess: false,
      anonymousListing: true,
    },
    // GetBucketAcl denied: publicGrants absent (unknown, not "none"); the unsigned listing proves it open anyway.
    {
      kind: 'bucket',
      ref: ref('eu-west-1', 's3:bucket', 'acl-unreadable'),
      policyPublic: false,
      openPolicyStatements: [],
      blockPublicAccess: false,
      accountBlockPublicAccess: false,
      anonymousListing: true,
    },
    // Nothing public and the bucket block is on: no listing attempted.
    {
      kind: 'bucket',
      ref: ref('eu-west-1', 's3:bucket', 'private-data'),
      publicGrants: [],
      policyPublic: false,
      openPolicyStatements: [],
      blockPublicAccess: true,
      accountBlockPublicAccess: false,
    },
    // Public by policy (GetObject for "*"); the IP-limited ListBucket statement is not open, so listing is refused.
    {
      kind: 'bucket',
      ref: ref('us-east-1', 's3:bucket', 'policy-public-site'),
      publicGrants: [],
      policyPublic: true,
      openPolicyStatements: ['PublicRead'],
      blockPublicAccess: false,
      accountBlockPublicAccess: false,
      anonymousListing: false,
    },
    {
      kind: 'security-group',
      ref: ref('eu-west-1', 'ec2:security-group', 'sg-0internal', 'search-internal'),
      // The group-to-group rule is internal and skipped.
      rules: [rule('tcp', 9200, 9200, ['10.0.0.0/8']), rule('all', 0, 65535, ['10.0.0.0/8'])],
      publicIps: ['198.51.100.20'],
      instances: ['i-0internal'],
    },
    {
      kind: 'security-group',
      ref: ref('eu-west-1', 'ec2:security-group', 'sg-0ipv6', 'search-ipv6'),
      rules: [rule('tcp', 9200, 9200, ['::/0'])],
      publicIps: ['2001:db8:1::10'],
      instances: ['i-0ipv6'],
    },
    {
      kind: 'security-group',
      ref: ref('eu-west-1', 'ec2:security-group', 'sg-0open', 'search-public'),
      rules: [
        rule('tcp', 9200, 9200, ['0.0.0.0/0']),
        rule('tcp', 5601, 5601, ['0.0.0.0/0']),
        rule('icmp', 0, 65535, ['10.0.0.0/8']),
      ],
      // The instance, and the load balancer ENI (primary and secondary Elastic IPs); the terminated instance is gone.
      publicIps: ['203.0.113.10', '203.0.113.50', '203.0.113.51'],
      instances: ['i-0search'],
    },
    {
      kind: 'security-group',
      ref: ref('eu-west-1', 'ec2:security-group', 'sg-0prefix', 'kibana-office'),
      rules: [rule('tcp', 5601, 5601, ['192.0.2.0/24', '198.51.100.0/24']), rule('tcp', 22, 22, [], ['pl-0missing'])],
      publicIps: [],
      instances: ['i-0private'],
    },
    {
      kind: 'security-group',
      ref: ref('us-east-1', 'ec2:security-group', 'sg-0default', 'default'),
      rules: [],
      publicIps: [],
      instances: [],
    },
    {
      kind: 'search-domain',
      ref: ref('eu-west-1', 'opensearch:domain', 'legacy-logs'),
      engine: 'elasticsearch',
      version: '6.8',
      publicEndpoint: { host: LEGACY, port: 443, protocol: 'https' },
      accessPolicyOpen: true,
      fineGrainedAccessControl: false,
      kibana: { public: true, host: LEGACY, port: 443 },
    },
    {
      kind: 'search-domain',
      ref: ref('eu-west-1', 'opensearch:domain', 'office-search'),
      engine: 'opensearch',
      version: '2.11',
      publicEndpoint: { host: OFFICE, port: 443, protocol: 'https' },
      accessPolicyOpen: false,
      fineGrainedAccessControl: true,
      kibana: { public: true, host: OFFICE, port: 443 },
    },
    {
      kind: 'search-domain',
      ref: ref('eu-west-1', 'opensearch:domain', 'vpc-search'),
      engine: 'opensearch',
      version: '2.11',
      accessPolicyOpen: true,
      fineGrainedAccessControl: true,
      kibana: { public: false },
    },
    {
      kind: 'database',
      ref: ref('eu-west-1', 'rds:db-instance', 'internal-db'),
      engine: 'mysql',
      version: '8.0.35',
      publiclyAccessible: false,
      publicEndpoints: [],
    },
    {
      kind: 'database',
      ref: ref('eu-west-1', 'rds:db-instance', 'orders-db'),
      engine: 'postgresql',
      version: '16.3',
      publiclyAccessible: true,
      publicEndpoints: [{ host: 'orders-db.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com', port: 5432 }],
    },
    {
      kind: 'database',
      ref: ref('eu-west-1', 'rds:db-instance', 'reports-db'),
      engine: 'mariadb',
      version: '10.11.6',
      publiclyAccessible: true,
      publicEndpoints: [{ host: 'reports-db.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com', port: 3306 }],
    },
  ],
  gaps: [
    // af-south-1 is an opt-in region the account has not enabled.
    gapOf(
      'af-south-1',
      'ec2:DescribeSecurityGroups',
      'unavailable',
      /^AuthFailure although sts:GetCallerIdentity accepted the same credentials: the region is probably not enabled/,
    ),
    gapOf(
      'af-south-1',
      'eks:ListClusters',
      'unavailable',
      /^UnrecognizedClientException .*region is probably not enabled/,
    ),
    gapOf(
      'af-south-1',
      'elasticloadbalancing:DescribeLoadBalancers',
      'unavailable',
      /^InvalidClientTokenId .*region is probably not enabled/,
    ),
    gapOf(
      'af-south-1',
      'elb:DescribeLoadBalancers',
      'unavailable',
      /^InvalidClientTokenId .*region is probably not enabled/,
    ),
    gapOf(
      'af-south-1',
      'kafka:ListClustersV2',
      'unavailable',
      /^UnrecognizedClientException .*region is probably not enabled/,
    ),
    gapOf(
      'af-south-1',
      'mq:ListBrokers',
      'unavailable',
      /^UnrecognizedClientException .*region is probably not enabled/,
    ),
    gapOf(
      'af-south-1',
      'opensearch:ListDomainNames',
      'unavailable',
      /^UnrecognizedClientException .*region is probably not enabled/,
    ),
    gapOf(
      'af-south-1',
      'rds:DescribeDBInstances',
      'unavailable',
      /^InvalidClientTokenId .*region is probably not enabled/,
    ),
    gapOf(
      'af-south-1',
      'redshift:DescribeClusters',
      'unavailable',
      /^InvalidClientTokenId .*region is probably not enabled/,
    ),
    gapOf('eu-west-1', 'ec2:GetManagedPrefixListEntries', 'error', /^InvalidPrefixListID\.NotFound: /, 'pl-0missing'),
    gapOf(
      'eu-west-1',
      's3:GetBucketAcl',
      'denied',
      /^AccessDenied: User: arn:aws:iam::111122223333:user\/exposcan-reader is not authorized to perform: s3:GetBucketAcl/,
      'acl-unreadable',
    ),
    // billing-db (public) sits in us-east-1: absent because the read was denied, and the gap says so.
    gapOf('us-east-1', 'rds:DescribeDBInstances', 'denied', /^AccessDenied: .*rds:DescribeDBInstances/),
  ],
};

describe('collectAws against the emulated production account', () => {
  let emulator: AwsEmulator;
  let inventory: Inventory;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ accounts: [PRODUCTION, SANDBOX], deny: DENY });
    inventory = await collectAws(
      account(emulator, 'production', ['eu-west-1', 'us-east-1', 'af-south-1']),
      options(PRODUCTION_KEY),
    );
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('produces exactly the normalised inventory, with one gap for every read that failed', () => {
    expect(inventory).toEqual(EXPECTED_PRODUCTION);
  });

  it('every request was signed and verified, except the unsigned listings of the buckets that may be public', () => {
    const unsigned = emulator.requests.filter((request) => request.anonymous);
    expect(unsigned.map((request) => `${request.action} ${request.resource} ${request.status}`).sort()).toEqual([
      's3:ListBucket arn:aws:s3:::acl-public-logs 200',
      's3:ListBucket arn:aws:s3:::acl-unreadable 200',
      's3:ListBucket arn:aws:s3:::policy-public-site 403',
    ]);
    const signed = emulator.requests.filter((request) => !request.anonymous);
    expect(
      signed.filter((request) =>
        [
          'SignatureDoesNotMatch',
          'AuthorizationHeaderMalformed',
          'XAmzContentSHA256Mismatch',
          'IncompleteSignature',
        ].includes(request.code ?? ''),
      ),
    ).toEqual([]);
    expect(emulator.requests.filter((request) => request.action.startsWith('unknown'))).toEqual([]);
  });

  it('asks only for what it needs: configured regions (no DescribeRegions), paginated reads followed to the end', () => {
    const actions = emulator.requests.map((request) => `${request.action}@${request.region ?? '-'}`);
    expect(actions).not.toContain('ec2:DescribeRegions@us-east-1');
    // Five instances at two per page: three pages.
    expect(actions.filter((action) => action === 'ec2:DescribeInstances@eu-west-1')).toHaveLength(3);
    expect(actions.filter((action) => action === 'rds:DescribeDBInstances@eu-west-1')).toHaveLength(2);
  });

  it('records that a bucket can be listed, never what is in it', () => {
    const text = JSON.stringify(inventory);
    for (const key of [...PRODUCTION.buckets.flatMap((bucket) => bucket.keys)]) expect(text).not.toContain(key);
  });
});

describe('collectAws, other accounts and failures', () => {
  it('an account-level public access block: the ACL-public bucket shows it, and S3 refuses the unsigned listing', async () => {
    await withEmulator({ accounts: [PRODUCTION, SANDBOX] }, async (emulator) => {
      // No regions configured: DescribeRegions lists the enabled ones.
      const inventory = await collectAws(account(emulator, 'sandbox', []), options(SANDBOX_KEY));
      expect(inventory).toEqual({
        resources: [
          {
            kind: 'bucket',
            ref: {
              provider: 'aws',
              account: '444455556666',
              region: 'eu-west-1',
              type: 's3:bucket',
              id: 'blocked-acl-public',
            },
            publicGrants: ['AllUsers:READ'],
            policyPublic: false,
            openPolicyStatements: [],
            blockPublicAccess: false,
            accountBlockPublicAccess: true,
            anonymousListing: false,
          },
        ],
        gaps: [],
      });
      expect(emulator.requests.map((request) => request.action)).toContain('ec2:DescribeRegions');
      expect(
        new Set(
          emulator.requests
            .filter((request) => request.service === 'ec2' && request.action !== 'ec2:DescribeRegions')
            .map((request) => request.region),
        ),
      ).toEqual(new Set(['eu-west-1']));
    });
  });

  it('a wrong secret: one credentials gap that says so, and nothing else is tried', async () => {
    await withEmulator({ accounts: [PRODUCTION] }, async (emulator) => {
      const inventory = await collectAws(
        account(emulator, 'production', ['eu-west-1']),
        options({ accessKeyId: PRODUCTION_KEY.accessKeyId, secretAccessKey: 'not-the-secret' }),
      );
      expect(inventory).toEqual({
        resources: [],
        gaps: [
          {
            provider: 'aws',
            account: 'production',
            region: 'global',
            call: 'sts:GetCallerIdentity',
            reason: 'credentials',
            message: expect.stringMatching(
              /^AWS rejected the request signature \(SignatureDoesNotMatch\): the secret access key does not belong to the access key id\./,
            ),
          },
        ],
      });
      expect(emulator.requests).toEqual([
        {
          service: 'sts',
          action: 'sts:GetCallerIdentity',
          region: 'us-east-1',
          anonymous: false,
          status: 403,
          code: 'SignatureDoesNotMatch',
        },
      ]);
    });
  });

  it('an unknown access key: a credentials gap too', async () => {
    await withEmulator({ accounts: [PRODUCTION] }, async (emulator) => {
      const inventory = await collectAws(
        account(emulator, 'production', ['eu-west-1']),
        options({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' }),
      );
      expect(inventory.gaps).toEqual([
        expect.objectContaining({
          call: 'sts:GetCallerIdentity',
          reason: 'credentials',
          message: expect.stringContaining('InvalidClientTokenId'),
        }),
      ]);
    });
  });

  it('a half-overridden account is refused before any request: nothing may fall back to a real AWS host', async () => {
    await withEmulator({ accounts: [PRODUCTION] }, async (emulator) => {
      const halfOverridden: AwsAccount = {
        name: 'production',
        regions: ['eu-west-1'],
        endpoints: { sts: emulator.endpoints.sts, s3: emulator.endpoints.s3 },
      };
      await expect(collectAws(halfOverridden, options(PRODUCTION_KEY))).rejects.toThrow(UsageError);
      await expect(collectAws(halfOverridden, options(PRODUCTION_KEY))).rejects.toThrow(
        /not for s3control, ec2, rds, opensearch/,
      );
      expect(emulator.requests).toEqual([]);
    });
  });

  it('throttling that outlasts the SDK retries is a throttled gap; the rest is still read', async () => {
    await withEmulator(
      { accounts: [PRODUCTION], throttle: [{ action: 'rds:DescribeDBInstances', region: 'eu-west-1' }] },
      async (emulator) => {
        const inventory = await collectAws(account(emulator, 'production', ['eu-west-1']), options(PRODUCTION_KEY));
        expect(inventory.gaps).toContainEqual(
          gapOf('eu-west-1', 'rds:DescribeDBInstances', 'throttled', /^Throttling after 3 attempts: Rate exceeded$/),
        );
        expect(inventory.resources.filter((resource) => resource.kind === 'database')).toEqual([]);
        expect(inventory.resources.filter((resource) => resource.kind === 'search-domain')).toHaveLength(3);
        expect(emulator.requests.filter((request) => request.action === 'rds:DescribeDBInstances')).toHaveLength(3);
      },
    );
  });

  it('a call slower than the per-call timeout becomes a gap; other calls are unaffected', async () => {
    await withEmulator(
      // The slow call never answers in the test's life; the budget leaves every other call room on a loaded machine.
      { accounts: [PRODUCTION], delay: [{ action: 'es:ListDomainNames', ms: 600_000 }] },
      async (emulator) => {
        const inventory = await collectAws(
          account(emulator, 'production', ['eu-west-1']),
          options(PRODUCTION_KEY, { timeoutMs: 10_000 }),
        );
        expect(inventory.gaps).toContainEqual(
          gapOf('eu-west-1', 'opensearch:ListDomainNames', 'error', /^no answer within 10000 ms \(per-call timeout\)$/),
        );
        expect(inventory.resources.filter((resource) => resource.kind === 'search-domain')).toEqual([]);
        expect(inventory.resources.filter((resource) => resource.kind === 'database')).toHaveLength(3);
      },
    );
  });

  it('options.signal aborts the whole collection: it rejects rather than returning a partial inventory', async () => {
    await withEmulator(
      { accounts: [PRODUCTION], delay: [{ action: 'ec2:DescribeSecurityGroups', ms: 3000 }] },
      async (emulator) => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 200);
        await expect(
          collectAws(
            account(emulator, 'production', ['eu-west-1']),
            options(PRODUCTION_KEY, { signal: controller.signal }),
          ),
        ).rejects.toThrow(/abort/i);
        const already = AbortSignal.abort();
        await expect(
          collectAws(account(emulator, 'production', ['eu-west-1']), options(PRODUCTION_KEY, { signal: already })),
        ).rejects.toThrow(/abort/i);
      },
    );
  });
});

describe('the network fence used by these tests', () => {
  it('refuses a connection to anything but loopback before it is made', async () => {
    const { request } = await import('node:http');
    const refusedBefore = guard.refused.length;
    await expect(
      new Promise((resolve, reject) => {
        const outgoing = request({ host: '192.0.2.1', port: 80, path: '/' }, resolve);
        outgoing.on('error', reject);
        outgoing.end();
      }),
    ).rejects.toThrow(/network guard/);
    expect(guard.refused.splice(refusedBefore)).toEqual(['192.0.2.1:80']);
  });
});
