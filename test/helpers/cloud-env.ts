// The environment of a CLI child scanning the cloud emulators: the emulators' keys, and nothing
// through which an SDK could find real credentials or a real cloud (no shared config files, no
// instance metadata service, a throwaway HOME).
import { join } from 'node:path';

export function emulatedCloudEnv(
  home: string,
  keys: { readonly alibaba: { readonly id: string; readonly secret: string }; readonly aws: { readonly accessKeyId: string; readonly secretAccessKey: string } },
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    ALIBABA_CLOUD_ACCESS_KEY_ID: keys.alibaba.id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.alibaba.secret,
    AWS_ACCESS_KEY_ID: keys.aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.aws.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
  };
}
