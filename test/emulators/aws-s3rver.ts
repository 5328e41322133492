// A real S3 implementation for the unsigned-listing probe: s3rver 3.7.1 (npm), started in-process
// on 127.0.0.1 with a kernel-chosen port and a temporary directory. s3rver has no ACLs: any
// bucket lists anonymously (verified in its lib/controllers/bucket.js; research note
// cloud-anchors.md §8.1). Objects are uploaded with the SDK, signed with s3rver's fixed keys.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

interface S3rverOptions {
  readonly address: string;
  readonly port: number;
  readonly silent: boolean;
  readonly directory: string;
  readonly configureBuckets: readonly { readonly name: string }[];
}

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

// s3rver ships CommonJS without type declarations.
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: S3rverOptions) => S3rverInstance;

/** s3rver's built-in credentials (README: "S3RVER" / "S3RVER"). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface RunningS3rver {
  readonly endpoint: URL;
  close(): Promise<void>;
}

export async function startS3rver(
  buckets: readonly { readonly name: string; readonly objects: Readonly<Record<string, string>> }[],
): Promise<RunningS3rver> {
  const directory = await mkdtemp(path.join(tmpdir(), 'exposcan-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map(({ name }) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = new URL(`http://127.0.0.1:${port}/`);
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: endpoint.href,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  try {
    for (const bucket of buckets) {
      for (const [key, body] of Object.entries(bucket.objects))
        await client.send(new PutObjectCommand({ Bucket: bucket.name, Key: key, Body: body }));
    }
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
