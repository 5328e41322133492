// Jenkins with security on: HudsonAuthenticationEntryPoint's 403 and headers, built from Jenkins'
// MIT source in test/emulators/consoles-a.ts (no public recording exists).
import rule from '../../../rules/jenkins/jenkins-login-exposed.js';
import { API_JSON_PATH } from '../../../src/fingerprints/jenkins.js';
import {
  consoleResponse,
  jenkinsHeaders,
  jenkinsLoginPage,
  JENKINS_ANONYMOUS_HEADERS,
  asResponse,
} from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

const observe = (profile: 'jenkins-1-open' | 'jenkins-2-secured') =>
  evidenceOf(
    httpObservation(consoleResponse(profile, '/'), { [API_JSON_PATH]: consoleResponse(profile, API_JSON_PATH) }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'Jenkins 2.440.3 with security on: 403 with X-Jenkins and the /login?from= redirect',
      evidence: observe('jenkins-2-secured'),
      findings: [
        {
          product: 'jenkins',
          version: '2.440.3',
          confidence: 'confirmed',
          message: 'Jenkins 2.440.3 is reachable and asks for credentials at /login.',
          evidence: {
            path: '/api/json',
            loginPath: '/login',
            signals: ['X-Jenkins / X-Hudson headers', '403 sending the anonymous client to the Jenkins login form'],
          },
        },
      ],
    },
    {
      name: 'a 403 page without the diagnostic headers still names the login form',
      evidence: evidenceOf(
        httpObservation(response(403, jenkinsLoginPage('/'), jenkinsHeaders('2.479.1')), {
          [API_JSON_PATH]: { ok: false, failure: 'reset' },
        }),
      ),
      findings: [{ product: 'jenkins', version: '2.479.1' }],
    },
  ],
  valid: [
    {
      name: 'Jenkins behind an SSO proxy: the proxy’s redirect, no Jenkins header',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: 'https://sso.example.com/login?rd=%2F' }), {
          [API_JSON_PATH]: response(302, '', { location: 'https://sso.example.com/login' }),
        }),
      ),
    },
    {
      name: 'Jenkins with security off (reported by jenkins-unauthenticated instead)',
      evidence: observe('jenkins-1-open'),
    },
    {
      name: 'the Jenkins login page text served by something without Jenkins headers',
      evidence: evidenceOf(
        httpObservation(response(403, jenkinsLoginPage('/'), { 'x-you-are-authenticated-as': 'anonymous' }), {
          [API_JSON_PATH]: asResponse({ status: 403, headers: JENKINS_ANONYMOUS_HEADERS, body: '' }),
        }),
      ),
    },
  ],
});
