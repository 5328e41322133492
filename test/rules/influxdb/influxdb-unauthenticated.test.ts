// /debug/vars is telegraf's recorded InfluxDB 1.x expvar dump (influxdb/debug-vars-1.x.json);
// the SHOW DATABASES answer and the 401 are built from InfluxDB's handler (no recording found).
import rule from '../../../rules/influxdb/influxdb-unauthenticated.js';
import { INFLUX_UNAUTHORIZED, responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const QUERY = '/query?q=SHOW%20DATABASES';
const VARS = '/debug/vars';
const scan = (profile: 'influxdb-open' | 'influxdb-auth') =>
  evidenceOf(
    httpObservation(responseOf(profile, '/'), {
      [QUERY]: responseOf(profile, QUERY),
      [VARS]: responseOf(profile, VARS),
    }),
  );
const HEADERS = { 'x-influxdb-build': 'OSS', 'x-influxdb-version': '1.7.10' };
const PARTIAL = evidenceOf(
  httpObservation(response(404, '404 page not found\n', HEADERS), {
    [QUERY]: json(401, INFLUX_UNAUTHORIZED, HEADERS),
    [VARS]: json(200, recorded('influxdb/debug-vars-1.x.json'), HEADERS),
  }),
);

testRule(rule, {
  invalid: [
    {
      name: 'InfluxDB 1.8.10 with auth-enabled = false: SHOW DATABASES and /debug/vars answer',
      evidence: scan('influxdb-open'),
      findings: [
        {
          product: 'influxdb',
          version: '1.8.10',
          confidence: 'confirmed',
          evidence: {
            path: '/query',
            provenBy: ['query', 'debug/vars'],
            databases: 2,
            databaseNames: ['_internal', 'udp'],
            series: 50,
          },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'auth-enabled = true but pprof-auth-enabled = false: only /debug/vars answers (metadata, influxdb-debug-vars-exposed)',
      nearMiss: true,
      evidence: PARTIAL,
    },
    {
      name: 'auth-enabled and pprof-auth-enabled: both answer 401',
      nearMiss: true,
      evidence: scan('influxdb-auth'),
    },
    {
      name: 'the version header alone (ping answers, nothing else)',
      evidence: evidenceOf(
        httpObservation(response(204, '', HEADERS), {
          [QUERY]: { ok: false, failure: 'timeout' },
          [VARS]: response(404, '404 page not found\n', HEADERS),
        }),
      ),
    },
    {
      name: 'a SHOW DATABASES answer from a server that is not InfluxDB (no version header)',
      evidence: evidenceOf(
        httpObservation(response(200, 'ok'), {
          [QUERY]: json(
            200,
            '{"results":[{"statement_id":0,"series":[{"name":"databases","columns":["name"],"values":[["x"]]}]}]}',
          ),
        }),
      ),
    },
    {
      name: 'a page that merely mentions InfluxDB',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
