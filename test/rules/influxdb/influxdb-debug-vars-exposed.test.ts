// Partial protection: /query refused, /debug/vars open. /debug/vars is telegraf's recorded InfluxDB
// 1.x expvar dump (influxdb/debug-vars-1.x.json); the 401 is built from InfluxDB's handler; the
// real server (Debian's 1.6.7 with auth-enabled) is in test/integration/influxdb.test.ts.
import rule from '../../../rules/influxdb/influxdb-debug-vars-exposed.js';
import { INFLUX_UNAUTHORIZED, responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const QUERY = '/query?q=SHOW%20DATABASES';
const VARS = '/debug/vars';
const HEADERS = { 'x-influxdb-build': 'OSS', 'x-influxdb-version': '1.7.10' };
const scan = (profile: 'influxdb-open' | 'influxdb-auth') =>
  evidenceOf(
    httpObservation(responseOf(profile, '/'), {
      [QUERY]: responseOf(profile, QUERY),
      [VARS]: responseOf(profile, VARS),
    }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'auth-enabled = true, pprof-auth-enabled = false: /query 401, /debug/vars answers',
      evidence: evidenceOf(
        httpObservation(response(404, '404 page not found\n', HEADERS), {
          [QUERY]: json(401, INFLUX_UNAUTHORIZED, HEADERS),
          [VARS]: json(200, recorded('influxdb/debug-vars-1.x.json'), HEADERS),
        }),
      ),
      findings: [
        {
          product: 'influxdb',
          version: '1.7.10',
          confidence: 'confirmed',
          message:
            'influxdb 1.7.10 asks for credentials on /query but serves /debug/vars without them (2 database names, series counts).',
          evidence: {
            path: '/debug/vars',
            queryRefused: true,
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
      name: 'near miss: auth-enabled and pprof-auth-enabled, both answer 401',
      nearMiss: true,
      evidence: scan('influxdb-auth'),
    },
    {
      name: 'fully open (influxdb-unauthenticated’s finding, not this one)',
      evidence: scan('influxdb-open'),
    },
  ],
});
