// Transport, error mapping and redaction. The tests that make calls run against a local emulator
// (test/emulators/alibaba.ts) that verifies signatures as the service does; the rest are pure.
import PopCore from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlibabaClient,
  backoffMs,
  MAX_TRIES,
  popFailure,
  resolveCredentials,
  withRetry,
} from '../../../src/cloud/alibaba/client.js';
import { endpointFor } from '../../../src/cloud/alibaba/endpoints.js';
import { CallFailure, classifyCode, redact } from '../../../src/cloud/alibaba/errors.js';
import type { AlibabaEmulator } from '../../emulators/alibaba.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, startEmulator } from './helpers.js';

describe('classifyCode', () => {
  it.each([
    ['Forbidden.RAM', 'denied'],
    ['Forbidden', 'denied'],
    ['NoPermission', 'denied'],
    ['ActionUnauthorized', 'denied'],
    ['AccessDenied', 'denied'],
    ['InvalidAccessKeyId.NotFound', 'credentials'],
    ['InvalidAccessKeyId', 'credentials'],
    ['SignatureDoesNotMatch', 'credentials'],
    ['Throttling.User', 'throttled'],
    ['Throttling.Api', 'throttled'],
    ['Throttling', 'throttled'],
    // A region error, although it starts with "Forbidden".
    ['Forbidden.RegionNotFound', 'unavailable'],
    ['RegionId.ApiNotSupported', 'unavailable'],
    ['InvalidRegionId', 'unavailable'],
    ['InternalError', 'error'],
    ['InvalidDBInstanceId.NotFound', 'error'],
  ])('%s is %s', (code, reason) => {
    expect(classifyCode(code)).toBe(reason);
  });
});

describe('redact', () => {
  it("removes what pop-core's GET error message carries: AccessKeyId, nonce and signature in the URL", () => {
    const message =
      'Specified signature is not matched with our calculation., URL: https://ecs.aliyuncs.com/?AccessKeyId=LTAI5tSecretKeyId&Action=DescribeRegions&SignatureNonce=abc&Signature=K2%2Bxyz%3D';
    expect(redact(message, ['LTAI5tSecretKeyId'])).toBe(
      'Specified signature is not matched with our calculation., URL: https://ecs.aliyuncs.com/',
    );
  });

  it('removes the string the server signed, ROA and OSS authorization values, OSS error details and the secrets themselves', () => {
    expect(
      redact(
        'SignatureDoesNotMatch: Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI5tSecretKeyId%26Action',
      ),
    ).toBe('SignatureDoesNotMatch: Specified signature is not matched with our calculation.');
    expect(redact('sent Authorization: acs LTAI5tSecretKeyId:K2xyz= and OSS LTAI5tSecretKeyId:abc=')).toBe(
      'sent Authorization: acs [redacted] and OSS [redacted]',
    );
    expect(
      redact(
        '<Code>SignatureDoesNotMatch</Code><OSSAccessKeyId>LTAI5tSecretKeyId</OSSAccessKeyId><StringToSign>GET\n\n</StringToSign>',
      ),
    ).toBe('<Code>SignatureDoesNotMatch</Code>');
    expect(redact('key LTAI5tSecretKeyId secret s3cr3t-value', ['LTAI5tSecretKeyId', 's3cr3t-value'])).toBe(
      'key [redacted] secret [redacted]',
    );
    expect(redact('AccessKeyId%3DLTAI5tSecretKeyId%26Signature%3Dabc')).toBe('AccessKeyId%3D[redacted]');
  });
});

