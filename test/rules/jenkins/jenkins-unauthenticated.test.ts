// The recorded 1.x /api/json (test/fixtures/recorded/jenkins); the headers and the 403 page are
// built from Jenkins' MIT source (test/emulators/consoles-a.ts: no public recording exists).
import rule from '../../../rules/jenkins/jenkins-unauthenticated.js';
import { API_JSON_PATH } from '../../../src/fingerprints/jenkins.js';
import { consoleResponse, jenkinsHeaders } from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const ROOT_OBJECT = recorded('jenkins/api-json-root-1.x-open.json');
const observe = (profile: 'jenkins-1-open' | 'jenkins-2-secured') =>
  evidenceOf(
    httpObservation(consoleResponse(profile, '/'), { [API_JSON_PATH]: consoleResponse(profile, API_JSON_PATH) }),
  );
/** A 2.x root object: `_class` annotations, security on, anonymous read granted. */
const JENKINS_2_ROOT = JSON.stringify({
  _class: 'hudson.model.Hudson',
  assignedLabels: [{ name: 'built-in' }],
  mode: 'NORMAL',
  nodeDescription: "the Jenkins controller's built-in node",
  nodeName: '',
  numExecutors: 2,
  description: null,
  jobs: [
    {
      _class: 'hudson.model.FreeStyleProject',
      name: 'deploy-prod',
      url: 'http://ci.example.com/job/deploy-prod/',
      color: 'blue',
    },
    {
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
      name: 'build',
      url: 'http://ci.example.com/job/build/',
      color: 'red',
    },
  ],
  quietingDown: false,
  slaveAgentPort: 50000,
  useCrumbs: true,
  useSecurity: true,
  views: [{ _class: 'hudson.model.AllView', name: 'all', url: 'http://ci.example.com/' }],
});

testRule(rule, {
  invalid: [
    {
      name: 'Jenkins 1.x with security off: X-Jenkins header, /api/json readable',
      evidence: observe('jenkins-1-open'),
      findings: [
        {
          product: 'jenkins',
          version: '1.480.3',
          confidence: 'confirmed',
          message: 'Jenkins 1.480.3 answered /api/json without credentials (1 job; security is off).',
          evidence: {
            path: '/api/json',
            jobs: 1,
            useSecurity: false,
            signals: ['X-Jenkins / X-Hudson headers', '/api/json returned the Jenkins root object without credentials'],
          },
        },
      ],
    },
    {
      // Built: the shape of a 2.x root object (`_class` annotations), for a controller whose anonymous user holds Overall/Read.
      name: 'Jenkins 2.x with security on but anonymous read granted',
      evidence: evidenceOf(
        httpObservation(response(200, '<html><title>Dashboard [Jenkins]</title></html>', jenkinsHeaders('2.462.3')), {
          [API_JSON_PATH]: json(200, JENKINS_2_ROOT, jenkinsHeaders('2.462.3')),
        }),
      ),
      findings: [
        {
          product: 'jenkins',
          version: '2.462.3',
          evidence: { jobs: 2, useSecurity: true },
          message:
            'Jenkins 2.462.3 answered /api/json without credentials (2 jobs; security is on, but anonymous users can read).',
        },
      ],
    },
  ],
  valid: [
    {
      name: 'Jenkins 2 with security on: 403 and the login redirect',
      nearMiss: true,
      evidence: observe('jenkins-2-secured'),
    },
    {
      name: 'a Jenkins-like /api/json from a server without Jenkins headers',
      evidence: evidenceOf(
        httpObservation(response(200, '<html>ok</html>'), { [API_JSON_PATH]: json(200, ROOT_OBJECT) }),
      ),
    },
    {
      name: 'X-Jenkins headers, but /api/json is some other JSON',
      evidence: evidenceOf(
        httpObservation(response(200, '', jenkinsHeaders('2.440.3')), {
          [API_JSON_PATH]: json(200, '{"jobs":"none"}', jenkinsHeaders('2.440.3')),
        }),
      ),
    },
    {
      name: 'the /api/json request failed',
      evidence: evidenceOf(
        httpObservation(response(200, '', jenkinsHeaders('2.440.3')), {
          [API_JSON_PATH]: { ok: false, failure: 'timeout' },
        }),
      ),
    },
  ],
});
