// A local stand-in for the AWS APIs exposcan reads, because nothing may reach a real AWS account
// (or IMDS) from a test. One node:http server per service, each on 127.0.0.1 with a kernel-chosen
// port, speaking the service's real wire protocol:
//   sts         awsQuery   POST / Action=GetCallerIdentity (form body), XML answers
//   ec2         ec2Query   POST / Action=DescribeRegions | DescribeSecurityGroups | DescribeInstances |
//                          DescribeNetworkInterfaces | GetManagedPrefixListEntries
//   rds         awsQuery   POST / Action=DescribeDBInstances (Marker pagination)
//   redshift    awsQuery   POST / Action=DescribeClusters (Marker pagination, <Cluster> members)
//   mq          restJson   GET /v1/brokers (maxResults / nextToken), GET /v1/brokers/{id}
//   kafka       restJson   GET /api/v2/clusters (maxResults / nextToken), GET /v1/clusters/{arn}/bootstrap-brokers
//   opensearch  restJson   GET /2021-01-01/domain, POST /2021-01-01/opensearch/domain-info
//   elbv2, elb, eks, route53: load balancers, EKS clusters and hosted zones (./aws-front-doors.ts)
//   s3          restXml    GET / (ListBuckets), GET /{bucket}?location|publicAccessBlock|policyStatus|acl|policy,
//                          GET /{bucket}?list-type=2 (signed, or anonymous: allowed only as S3 would)
//   s3control   restXml    GET /v20180820/configuration/publicAccessBlock (x-amz-account-id)
//   organizations awsJson1_1 ListAccounts; sts AssumeRole into members' roles (./aws-organizations.ts):
//                          requests signed with the temporary credentials must carry their session
//                          token (x-amz-security-token) and are answered from the member's account
// Every request but an anonymous S3 listing must carry a SigV4 signature that verifies exactly as
// AWS verifies it (./aws-sigv4.ts), for the service's signing name and a region the account has
// enabled; failures answer in the service's own error format (S3 <Error>, EC2 <Response><Errors>,
// query <ErrorResponse>, JSON x-amzn-ErrorType). Regions come from the credential scope, as on
// AWS where each regional endpoint serves one region. S3 bucket calls must be signed for the
// bucket's region (AuthorizationHeaderMalformed otherwise), except GetBucketLocation.
//
// Wire facts that could not be checked against a live account (see the report): an opt-in region
// that is not enabled is answered with the service's "unknown key" code; S3 Control errors are
// wrapped in <ErrorResponse>.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ec2Operation } from './aws-ec2.js';
import { assumeRoleOperation, organizationsOperation, type OrganizationContext } from './aws-organizations.js';
import { frontDoorOperation } from './aws-front-doors.js';
import type {
  AwsEmulator,
  AwsEmulatorOptions,
  EmulatedAccount,
  EmulatedBucket,
  EmulatedService,
  EmulatorRequest,
  IssuedCredentials,
} from './aws-model.js';
import { EMULATED_SERVICES } from './aws-model.js';
import { s3ControlOperation, s3Operation } from './aws-s3.js';
import {
  kafkaOperation,
  mqOperation,
  openSearchOperation,
  rdsOperation,
  redshiftOperation,
  stsOperation,
} from './aws-services.js';
import { verifySigV4 } from './aws-sigv4.js';
import {
  authError,
  denied,
  errorReply,
  FAMILY,
  matches,
  QUERY_VERSION,
  regionDisabled,
  ServiceError,
  SIGNING_NAME,
  throttled,
  type Caller,
  type Operation,
  type Reply,
} from './aws-wire.js';

export * from './aws-model.js';

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) out.push([raw[index]!, raw[index + 1]!]);
  return out;
}

