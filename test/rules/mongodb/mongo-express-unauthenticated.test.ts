// Mongo Express pages are rendered from its templates (no public recording exists); see
// test/emulators/consoles-b.ts for the files and tag they follow.
import rule from '../../../rules/mongodb/mongo-express-unauthenticated.js';
import { MONGO_EXPRESS_DATABASES, mongoExpressHomePage, responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  invalid: [
    {
      name: 'Mongo Express 1.0.2 home page served at / without credentials',
      evidence: evidenceOf(httpObservation(responseOf('mongo-express-open', '/'))),
      findings: [
        {
          product: 'mongo-express',
          confidence: 'confirmed',
          message: 'Mongo Express lists 4 MongoDB databases to anyone who opens it.',
          evidence: {
            path: '/',
            databases: 4,
            databaseNames: [...MONGO_EXPRESS_DATABASES],
            mongodbVersion: '6.0.12',
            readOnly: false,
          },
        },
      ],
    },
    {
      name: 'a database name that needs URL encoding is reported decoded',
      evidence: evidenceOf(httpObservation(response(200, mongoExpressHomePage(['admin', 'crm data'])))),
      findings: [{ evidence: { databases: 2, databaseNames: ['admin', 'crm data'] } }],
    },
  ],
  valid: [
    {
      name: 'basic auth on: basic-auth-connect answers 401 with its realm',
      nearMiss: true,
      evidence: evidenceOf(httpObservation(responseOf('mongo-express-basic-auth', '/'))),
    },
    {
      name: 'Mongo Express 1.1 with its own sign-in form',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(
          response(
            200,
            '<!DOCTYPE html><html lang="en"><head><title>Sign in - Mongo Express</title></head><body><form method="POST"></form></body></html>',
          ),
        ),
      ),
    },
    {
      name: 'the home page title without any database list',
      evidence: evidenceOf(
        httpObservation(response(200, '<html><head><title>Home - Mongo Express</title></head><body></body></html>')),
      ),
    },
    {
      name: 'a page that merely mentions Mongo Express',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
