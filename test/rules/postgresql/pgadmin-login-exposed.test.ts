// pgAdmin's login page and redirects are built from its templates and blueprints (no public
// recording exists); see test/emulators/consoles-b.ts for the files and commit they follow.
import rule from '../../../rules/postgresql/pgadmin-login-exposed.js';
import { pgadminLoginPage, responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

const serverMode = (profile: 'pgadmin-login' | 'pgadmin-proxied') =>
  httpObservation(responseOf(profile, '/'), {
    '/login': responseOf(profile, '/login'),
    '/browser/': responseOf(profile, '/browser/'),
  });

testRule(rule, {
  invalid: [
    {
      name: 'pgAdmin 9.17 in server mode: login page, pga4_session cookie, redirects to /login',
      evidence: evidenceOf(serverMode('pgadmin-login')),
      findings: [
        {
          product: 'pgadmin',
          version: '9.17',
          confidence: 'confirmed',
          evidence: { path: '/login', serverMode: true },
        },
      ],
    },
    {
      name: 'pgAdmin 4.30 (root redirects into /browser/, ver=43000), no cookie on the login page',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/browser/' }), {
          '/login': response(200, pgadminLoginPage(43000), { 'content-type': 'text/html; charset=utf-8' }),
          '/browser/': response(302, '', { location: '/login?next=%2Fbrowser%2F' }),
        }),
      ),
      findings: [{ product: 'pgadmin', version: '4.30' }],
    },
  ],
  valid: [
    {
      name: 'pgAdmin behind an authenticating proxy: 401 on every path',
      nearMiss: true,
      evidence: evidenceOf(serverMode('pgadmin-proxied')),
    },
    {
      name: 'pgAdmin in desktop mode: the application itself at /browser/, no login page',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/browser/' }), {
          '/browser/': response(
            200,
            '<!DOCTYPE html><html lang="en"><head><title>pgAdmin 4</title></head><body><div id="root"></div></body></html>',
            {
              'set-cookie': 'PGADMIN_LANGUAGE=en; Path=/; HttpOnly',
            },
          ),
          '/login': response(302, '', { location: '/browser/' }),
        }),
      ),
    },
    {
      name: 'a Flask-Login app redirecting to /login?next= with a login page of its own',
      evidence: evidenceOf(
        httpObservation(
          response(302, '', {
            location: '/login?next=%2F',
            'set-cookie': 'session=eyJfZnJlc2giOmZhbHNlfQ.Z0R2Kg.abc; HttpOnly; Path=/',
          }),
          {
            '/login': response(
              200,
              '<!doctype html><title>Sign in</title><form method="post" name="login_user_form"></form>',
            ),
          },
        ),
      ),
    },
    {
      name: 'the pgAdmin login page with nothing else of pgAdmin beside it (one signal)',
      evidence: evidenceOf(httpObservation(response(200, 'ok'), { '/login': response(200, pgadminLoginPage()) })),
    },
    {
      name: 'a page that merely mentions pgAdmin',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
