// Recorded CouchDB welcome documents, database list and 401 (test/fixtures/recorded/couchdb);
// `/_session` is built from CouchDB's Apache-2.0 source in test/emulators/consoles-a.ts.
import rule from '../../../rules/couchdb/couchdb-admin-party.js';
import { ALL_DBS_PATH, SESSION_PATH } from '../../../src/fingerprints/couchdb.js';
import { COUCHDB_SESSION_ADMIN_PARTY, COUCHDB_SESSION_ANONYMOUS, consoleResponse } from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const observe = (profile: 'couchdb-2-admin-party' | 'couchdb-3-secured') =>
  evidenceOf(
    httpObservation(consoleResponse(profile, '/'), {
      [SESSION_PATH]: consoleResponse(profile, SESSION_PATH),
      [ALL_DBS_PATH]: consoleResponse(profile, ALL_DBS_PATH),
    }),
  );
const server161 = { server: 'CouchDB/1.6.1 (Erlang OTP/R16B03)' };
/** CouchDB 1.x's `/_session` in admin party: the oauth handler and `authenticated: default` (same source, 1.x branch). */
const SESSION_1X =
  '{"ok":true,"userCtx":{"name":null,"roles":["_admin"]},"info":{"authentication_db":"_users","authentication_handlers":["oauth","cookie","default"],"authenticated":"default"}}\n';

testRule(rule, {
  invalid: [
    {
      name: 'CouchDB 2.2 with no admin: /_session grants _admin, /_all_dbs lists five databases',
      evidence: observe('couchdb-2-admin-party'),
      findings: [
        {
          product: 'couchdb',
          version: '2.2.0-302bd8b',
          confidence: 'confirmed',
          message: 'CouchDB 2.2.0-302bd8b makes every client a server admin (5 databases).',
          evidence: {
            path: '/_session',
            databases: 5,
            databaseNames: ['_users', 'contacts', 'docs', 'invoices', 'locations'],
          },
        },
      ],
    },
    {
      name: 'CouchDB 1.6.1 in admin party whose /_all_dbs failed: no counts',
      evidence: evidenceOf(
        httpObservation(json(200, recorded('couchdb/root-welcome-1.6.1.json'), server161), {
          [SESSION_PATH]: json(200, SESSION_1X, server161),
          [ALL_DBS_PATH]: { ok: false, failure: 'timeout' },
        }),
      ),
      findings: [
        {
          product: 'couchdb',
          version: '1.6.1',
          message: 'CouchDB 1.6.1 makes every client a server admin.',
          evidence: { databases: null, databaseNames: [] },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'CouchDB 3.4 with an admin: /_session gives no role, /_all_dbs 401',
      nearMiss: true,
      evidence: observe('couchdb-3-secured'),
    },
    {
      name: 'CouchDB 2.2 with an admin: /_all_dbs is still public (2.x default), but no _admin role',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(
          json(200, recorded('couchdb/root-welcome-2.2.0.json'), { server: 'CouchDB/2.2.0 (Erlang OTP/19)' }),
          {
            [SESSION_PATH]: json(200, COUCHDB_SESSION_ANONYMOUS),
            [ALL_DBS_PATH]: json(200, recorded('couchdb/all-dbs.json')),
          },
        ),
      ),
    },
    {
      name: 'require_valid_user: every request 401, the root too',
      evidence: evidenceOf(
        httpObservation(
          json(401, '{"error":"unauthorized","reason":"Authentication required."}\n', {
            server: 'CouchDB/3.4.2 (Erlang OTP/25)',
          }),
          {
            [SESSION_PATH]: json(401, recorded('couchdb/401-not-server-admin.json')),
            [ALL_DBS_PATH]: json(401, recorded('couchdb/401-not-server-admin.json')),
          },
        ),
      ),
    },
    {
      name: 'a CouchDB-compatible /_session on a server that is not CouchDB',
      evidence: evidenceOf(
        httpObservation(response(200, '<html>hello</html>'), {
          [SESSION_PATH]: json(200, COUCHDB_SESSION_ADMIN_PARTY),
        }),
      ),
    },
  ],
});
