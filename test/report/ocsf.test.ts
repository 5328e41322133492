// --format ocsf: every line is one OCSF 1.5.0 Detection Finding that validates against the class's
// JSON Schema, compiled from github.com/ocsf/ocsf-schema tag 1.5.0 by scripts/compile-ocsf-schema.ts
// and recorded in test/fixtures/ocsf/ (a recorded copy of the published schema, not a live fetch).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { renderOcsf } from '../../src/report/ocsf.js';
import type { Report } from '../../src/report/report.js';
import { cloudFinding, hostileFinding, reportWith } from './fixtures.js';

const schema = JSON.parse(
  readFileSync(new URL('../fixtures/ocsf/detection_finding-1.5.0.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

const lines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, any>);

describe('renderOcsf', () => {
  it('writes one Detection Finding (class 2004, Create) per finding, each valid against the pinned OCSF 1.5.0 schema', () => {
    const text = renderOcsf(reportWith([hostileFinding, cloudFinding]));
    expect(text.endsWith('\n')).toBe(true);
    const events = lines(text);
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
      expect(event).toMatchObject({
        class_uid: 2004,
        category_uid: 2,
        activity_id: 1,
        type_uid: 200401,
        metadata: { version: '1.5.0', product: { name: 'exposcan' } },
      });
    }
    expect(events[0]).toMatchObject({
      severity_id: 5,
      confidence_id: 3,
      finding_info: { uid: hostileFinding.id, types: ['elasticsearch-unauthenticated'] },
      evidences: [{ dst_endpoint: { ip: '192.0.2.10', port: 9200 } }],
    });
    expect(events[1]).toMatchObject({
      severity_id: 4,
      status_detail: 'new',
      resources: [
        {
          uid: 'sg-0123456789abcdef0',
          type: 'ec2:security-group',
          labels: ['provider:aws', 'account:123456789012', 'region:eu-west-1'],
        },
      ],
    });
    expect(events[1]!['finding_info'].first_seen_time).toBe(Date.parse('2026-11-20T10:00:00Z'));
  });

  it('writes a fixed finding as a Close event (Resolved), also valid', () => {
    const base = reportWith([]);
    const report: Report = {
      ...base,
      history: {
        file: 'h.db',
        fixed: [
          {
            id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
            ruleId: 'redis-unauthenticated',
            place: '192.0.2.11:6379',
            severity: 'critical',
            firstSeen: '2026-11-01T00:00:00Z',
            lastSeen: '2026-11-24T00:00:00Z',
          },
        ],
      },
    };
    const [event, ...rest] = lines(renderOcsf(report));
    expect(rest).toHaveLength(0);
    expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    expect(event).toMatchObject({
      activity_id: 3,
      type_uid: 200403,
      status_id: 4,
      status: 'Resolved',
      finding_info: { uid: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
    });
  });

  it('writes nothing for a report with no findings (an empty file, not an empty event)', () => {
    expect(renderOcsf(reportWith([]))).toBe('');
  });

  it('the schema is strict enough to catch a wrong event: no finding_info uid, an unknown attribute, a wrong class', () => {
    const [event] = lines(renderOcsf(reportWith([hostileFinding])));
    expect(validate({ ...event, finding_info: { title: 'x' } })).toBe(false);
    expect(validate({ ...event, invented: 1 })).toBe(false);
    expect(validate({ ...event, class_uid: 2001 })).toBe(false);
    expect(validate({ ...event, severity_id: 7 })).toBe(false);
    const { metadata: _metadata, ...noMetadata } = event!;
    expect(validate(noMetadata)).toBe(false);
  });

  it('keeps hostile server text as data: one line per event, no raw C1, bidi or line separator', () => {
    const hostile: Finding = {
      ...hostileFinding,
      message: 'a\u2028b\u202ec\u009bd\ne\u0000f',
      evidence: { banner: '\u001b[31mred\u2029' },
    };
    const text = renderOcsf(reportWith([hostile]));
    expect(text.split('\n')).toHaveLength(2);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    const [event] = lines(text);
    expect(event!['finding_info'].desc).toBe(hostile.message);
    expect(validate(event)).toBe(true);
  });
});
