// Who the credentials belong to: sts:GetCallerIdentity needs no permission, so it is also the
// cheapest proof that the keys work at all.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GLOBAL, type AwsSession, type Read } from './session.js';

export async function readAccountId(session: AwsSession): Promise<Read<string>> {
  const client = session.sdkClient('sts', session.homeRegion, STSClient);
  const read = await session.read('sts:GetCallerIdentity', GLOBAL, async (abortSignal) => {
    const identity = await client.send(new GetCallerIdentityCommand({}), { abortSignal });
    if (!identity.Account)
      throw Object.assign(new Error('GetCallerIdentity answered without an account id'), { name: 'MissingAccount' });
    return identity.Account;
  });
  if (read.ok) {
    session.accountId = read.value;
    session.credentialsVerified = true;
  }
  return read;
}
