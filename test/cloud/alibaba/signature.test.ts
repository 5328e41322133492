// Signatures. These tests run against a local emulator (test/emulators/alibaba.ts) that verifies
// RPC, ROA and OSS signatures as the service does; its verifier is checked here against
// Alibaba's official RPC example, then against what pop-core and exposcan's OSS signer send.
import http from 'node:http';
import PopCore from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlibabaClient } from '../../../src/cloud/alibaba/client.js';
import { CallFailure } from '../../../src/cloud/alibaba/errors.js';
import { ossGet, ossStringToSign } from '../../../src/cloud/alibaba/oss-client.js';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../emulators/alibaba.js';
import { emulatedAccount } from '../../emulators/alibaba-account.js';
import {
  ossCanonicalResource,
  ossStringToSign as serviceOssStringToSign,
  rpcSignature,
  rpcStringToSign,
  verifyRpcSignature,
} from '../../emulators/alibaba-signature.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, startEmulator } from './helpers.js';

// "API 签名机制(示例)" (developer.aliyun.com/ask/210168): AK testid, secret testsecret.
const OFFICIAL_EXAMPLE = {
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  Format: 'XML',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  SignatureVersion: '1.0',
  TimeStamp: '2016-02-23T12:46:24Z',
  Version: '2014-05-26',
  Signature: 'CT9X0VtwR86fNWSnsc6v8YGOjuE=',
};

