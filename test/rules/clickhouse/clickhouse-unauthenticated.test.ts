// Responses recorded from ClickHouse 18.16.1 (Debian 12 package) on this machine: whole HTTP
// responses read back with the engine's raw-response parser, and the native port's first packet
// read with the probe's own parser, with `default` open and with a password on it. The
// X-ClickHouse-* answer to `SELECT 1` is ClickHouse's HTTP documentation example (SOURCES.md).
// Real server: test/integration/clickhouse.test.ts.
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/clickhouse/clickhouse-unauthenticated.js';
import type { HttpResponse } from '../../../src/probes/http-observation.js';
import { parseRawResponse } from '../../../src/probes/http-raw.js';
import { clickhouseProbe, observationOf, parseServerReply } from '../../../src/probes/wire/clickhouse.js';
import type { ClickhouseObservation } from '../../../src/probes/observation.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { recorded, recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

function wire(path: string): HttpResponse {
  const parsed = parseRawResponse(recordedBytes(path), true, 1024 * 1024);
  if (parsed.state !== 'matched') throw new Error(`${path} is not one HTTP response`);
  return parsed.value;
}

function native(path: string): ClickhouseObservation {
  const parsed = parseServerReply(recordedBytes(path), true);
  if (parsed.state !== 'matched') throw new Error(`${path} is not a ClickHouse server packet`);
  return observationOf(parsed.value);
}

/** The documentation example is stored with LF line ends (SOURCES.md): back to CRLF for the parser. */
function fromDocs(path: string): HttpResponse {
  const text = recorded(path);
  const split = text.indexOf('\n\n');
  const crlf = `${text.slice(0, split).replace(/\n/g, '\r\n')}\r\n\r\n${text.slice(split + 2)}`;
  const parsed = parseRawResponse(Buffer.from(crlf, 'utf8'), true, 1024 * 1024);
  if (parsed.state !== 'matched') throw new Error(`${path} is not one HTTP response`);
  return parsed.value;
}

const QUERY = '/?query=SELECT%20version()';
const root = wire('clickhouse/http-root-18.16.1-debian.http');
const version = wire('clickhouse/http-select-version-18.16.1-debian.http');
const passwordRequired = wire('clickhouse/http-select-version-401-18.16.1-debian.http');
const at8123 = { host: '192.0.2.10', port: 8123 };
const at9000 = { host: '192.0.2.10', port: 9000 };

testRule(rule, {
  invalid: [
    {
      name: 'ClickHouse 18.16.1 (Debian) over HTTP: SELECT version() runs as default with no password',
      evidence: evidenceOf(httpObservation(root, { [QUERY]: version }), at8123),
      findings: [
        {
          product: 'clickhouse',
          version: '18.16.1',
          confidence: 'confirmed',
          evidence: { interface: 'http', user: 'default' },
        },
      ],
    },
    {
      name: 'ClickHouse 18.16.1 native port: the server answers the Hello of default with an empty password',
      evidence: evidenceOf(native('clickhouse/native-server-hello-18.16.1-debian.bin'), at9000),
      findings: [
        {
          product: 'clickhouse',
          version: '18.16.1',
          confidence: 'confirmed',
          evidence: { interface: 'native', user: 'default' },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'HTTP, default has a password: 401 with Code 194',
      nearMiss: true,
      evidence: evidenceOf(httpObservation(root, { [QUERY]: passwordRequired }), at8123),
    },
    {
      name: 'native port, default has a password: Exception 194 REQUIRED_PASSWORD',
      nearMiss: true,
      evidence: evidenceOf(native('clickhouse/native-exception-194-18.16.1-debian.bin'), at9000),
    },
    {
      name: 'X-ClickHouse-* headers but a body that is no version (the docs’ SELECT 1 answer)',
      evidence: evidenceOf(httpObservation(root, { [QUERY]: fromDocs('clickhouse/http-select-1-raw-response.txt') })),
    },
    {
      name: 'a server that answers "Ok." to every path',
      evidence: evidenceOf(httpObservation(response(200, 'Ok.\n'), { [QUERY]: response(200, 'Ok.\n') })),
    },
    {
      name: 'a version-shaped answer from a server with no ClickHouse signal',
      evidence: evidenceOf(
        httpObservation(response(200, '<html>ClickHouse dashboards</html>'), { [QUERY]: response(200, '18.16.1\n') }),
      ),
    },
  ],
});

describe('ClickHouse near misses are ClickHouse, for the right reason', () => {
  it('a password on default is auth-required on both interfaces', () => {
    expect(evidenceOf(httpObservation(root, { [QUERY]: passwordRequired })).services).toEqual([
      expect.objectContaining({ product: 'clickhouse', access: 'auth-required' }),
    ]);
    expect(evidenceOf(native('clickhouse/native-exception-194-18.16.1-debian.bin')).services).toEqual([
      expect.objectContaining({ product: 'clickhouse', access: 'auth-required' }),
    ]);
  });

  it('headers and "Ok." without a version are ClickHouse of unknown access', () => {
    expect(
      evidenceOf(httpObservation(root, { [QUERY]: fromDocs('clickhouse/http-select-1-raw-response.txt') })).services,
    ).toEqual([expect.objectContaining({ product: 'clickhouse', access: 'unknown' })]);
  });
});

describe('ClickHouse native replies', () => {
  it('reads the recorded Exception as code 194, auth-required', () => {
    expect(native('clickhouse/native-exception-194-18.16.1-debian.bin')).toMatchObject({
      access: 'auth-required',
      error: { code: 194, message: 'DB::Exception: Password required for user default' },
    });
  });

  it('recognises the native port’s HTTP answer to a stray GET', () => {
    expect(
      clickhouseProbe.recognizeStrayReply!(recordedBytes('clickhouse/native-port-stray-get-18.16.1-debian.http')),
    ).toBe(true);
    expect(
      clickhouseProbe.recognizeStrayReply!(Buffer.from(recorded('clickhouse/http-root-18.16.1-debian.http'), 'latin1')),
    ).toBe(false);
  });
});
