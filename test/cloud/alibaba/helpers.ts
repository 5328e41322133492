// Shared set-up for the Alibaba collector tests: an emulator (test/emulators/alibaba.ts, which
// verifies every signature as the service does) holding the emulated account, and an account
// configuration that points every product at it. No test reads real credentials or reaches a
// real cloud: every product has a loopback override and credentials are passed in.
import type { AlibabaAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import type { ResourceRef } from '../../../src/cloud/inventory.js';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../emulators/alibaba.js';
import { ACCOUNT_ID, emulatedAccount } from '../../emulators/alibaba-account.js';

export const ACCESS_KEY_ID = 'LTAI5tEmulatorKey0001';
export const ACCESS_KEY_SECRET = 'emulator-secret-0001';

export function startEmulator(): Promise<AlibabaEmulator> {
  return startAlibabaEmulator({ account: emulatedAccount(), keys: { [ACCESS_KEY_ID]: ACCESS_KEY_SECRET } });
}

export function accountFor(
  emulator: AlibabaEmulator,
  regions: readonly string[] = ['cn-shanghai', 'cn-hangzhou'],
): AlibabaAccount {
  return { name: 'test-account', regions, endpoints: { ...emulator.endpoints } };
}

export function options(overrides: Partial<CollectOptions> = {}): CollectOptions {
  return {
    timeoutMs: 5000,
    concurrency: 2,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: ACCESS_KEY_SECRET },
    ...overrides,
  };
}

export function ref(region: string, type: string, id: string, name?: string): ResourceRef {
  return { provider: 'alibaba', account: ACCOUNT_ID, region, type, id, ...(name ? { name } : {}) };
}
