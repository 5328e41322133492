// The unsigned listing probe against a real S3 implementation: s3rver 3.7.1, started here on
// 127.0.0.1 (kernel-chosen port) with a temporary directory. s3rver enforces no ACLs, so its
// buckets list anonymously, which is the "bucket open to anyone" case; it also implements none of
// the ACL / policy / public-access-block reads (501, 405), which is the "every deciding read
// failed" case. The rest of the account (STS, S3 Control, EC2, RDS, OpenSearch) comes from the
// SigV4-verifying emulator. Nothing leaves 127.0.0.1 (socket fence as in collect.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAnonymousListing } from '../../../src/cloud/aws/anonymous.js';
import { collectAws } from '../../../src/cloud/aws/collect.js';
import { freePort } from '../../helpers/ports.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../../emulators/aws-network-guard.js';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from '../../emulators/aws-s3rver.js';
import { startAwsEmulator, type AwsEmulator } from '../../emulators/aws.js';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

// One key per bucket: when a listing is truncated (more keys than max-keys=1) s3rver 3.7.1 builds its
// continuation token with DES, which OpenSSL 3 (Node 17+) no longer offers, and answers 500.
const KEYS = { 'quarterly/revenue-q1.csv': 'region,amount\n' };

let guard: NetworkGuard;
let s3rver: RunningS3rver;
beforeAll(async () => {
  guard = installLoopbackOnlyGuard();
  s3rver = await startS3rver([
    { name: 'open-reports', objects: KEYS },
    { name: 'empty-bucket', objects: {} },
  ]);
});
afterAll(async () => {
  await s3rver.close();
  guard.uninstall();
  expect(guard.refused).toEqual([]);
});

describe('probeAnonymousListing against s3rver', () => {
  it('a bucket anyone can list: listable, with the count of the one key asked for and no key name', async () => {
    const result = await probeAnonymousListing(
      { bucket: 'open-reports', region: 'us-east-1', endpoint: s3rver.endpoint },
      { timeoutMs: 5000 },
    );
    expect(result).toEqual({ state: 'listable', keyCount: 1, hasKeys: true });
    expect(JSON.stringify(result)).not.toContain('quarterly');
  });

  it('an empty bucket is listable with nothing in it', async () => {
    expect(
      await probeAnonymousListing(
        { bucket: 'empty-bucket', region: 'us-east-1', endpoint: s3rver.endpoint },
        { timeoutMs: 5000 },
      ),
    ).toEqual({ state: 'listable', keyCount: 0, hasKeys: false });
  });

  it('a bucket that does not exist is refused with S3 own code', async () => {
    expect(
      await probeAnonymousListing(
        { bucket: 'no-such-bucket', region: 'us-east-1', endpoint: s3rver.endpoint },
        { timeoutMs: 5000 },
      ),
    ).toEqual({ state: 'refused', status: 404, code: 'NoSuchBucket' });
  });

  it('nothing listening is an error, never a refusal', async () => {
    const closed = new URL(`http://127.0.0.1:${await freePort()}/`);
    expect(
      await probeAnonymousListing(
        { bucket: 'open-reports', region: 'us-east-1', endpoint: closed },
        { timeoutMs: 2000 },
      ),
    ).toMatchObject({ state: 'error' });
  });
});

describe('collectAws with s3rver as the S3 endpoint', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    // The emulator knows s3rver's keys as an account of its own, for STS and S3 Control.
    emulator = await startAwsEmulator({
      accounts: [
        {
          accountId: '777788889999',
          userName: 'tenant',
          keys: [S3RVER_CREDENTIALS],
          regions: { 'us-east-1': {} },
          buckets: [],
        },
      ],
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('every deciding read fails (s3rver implements none), so every field stays unknown; the unsigned listing proves the bucket open', async () => {
    const inventory = await collectAws(
      { name: 'tenant', regions: ['us-east-1'], endpoints: { ...emulator.endpoints, s3: s3rver.endpoint.href } },
      { timeoutMs: 5000, concurrency: 2, credentials: S3RVER_CREDENTIALS },
    );
    const ref = (id: string) => ({
      provider: 'aws',
      account: '777788889999',
      region: 'us-east-1',
      type: 's3:bucket',
      id,
    });
    expect(inventory.resources).toEqual([
      { kind: 'bucket', ref: ref('empty-bucket'), accountBlockPublicAccess: false, anonymousListing: true },
      { kind: 'bucket', ref: ref('open-reports'), accountBlockPublicAccess: false, anonymousListing: true },
    ]);
    // Four failed reads per bucket, each a gap: unknown is never reported as safe.
    const gaps = inventory.gaps.map((gap) => `${gap.resource} ${gap.call} ${gap.reason}`);
    for (const bucket of ['empty-bucket', 'open-reports']) {
      expect(gaps).toEqual(
        expect.arrayContaining([
          `${bucket} s3:GetBucketAcl error`,
          `${bucket} s3:GetBucketPolicy error`,
          `${bucket} s3:GetBucketPolicyStatus error`,
          `${bucket} s3:GetPublicAccessBlock error`,
        ]),
      );
    }
    expect(JSON.stringify(inventory)).not.toContain('quarterly');
  });
});
