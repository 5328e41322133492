// Route 53 public hosted zones and their address records (A, AAAA, CNAME, alias), read so that a
// finding on a load balancer or a public address can name what people actually type. Private
// zones are listed but their records are not read: their names do not resolve on the internet.
// Wildcard records are skipped: exposcan never expands them into names to try.
import {
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type HostedZone,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import type { DnsRecord, DnsZone } from '../inventory.js';
import { GLOBAL, readAll, type AwsSession } from './session.js';

/** "Kibana.Example.com." → "kibana.example.com"; Route 53's octal escapes (\052 = "*") decoded. */
function dnsName(name: string): string {
  return name
    .replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))
    .replace(/\.$/, '')
    .toLowerCase();
}

/** Alias targets of ELBs are written "dualstack.name." or "name."; both mean the load balancer's DNS name. */
function aliasTarget(name: string): string {
  return dnsName(name).replace(/^dualstack\./, '');
}

function normalizeRecord(set: ResourceRecordSet): DnsRecord | undefined {
  const name = dnsName(set.Name ?? '');
  if (name === '' || name.startsWith('*')) return undefined;
  if (set.AliasTarget?.DNSName) return { name, type: 'ALIAS', values: [aliasTarget(set.AliasTarget.DNSName)] };
  if (set.Type !== 'A' && set.Type !== 'AAAA' && set.Type !== 'CNAME') return undefined;
  const values = (set.ResourceRecords ?? [])
    .map((record) => (set.Type === 'CNAME' ? dnsName(record.Value ?? '') : (record.Value ?? '').trim()))
    .filter(Boolean);
  return values.length > 0 ? { name, type: set.Type, values } : undefined;
}

function normalizeZone(zone: HostedZone, records: readonly DnsRecord[], account: string, probeNames: boolean): DnsZone {
  return {
    kind: 'dns-zone',
    ref: {
      provider: 'aws',
      account,
      region: GLOBAL,
      type: 'route53:hosted-zone',
      id: (zone.Id ?? '').replace(/^\/hostedzone\//, ''),
      name: dnsName(zone.Name ?? ''),
    },
    public: zone.Config?.PrivateZone !== true,
    probeNames,
    records,
  };
}

/** ListResourceRecordSets pages by (name, type, identifier): one opaque token for readAll. */
interface RecordCursor {
  readonly name: string;
  readonly type: string;
  readonly identifier?: string;
}

export async function collectHostedZones(session: AwsSession): Promise<DnsZone[]> {
  const route53 = session.sdkClient('route53', session.homeRegion, Route53Client);
  const zones = await readAll(
    session,
    'route53:ListHostedZones',
    GLOBAL,
    (token, abortSignal) => route53.send(new ListHostedZonesCommand(token ? { Marker: token } : {}), { abortSignal }),
    (page) => page.HostedZones,
    (page) => (page.IsTruncated ? page.NextMarker : undefined),
  );
  const probeNames = session.account.probeNames === true;
  const read = await Promise.all(
    (zones ?? []).map(async (zone): Promise<DnsZone[]> => {
      if (zone.Config?.PrivateZone === true) return [normalizeZone(zone, [], session.accountLabel, probeNames)];
      const sets = await readAll(
        session,
        'route53:ListResourceRecordSets',
        GLOBAL,
        (token, abortSignal) => {
          const cursor = token ? (JSON.parse(token) as RecordCursor) : undefined;
          return route53.send(
            new ListResourceRecordSetsCommand({
              HostedZoneId: zone.Id,
              ...(cursor
                ? {
                    StartRecordName: cursor.name,
                    StartRecordType: cursor.type as never,
                    ...(cursor.identifier ? { StartRecordIdentifier: cursor.identifier } : {}),
                  }
                : {}),
            }),
            { abortSignal },
          );
        },
        (page) => page.ResourceRecordSets,
        (page) =>
          page.IsTruncated && page.NextRecordName
            ? JSON.stringify({
                name: page.NextRecordName,
                type: page.NextRecordType ?? '',
                ...(page.NextRecordIdentifier ? { identifier: page.NextRecordIdentifier } : {}),
              } satisfies RecordCursor)
            : undefined,
        dnsName(zone.Name ?? ''),
      );
      // Records unreadable: the gap says so; a zone without them would tie no name to anything.
      if (!sets) return [];
      const records = sets.map(normalizeRecord).filter((record): record is DnsRecord => record !== undefined);
      return [normalizeZone(zone, records, session.accountLabel, probeNames)];
    }),
  );
  return read.flat();
}