describe('pop-core errors', () => {
  let emulator: AlibabaEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('pop-core itself puts the AccessKey id and the signature in its message; the CallFailure does not', async () => {
    const raw = new PopCore({
      endpoint: emulator.endpoints.ecs,
      apiVersion: '2014-05-26',
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: 'wrong-secret',
    });
    const error = await raw.request('DescribeRegions', {}, {}).catch((caught: unknown) => caught);
    expect(String((error as Error).message)).toContain(`AccessKeyId=${ACCESS_KEY_ID}`);
    const failure = popFailure(error, [ACCESS_KEY_ID, 'wrong-secret']);
    expect(failure).toMatchObject({
      reason: 'credentials',
      code: 'SignatureDoesNotMatch',
      message: 'SignatureDoesNotMatch: Specified signature is not matched with our calculation.',
    });
  });

  it('a wrong secret through the client is a credentials CallFailure, RPC and ROA alike', async () => {
    const client = new AlibabaClient(
      { accessKeyId: ACCESS_KEY_ID, accessKeySecret: 'wrong-secret' },
      { timeoutMs: 5000 },
    );
    await expect(
      client.rpc(emulator.endpoints.rds, '2014-08-15', 'DescribeDBInstances', { RegionId: 'cn-shanghai' }),
    ).rejects.toMatchObject({ reason: 'credentials', code: 'SignatureDoesNotMatch' });
    await expect(
      client.roaGet(
        emulator.endpoints.elasticsearch,
        '2017-06-13',
        '/openapi/instances',
        {},
        'elasticsearch.cn-shanghai.aliyuncs.com',
      ),
    ).rejects.toMatchObject({
      reason: 'credentials',
      message: 'SignatureDoesNotMatch: Specified signature is not matched with our calculation.',
    });
    client.close();
  });

  it('the right secret answers', async () => {
    const client = new AlibabaClient(
      { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
      { timeoutMs: 5000 },
    );
    await expect(client.rpc(emulator.endpoints.sts, '2015-04-01', 'GetCallerIdentity', {})).resolves.toMatchObject({
      AccountId: '1234567890123456',
    });
    client.close();
  });
});

describe('withRetry', () => {
  const throttled = () =>
    new CallFailure(
      'throttled',
      'Throttling.User: Request was denied due to user flow control.',
      'Throttling.User',
      true,
    );

  it('retries transient failures, at most four tries in all', async () => {
    let tries = 0;
    const answer = await withRetry(
      async () => {
        tries += 1;
        if (tries < MAX_TRIES) throw throttled();
        return 'ok';
      },
      { timeoutMs: 1000 },
      () => new CallFailure('error', 'unexpected'),
    );
    expect([answer, tries]).toEqual(['ok', 4]);

    tries = 0;
    const failure = await withRetry(
      async () => {
        tries += 1;
        throw throttled();
      },
      { timeoutMs: 1000 },
      () => new CallFailure('error', 'unexpected'),
    ).catch((error: unknown) => error);
    expect(tries).toBe(4);
    expect(failure).toMatchObject({
      reason: 'throttled',
      message: 'Throttling.User: Request was denied due to user flow control. (after 4 tries)',
    });
  });

  it('does not retry what is not transient', async () => {
    let tries = 0;
    await expect(
      withRetry(
        async () => {
          tries += 1;
          throw new CallFailure('denied', 'Forbidden.RAM: no', 'Forbidden.RAM');
        },
        { timeoutMs: 1000 },
        () => new CallFailure('error', 'unexpected'),
      ),
    ).rejects.toMatchObject({ reason: 'denied' });
    expect(tries).toBe(1);
  });

  it('stops waiting between tries as soon as the signal aborts, with its reason', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stopped')), 20);
    await expect(
      withRetry(
        async () => {
          throw throttled();
        },
        { timeoutMs: 1000, signal: controller.signal },
        () => new CallFailure('error', 'unexpected'),
      ),
    ).rejects.toThrow('stopped');
  });

  it('backs off exponentially with jitter', () => {
    expect([backoffMs(1, () => 0), backoffMs(1, () => 1)]).toEqual([50, 100]);
    expect([backoffMs(3, () => 0), backoffMs(3, () => 1)]).toEqual([200, 400]);
  });
});

describe('endpoints and credentials', () => {
  const publicAccount = { name: 'a', regions: [], endpoints: {} };

  it('public endpoints follow the SDK maps', () => {
    expect(endpointFor(publicAccount, 'rds', 'cn-hangzhou')).toBe('https://rds.aliyuncs.com');
    expect(endpointFor(publicAccount, 'rds', 'ap-northeast-1')).toBe('https://rds.ap-northeast-1.aliyuncs.com');
    expect(endpointFor(publicAccount, 'dds', 'cn-hongkong')).toBe('https://mongodb.cn-hongkong.aliyuncs.com');
    expect(endpointFor(publicAccount, 'elasticsearch', 'cn-shanghai')).toBe(
      'https://elasticsearch.cn-shanghai.aliyuncs.com',
    );
    expect(
      endpointFor(publicAccount, 'ecs', 'cn-shanghai', new Map([['cn-shanghai', 'ecs.cn-shanghai.aliyuncs.com']])),
    ).toBe('https://ecs.cn-shanghai.aliyuncs.com');
    expect(endpointFor(publicAccount, 'ecs')).toBe('https://ecs.aliyuncs.com');
  });

  it('an override wins for every region; with overrides, a product without one is refused', () => {
    const account = { name: 'a', regions: [], endpoints: { ecs: 'http://127.0.0.1:8080/' } };
    expect(endpointFor(account, 'ecs', 'cn-shanghai')).toBe('http://127.0.0.1:8080');
    expect(() => endpointFor(account, 'rds', 'cn-shanghai')).toThrow(CallFailure);
  });

  it('credentials: injected first, else the environment, never anything else', () => {
    expect(resolveCredentials({ accessKeyId: 'id', secretAccessKey: 'secret', sessionToken: 'token' }, {})).toEqual({
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      securityToken: 'token',
    });
    expect(
      resolveCredentials(undefined, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' }),
    ).toEqual({ accessKeyId: 'id', accessKeySecret: 'secret' });
    expect(resolveCredentials(undefined, {})).toBeUndefined();
  });
});
