// The environment of a CLI child scanning the cloud emulators: the emulators' keys, and nothing
// through which an SDK could find real credentials or a real cloud (no shared config files, no
// instance metadata service, a throwaway HOME).
import { join } from 'node:path';

export function emulatedCloudEnv(
  home: string,
  keys: {
    readonly alibaba: { readonly id: string; readonly secret: string };
    readonly aws: { readonly accessKeyId: string; readonly secretAccessKey: string };
  },
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

/**
 * Every host name and public address in an emulated account becomes a loopback address other than
 * 127.0.0.1 (where nothing listens), so implied endpoints are refused at once, on this machine.
 * CIDR blocks (followed by "/") are left alone: they are whitelist data, never connected to.
 * IPv6 becomes an IPv4-mapped loopback address, not ::1, where this machine's own services listen.
 */
export function toLoopback<T>(account: T): T {
  const text = JSON.stringify(account)
    .replace(/"[a-z0-9.-]+\.(aliyuncs|amazonaws)\.com"/g, '"127.0.0.9"')
    .replace(/"(?!10\.|127\.|0\.0\.0\.0|172\.16\.|192\.168\.)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})"/g, '"127.0.0.8"')
    .replace(/"2001:db8:[0-9a-f:]+"/g, '"::ffff:127.0.0.7"');
  return JSON.parse(text) as T;
}
