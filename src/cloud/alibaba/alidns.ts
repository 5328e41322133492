// Alibaba Cloud DNS (Alidns 2015-01-09): the account's public domains and their address records,
// read so that a finding on a load balancer or a public address names what people type.
//   DescribeDomains        PageNumber/PageSize (≤ 100), TotalCount, Domains.Domain[] {DomainId, DomainName}
//   DescribeDomainRecords  DomainName, PageNumber/PageSize (≤ 500), TotalCount,
//                          DomainRecords.Record[] {RR, Type, Value, Status ENABLE | DISABLE}
// (aliyun/alibaba-cloud-sdk-go services/alidns response structs, snapshot 8666508d.) Alidns zones
// are public by nature (private zones are another product, PrivateZone, not read). Disabled
// records do not resolve and are skipped; wildcard records are skipped too: exposcan never
// expands them into names to try. The service is global: its gaps are labelled `global`.
import type { DnsRecord, DnsZone } from '../inventory.js';
import type { Json } from './client.js';
import { int, list, text } from './json.js';
import { allNumberedPages, GLOBAL, type Session } from './session.js';

const DOMAIN_PAGE = 100;
const RECORD_PAGE = 500;

const name = (value: string) => value.trim().replace(/\.$/, '').toLowerCase();

/** One Alidns record as a DnsRecord: `@` is the domain itself; wildcards, disabled records and other types are none. */
function normalizeAlidnsRecord(domain: string, record: Json): DnsRecord | undefined {
  const rr = (text(record, 'RR') ?? '').trim();
  const type = text(record, 'Type')?.toUpperCase();
  const value = text(record, 'Value');
  if (!rr || rr.includes('*') || !value || text(record, 'Status')?.toUpperCase() === 'DISABLE') return undefined;
  if (type !== 'A' && type !== 'AAAA' && type !== 'CNAME') return undefined;
  return {
    name: rr === '@' ? name(domain) : name(`${rr}.${domain}`),
    type,
    values: [type === 'CNAME' ? name(value) : value.trim()],
  };
}

function normalizeDomain(domain: Json, records: readonly DnsRecord[], account: string, probeNames: boolean): DnsZone {
  const domainName = name(text(domain, 'DomainName') ?? '');
  return {
    kind: 'dns-zone',
    ref: {
      provider: 'alibaba',
      account,
      region: GLOBAL,
      type: 'alidns:domain',
      id: text(domain, 'DomainId') ?? domainName,
      name: domainName,
    },
    public: true,
    probeNames,
    records,
  };
}

export async function collectDomains(session: Session): Promise<DnsZone[]> {
  const domains = await session.attempt(GLOBAL, session.call('alidns', 'DescribeDomains'), () =>
    allNumberedPages(
      (pageNumber) =>
        session.rpc('alidns', undefined, 'DescribeDomains', { PageNumber: pageNumber, PageSize: DOMAIN_PAGE }),
      (page) => list(page, 'Domains', 'Domain'),
      (page) => int(page, 'TotalCount'),
      DOMAIN_PAGE,
    ),
  );
  const probeNames = session.account.probeNames === true;
  const zones = await session.mapLimit(domains ?? [], async (domain) => {
    const domainName = text(domain, 'DomainName');
    if (!domainName) return undefined;
    const records = await session.attempt(
      GLOBAL,
      session.call('alidns', 'DescribeDomainRecords'),
      () =>
        allNumberedPages(
          (pageNumber) =>
            session.rpc('alidns', undefined, 'DescribeDomainRecords', {
              DomainName: domainName,
              PageNumber: pageNumber,
              PageSize: RECORD_PAGE,
            }),
          (page) => list(page, 'DomainRecords', 'Record'),
          (page) => int(page, 'TotalCount'),
          RECORD_PAGE,
        ),
      domainName,
      'its names tie no finding',
    );
    // Records unreadable: the gap says so; a zone without them would tie no name to anything.
    if (!records) return undefined;
    const normalized = records
      .map((record) => normalizeAlidnsRecord(domainName, record))
      .filter((record): record is DnsRecord => record !== undefined);
    return normalizeDomain(domain, normalized, session.accountLabel, probeNames);
  });
  return zones.filter((zone): zone is DnsZone => zone !== undefined);
}