describe("the emulator's RPC verifier", () => {
  it('accepts the official example, rebuilding the documented string to sign', () => {
    expect(rpcStringToSign('GET', OFFICIAL_EXAMPLE)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(verifyRpcSignature('GET', OFFICIAL_EXAMPLE, 'testsecret').valid).toBe(true);
  });

  it('rejects the example tampered with: another action, another method, another secret, another signature', () => {
    expect(verifyRpcSignature('GET', { ...OFFICIAL_EXAMPLE, Action: 'DescribeInstances' }, 'testsecret').valid).toBe(
      false,
    );
    expect(verifyRpcSignature('POST', OFFICIAL_EXAMPLE, 'testsecret').valid).toBe(false);
    expect(verifyRpcSignature('GET', OFFICIAL_EXAMPLE, 'testsecret2').valid).toBe(false);
    expect(
      verifyRpcSignature('GET', { ...OFFICIAL_EXAMPLE, Signature: 'CT9X0VtwR86fNWSnsc6v8YGOjuF=' }, 'testsecret').valid,
    ).toBe(false);
    expect(verifyRpcSignature('GET', { ...OFFICIAL_EXAMPLE, Extra: '1' }, 'testsecret').valid).toBe(false);
  });
});

function send(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method, headers: init.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

function signedForm(params: Record<string, string>, secret = ACCESS_KEY_SECRET): string {
  const signature = rpcSignature(secret, rpcStringToSign('POST', params));
  return new URLSearchParams({ ...params, Signature: signature }).toString();
}

const commonParams = () => ({
  AccessKeyId: ACCESS_KEY_ID,
  Action: 'DescribeRegions',
  Format: 'JSON',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: `nonce-${Math.random()}`,
  SignatureVersion: '1.0',
  Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  Version: '2014-05-26',
});

describe('the emulator over HTTP', () => {
  let emulator: AlibabaEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('accepts what pop-core signs, POST form and GET query alike', async () => {
    const client = new PopCore({
      endpoint: emulator.endpoints.ecs,
      apiVersion: '2014-05-26',
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
    });
    const posted = await client.request<{ Regions: { Region: unknown[] } }>('DescribeRegions', {}, { method: 'POST' });
    const got = await client.request<{ Regions: { Region: unknown[] } }>(
      'DescribeRegions',
      { AcceptLanguage: 'zh-CN (简体中文) *!' },
      {},
    );
    expect(posted.Regions.Region).toHaveLength(2);
    expect(got.Regions.Region).toHaveLength(2);
  });

  it('rejects a tampered request with the service error shape, and a replayed nonce', async () => {
    const params = commonParams();
    const form = signedForm(params);
    const ok = await send(`${emulator.endpoints.ecs}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(ok.status).toBe(200);

    const replayed = await send(`${emulator.endpoints.ecs}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect([replayed.status, JSON.parse(replayed.body).Code]).toEqual([400, 'SignatureNonceUsed']);

    const tampered = signedForm(commonParams()).replace('Action=DescribeRegions', 'Action=DescribeInstances');
    const rejected = await send(`${emulator.endpoints.ecs}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: tampered,
    });
    const body = JSON.parse(rejected.body);
    expect(rejected.status).toBe(400);
    expect(rejected.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(body).toMatchObject({
      Code: 'SignatureDoesNotMatch',
      HostId: 'ecs.aliyuncs.com',
      Message: expect.stringMatching(
        /^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3D/,
      ),
    });
  });

  it('rejects a request signed with another secret, an unknown key and a stale timestamp', async () => {
    const post = (body: string) =>
      send(`${emulator.endpoints.ecs}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const codeOf = async (body: string) => {
      const answer = await post(body);
      return [answer.status, JSON.parse(answer.body).Code];
    };
    expect(await codeOf(signedForm(commonParams(), 'another-secret'))).toEqual([400, 'SignatureDoesNotMatch']);
    expect(await codeOf(signedForm({ ...commonParams(), AccessKeyId: 'LTAI5tUnknown' }))).toEqual([
      404,
      'InvalidAccessKeyId.NotFound',
    ]);
    expect(await codeOf(signedForm({ ...commonParams(), Timestamp: '2016-02-23T12:46:24Z' }))).toEqual([
      400,
      'InvalidTimeStamp.Expired',
    ]);
  });

  it('accepts what pop-core signs for ROA, and rejects it signed with another secret', async () => {
    const ROAClient = (
      PopCore as unknown as {
        ROAClient: new (config: object) => {
          request(
            method: string,
            path: string,
            query: object,
            body: string,
            headers: object,
          ): Promise<{ Result: { instanceId: string } }>;
        };
      }
    ).ROAClient;
    const config = { endpoint: emulator.endpoints.elasticsearch, apiVersion: '2017-06-13', accessKeyId: ACCESS_KEY_ID };
    const good = new ROAClient({ ...config, accessKeySecret: ACCESS_KEY_SECRET });
    const answer = await good.request('GET', '/openapi/instances/es-cn-2022open', { lang: 'en zh' }, '', {
      host: 'elasticsearch.cn-shanghai.aliyuncs.com',
    });
    expect(answer.Result.instanceId).toBe('es-cn-2022open');
    const bad = new ROAClient({ ...config, accessKeySecret: 'another-secret' });
    await expect(
      bad.request('GET', '/openapi/instances', {}, '', { host: 'elasticsearch.cn-shanghai.aliyuncs.com' }),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
  });

  it("exposcan's OSS V1 signature is the service's, and a wrong secret gets the OSS error XML", async () => {
    const headers = { date: 'Mon, 19 Feb 2024 08:40:17 GMT', 'x-oss-security-token': ' token ' };
    expect(ossStringToSign('GET', headers, '/acme-private-logs/?acl')).toBe(
      serviceOssStringToSign('GET', headers, ossCanonicalResource('acme-private-logs', '', { acl: '' })),
    );
    // Listing parameters are not signed; sub-resources are.
    expect(ossCanonicalResource(undefined, '', { marker: 'b', 'max-keys': '1000' })).toBe('/');

    const settings = { timeoutMs: 5000 };
    const client = new AlibabaClient({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET }, settings);
    const bucketHost = 'acme-private-logs.oss-cn-shanghai.aliyuncs.com';
    expect(
      await ossGet(client, {
        base: emulator.endpoints.oss,
        host: bucketHost,
        bucket: 'acme-private-logs',
        subresource: 'acl',
      }),
    ).toContain('<Grant>private</Grant>');
    expect(await ossGet(client, { base: emulator.endpoints.oss, query: { 'max-keys': '2' } })).toContain(
      '<IsTruncated>true</IsTruncated>',
    );

    const raw = await send(`${emulator.endpoints.oss}/?acl`, {
      method: 'GET',
      headers: {
        host: bucketHost,
        date: new Date().toUTCString(),
        authorization: `OSS ${ACCESS_KEY_ID}:bm90IHRoZSBzaWduYXR1cmU=`,
      },
    });
    expect(raw.status).toBe(403);
    expect(raw.body).toMatch(
      /<Error>[\s\S]*<Code>SignatureDoesNotMatch<\/Code>[\s\S]*<RequestId>[\s\S]*<HostId>acme-private-logs\.oss-cn-shanghai\.aliyuncs\.com<\/HostId>[\s\S]*<StringToSign>GET\n\n\n/,
    );

    const wrong = new AlibabaClient({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: 'another-secret' }, settings);
    const failure = await ossGet(wrong, {
      base: emulator.endpoints.oss,
      host: bucketHost,
      bucket: 'acme-private-logs',
      subresource: 'acl',
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CallFailure);
    expect(failure).toMatchObject({
      reason: 'credentials',
      code: 'SignatureDoesNotMatch',
      message:
        'SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    });
    client.close();
    wrong.close();
  });

  it('honours its clock: requests from another time are refused', async () => {
    const past = await startAlibabaEmulator({
      account: emulatedAccount(),
      keys: { [ACCESS_KEY_ID]: ACCESS_KEY_SECRET },
      now: () => Date.parse('2016-02-23T12:46:24Z'),
    });
    try {
      const client = new PopCore({
        endpoint: past.endpoints.ecs,
        apiVersion: '2014-05-26',
        accessKeyId: ACCESS_KEY_ID,
        accessKeySecret: ACCESS_KEY_SECRET,
      });
      await expect(client.request('DescribeRegions', {}, { method: 'POST' })).rejects.toMatchObject({
        code: 'InvalidTimeStamp.Expired',
      });
    } finally {
      await past.close();
    }
  });
});
