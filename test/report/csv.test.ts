import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../src/report/csv.js';
import { hostileFinding, reportWith } from './fixtures.js';

/** An RFC 4180 reader: CRLF records, quoted fields with doubled quotes. Throws on anything it does not accept. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let at = 0;
  while (at < text.length) {
    let field = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote === -1) throw new Error('unterminated quoted field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] === '"') {
          field += '"';
          at++;
        } else break;
      }
    } else {
      while (at < text.length && text[at] !== ',' && text[at] !== '\r') {
        if (text[at] === '"' || text[at] === '\n') throw new Error(`bare ${JSON.stringify(text[at])} at ${at}`);
        field += text[at++];
      }
    }
    row.push(field);
    if (text[at] === ',') at++;
    else if (text.startsWith('\r\n', at)) {
      rows.push(row);
      row = [];
      at += 2;
    } else throw new Error(`expected , or CRLF at ${at}`);
  }
  if (row.length > 0) throw new Error('last record without CRLF');
  return rows;
}

const records = (text: string) => {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...CSV_COLUMNS]);
  for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  return rows.map((row) => Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, row[index]!])));
};

describe('CSV', () => {
  it('has one row per finding with every column', () => {
    const [row] = records(renderCsv(reportWith([hostileFinding])));
    expect(row).toEqual({
      id: hostileFinding.id,
      ruleId: 'elasticsearch-unauthenticated',
      severity: 'critical',
      score: '9.5',
      confidence: 'confirmed',
      product: 'elasticsearch',
      version: '7.17.27',
      place: '192.0.2.10:9200',
      host: '192.0.2.10',
      port: '9200',
      provider: '',
      account: '',
      region: '',
      resourceType: '',
      resourceId: '',
      title: hostileFinding.title,
      message: hostileFinding.message,
      // Before: no remediation column, so a spreadsheet of findings said nothing about the fix.
      remediation: hostileFinding.remediation,
      firstReference: hostileFinding.references[0],
      kind: 'finding',
    });
  });

  it('lists what was not checked after the findings, as the other formats do: unreached targets, cloud reads, an interruption', () => {
    const report = reportWith([hostileFinding], true);
    const withGaps = {
      ...report,
      coverage: [
        {
          kind: 'target' as const,
          target: 'nosuchhost.invalid',
          endpoints: 37,
          failures: { dns: 37 },
          message: 'the name does not resolve (37 endpoints, none reached)',
        },
        {
          provider: 'aws' as const,
          account: '111122223333',
          region: 'eu-west-1',
          call: 'ec2:DescribeSecurityGroups',
          reason: 'denied' as const,
          message: '=HYPERLINK("x")',
        },
      ],
    };
    const rows = records(renderCsv(withGaps));
    // Before: one row, the finding; a typo in a target list left no trace in a spreadsheet.
    expect(rows.map((row) => [row.kind, row.place])).toEqual([
      ['finding', '192.0.2.10:9200'],
      ['not-checked', 'nosuchhost.invalid'],
      ['not-checked', 'aws/111122223333/eu-west-1 ec2:DescribeSecurityGroups'],
      ['not-checked', ''],
    ]);
    expect(rows[1]).toMatchObject({
      id: '',
      ruleId: '',
      severity: '',
      title: 'Target not reached: what it exposes is unknown, not safe',
      message: 'the name does not resolve (37 endpoints, none reached)',
    });
    expect(rows[2]).toMatchObject({
      provider: 'aws',
      account: '111122223333',
      region: 'eu-west-1',
      title: 'Cloud read not made (denied): what it would show is unknown, not safe',
      message: `'=HYPERLINK("x")`,
    });
    expect(rows[3]).toMatchObject({ title: 'Scan interrupted: the report is partial' });
  });

  it('round-trips commas, quotes and newlines a server sent', () => {
    const nasty = 'a, "quoted"\r\nnext line\nand, more ""';
    const finding: Finding = {
      ...hostileFinding,
      version: nasty,
      message: '<script>alert(1)</script>| injected\n# heading',
    };
    const text = renderCsv(reportWith([finding, hostileFinding]));
    const rows = records(text);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.version).toBe(nasty);
    expect(rows[0]!.message).toBe(finding.message);
    expect(rows[1]!.version).toBe('7.17.27');
  });

  it('neutralises spreadsheet formulas in every cell', () => {
    const formulas = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    for (const formula of formulas) {
      const [row] = records(renderCsv(reportWith([{ ...hostileFinding, product: formula, title: formula }])));
      expect(row!.product).toBe(`'${formula}`);
      expect(row!.title).toBe(`'${formula}`);
    }
    expect(csvCell('safe = text')).toBe('safe = text');
    expect(csvCell("'already")).toBe("'already");
  });

  it('carries the cloud resource of a cloud finding', () => {
    const cloud: Finding = {
      ...hostileFinding,
      target: undefined,
      resource: {
        provider: 'alibaba',
        account: '1234567890',
        region: 'cn-hangzhou',
        type: 'elasticsearch:instance',
        id: 'es-cn-abc',
        name: '=cmd|calc',
      },
    };
    const [row] = records(renderCsv(reportWith([cloud])));
    expect(row).toMatchObject({
      place: 'alibaba/1234567890/cn-hangzhou elasticsearch:instance es-cn-abc (=cmd|calc)',
      host: '',
      port: '',
      provider: 'alibaba',
      account: '1234567890',
      region: 'cn-hangzhou',
      resourceType: 'elasticsearch:instance',
      resourceId: 'es-cn-abc',
    });
  });

  it('zero findings still give a header row', () => {
    const text = renderCsv(reportWith([]));
    expect(text).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(records(text)).toEqual([]);
  });
});
