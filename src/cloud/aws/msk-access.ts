// What an MSK cluster's public access looks like, without the SDK: the Terraform plan mapper reads
// the same switch as the live collector (src/cloud/aws/msk.ts), and plans must not load a cloud SDK.

/** ConnectivityInfo.PublicAccess.Type of a public cluster ("DISABLED" otherwise). */
export const MSK_PUBLIC_ACCESS = 'SERVICE_PROVIDED_EIPS';

/** host:port pairs of a bootstrap broker string ("b-1-public.x.kafka.eu-west-1.amazonaws.com:9196,b-2-public…:9196"). */
export function brokerEndpoints(list: string | undefined): { host: string; port: number }[] {
  return (list ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .flatMap((entry) => {
      const match = /^(.+):(\d{1,5})$/.exec(entry);
      const port = match ? Number(match[2]) : NaN;
      return match && port > 0 && port < 65536 ? [{ host: match[1]!.toLowerCase(), port }] : [];
    });
}