export async function startAwsEmulator(options: AwsEmulatorOptions): Promise<AwsEmulator> {
  const pageSize = options.pageSize ?? 2;
  const requests: EmulatorRequest[] = [];
  const keys = new Map<string, { account: EmulatedAccount; secretAccessKey: string; sessionToken?: string }>();
  const buckets = new Map<string, { bucket: EmulatedBucket; owner: EmulatedAccount }>();
  for (const account of options.accounts) {
    for (const key of account.keys) keys.set(key.accessKeyId, { account, ...key });
    for (const bucket of account.buckets) buckets.set(bucket.name, { bucket, owner: account });
  }
  const issued: IssuedCredentials[] = [];
  const organization: OrganizationContext = {
    accounts: new Map(options.accounts.map((account) => [account.accountId, account])),
    ...(options.organization ? { managementAccountId: options.organization.managementAccountId } : {}),
    pageSize,
    issue(credentials, account) {
      issued.push(credentials);
      keys.set(credentials.accessKeyId, {
        account,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
      });
    },
  };

  const operationFor = async (
    service: EmulatedService,
    request: http.IncomingMessage,
    body: Buffer,
  ): Promise<Operation | undefined> => {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const method = request.method ?? 'GET';
    if (service === 's3') return s3Operation(method, url.pathname, url.searchParams, buckets);
    if (service === 's3control') return s3ControlOperation(method, url.pathname, request.headers);
    if (service === 'opensearch') return openSearchOperation(method, url.pathname, body);
    if (service === 'mq') return mqOperation(method, url, pageSize);
    if (service === 'kafka') return kafkaOperation(method, url, pageSize);
    if (service === 'organizations')
      return organizationsOperation(
        method,
        url.pathname,
        request.headers['x-amz-target'] as string | undefined,
        body,
        organization,
      );
    const frontDoor = frontDoorOperation(service, method, url, body, pageSize);
    if (frontDoor !== 'not-mine') return frontDoor;
    if (method !== 'POST' || url.pathname !== '/') return undefined;
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    if (params.get('Version') !== QUERY_VERSION[service]) return undefined;
    if (service === 'sts')
      return action === 'AssumeRole' ? assumeRoleOperation(params, organization) : stsOperation(action);
    if (service === 'rds') return rdsOperation(action, params, pageSize);
    if (service === 'redshift') return redshiftOperation(action, params, pageSize);
    return ec2Operation(action, params, pageSize);
  };

  const handle = async (service: EmulatedService, request: http.IncomingMessage, response: http.ServerResponse) => {
    const body = await readBody(request);
    const target = request.url ?? '/';
    let log: Omit<EmulatorRequest, 'status' | 'code'> = {
      service,
      action: `unknown ${request.method} ${target}`,
      anonymous: request.headers.authorization === undefined,
    };
    let reply: Reply;
    try {
      const operation = await operationFor(service, request, body);
      if (!operation) {
        throw FAMILY[service] === 's3' || FAMILY[service] === 's3control'
          ? new ServiceError(
              501,
              'NotImplemented',
              'A header you provided implies functionality that is not implemented',
            )
          : FAMILY[service] === 'json'
            ? new ServiceError(404, 'UnknownOperationException', 'Unknown operation')
            : new ServiceError(
                400,
                'InvalidAction',
                'The action or operation requested is invalid. Verify that the action is typed correctly.',
              );
      }
      log = { ...log, action: operation.action, ...(operation.resource ? { resource: operation.resource } : {}) };
      let caller: Caller | undefined;
      if (!(log.anonymous && operation.anonymous)) {
        const verification = verifySigV4(
          { method: request.method ?? 'GET', target, headers: pairs(request.rawHeaders), body },
          {
            service: SIGNING_NAME[service],
            s3: FAMILY[service] === 's3' || FAMILY[service] === 's3control',
            now: new Date(),
            keys: (id) => keys.get(id),
          },
        );
        if (!verification.ok) {
          if (verification.region) log = { ...log, region: verification.region };
          throw authError(service, verification.kind, verification.message, verification);
        }
        const account = keys.get(verification.accessKeyId)!.account;
        caller = { account, region: verification.region };
        log = { ...log, region: verification.region };
        if (account.regions[verification.region]?.enabled === false) throw regionDisabled(service);
        if (operation.requiredRegion && operation.requiredRegion !== verification.region) {
          throw new ServiceError(
            400,
            'AuthorizationHeaderMalformed',
            `The authorization header is malformed; the region '${verification.region}' is wrong; expecting '${operation.requiredRegion}'`,
            { Region: operation.requiredRegion },
          );
        }
        if (
          matches(
            options.deny,
            operation.action,
            verification.region,
            operation.resource?.replace(/^arn:aws:s3:::/, ''),
          )
        )
          throw denied(service, account, operation.action, verification.region, operation.resource);
      }
      const resource = operation.resource?.replace(/^arn:aws:s3:::/, '');
      if (matches(options.throttle, operation.action, caller?.region, resource)) throw throttled(service);
      const delay = options.delay?.find((rule) => matches([rule], operation.action, caller?.region, resource));
      if (delay) {
        await new Promise((resolve) => setTimeout(resolve, delay.ms));
        if (response.destroyed) return;
      }
      reply = operation.run(caller);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      reply = errorReply(service, error);
    }
    requests.push({ ...log, status: reply.status, ...(reply.code ? { code: reply.code } : {}) });
    response.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
    response.end(reply.body);
  };

  const servers = await Promise.all(
    EMULATED_SERVICES.map(
      (service) =>
        new Promise<[EmulatedService, http.Server]>((resolve, reject) => {
          const server = http.createServer((request, response) => {
            handle(service, request, response).catch((error: unknown) => {
              response.writeHead(500, { 'content-type': 'text/plain' });
              response.end(String(error));
            });
          });
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve([service, server]));
        }),
    ),
  );
  const endpoints = Object.fromEntries(
    servers.map(([service, server]) => [service, `http://127.0.0.1:${(server.address() as AddressInfo).port}`]),
  ) as Record<EmulatedService, string>;
  return {
    endpoints,
    requests,
    issued,
    async close() {
      await Promise.all(
        servers.map(
          ([, server]) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
