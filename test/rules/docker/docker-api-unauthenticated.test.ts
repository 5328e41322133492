// The recorded 17.09 /info (test/fixtures/recorded/docker) and the 1.12.0 /version example of
// moby's API documentation; the daemon's headers, the 17.09 /version and the authorization
// plugin's refusal are built in test/emulators/consoles-a.ts (see the comments there).
import rule from '../../../rules/docker/docker-api-unauthenticated.js';
import { INFO_PATH, PING_PATH, VERSION_PATH } from '../../../src/fingerprints/docker.js';
import { consoleResponse, DOCKER_PAGE_NOT_FOUND, dockerHeaders } from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const observe = (profile: 'docker-17-open' | 'docker-authz') =>
  evidenceOf(
    httpObservation(consoleResponse(profile, '/'), {
      [VERSION_PATH]: consoleResponse(profile, VERSION_PATH),
      [INFO_PATH]: consoleResponse(profile, INFO_PATH),
    }),
    { host: '192.0.2.10', port: 2375 },
  );
const headers112 = dockerHeaders('1.12.0', '1.24');
// What podman 4.3.1 put on its /_ping (recorded here, X-Reference-Id left out).
const PODMAN_HEADERS = {
  'api-version': '1.41',
  'docker-experimental': 'true',
  'libpod-api-version': '4.3.1',
  'libpod-buildah-version': '1.28.2',
  server: 'Libpod/4.3.1 (linux)',
};

testRule(rule, {
  invalid: [
    {
      name: 'Docker 17.09 on 2375: /version and /info readable',
      evidence: observe('docker-17-open'),
      findings: [
        {
          product: 'docker',
          version: '17.09.0-ce',
          confidence: 'confirmed',
          message: 'Docker 17.09.0-ce Engine API answered without credentials: 108 containers, 199 images.',
          evidence: {
            path: '/version',
            apiVersion: '1.32',
            os: 'linux',
            arch: 'amd64',
            kernelVersion: '4.3.0-1-amd64',
            containers: 108,
            containersRunning: 98,
            images: 199,
          },
        },
      ],
    },
    {
      name: 'Docker 1.12 (the documented /version example) whose /info failed: firm, no counts',
      evidence: evidenceOf(
        httpObservation(json(404, DOCKER_PAGE_NOT_FOUND, headers112), {
          [VERSION_PATH]: json(200, recorded('docker/version-1.12.0-doc.json'), headers112),
          [INFO_PATH]: { ok: false, failure: 'timeout' },
        }),
      ),
      findings: [
        {
          product: 'docker',
          version: '1.12.0',
          confidence: 'firm',
          message: 'Docker 1.12.0 Engine API answered /version without credentials.',
          evidence: { apiVersion: '1.24', kernelVersion: '3.19.0-23-generic', containers: null, images: null },
        },
      ],
    },
    {
      name: 'a proxy that strips the daemon’s headers: /version and /info are the two signals',
      evidence: evidenceOf(
        httpObservation(response(404, 'not found', { server: 'nginx' }), {
          [VERSION_PATH]: json(200, recorded('docker/version-1.12.0-doc.json')),
          [INFO_PATH]: json(200, recorded('docker/info-17.09.0-ce.json')),
        }),
      ),
      findings: [{ product: 'docker', version: '1.12.0', evidence: { containers: 108 } }],
    },
    {
      name: 'podman 4.3.1’s Docker-compatible service (recorded here): reported as podman, its own product, not Docker 4.3.1',
      evidence: evidenceOf(
        httpObservation(
          response(404, 'Not Found\n', {
            'content-type': 'text/plain; charset=utf-8',
            'x-content-type-options': 'nosniff',
          }),
          {
            [PING_PATH]: response(200, 'OK', PODMAN_HEADERS),
            [VERSION_PATH]: json(200, recorded('docker/version-podman-4.3.1.json'), PODMAN_HEADERS),
            [INFO_PATH]: json(
              200,
              '{"Containers":0,"ContainersRunning":0,"Images":0,"ServerVersion":"4.3.1"}',
              PODMAN_HEADERS,
            ),
          },
        ),
      ),
      findings: [
        {
          product: 'podman',
          version: '4.3.1',
          confidence: 'confirmed',
          message: 'Podman 4.3.1 Engine API answered without credentials: 0 containers, 0 images.',
        },
      ],
    },
  ],
  valid: [
    {
      name: 'an authorization plugin refuses /version and /info with 403',
      nearMiss: true,
      evidence: observe('docker-authz'),
    },
    {
      name: 'a /version-shaped JSON with nothing else Docker says',
      evidence: evidenceOf(
        httpObservation(response(200, '<html>shop</html>'), {
          [VERSION_PATH]: json(200, '{"Version":"1.2.3","ApiVersion":"1.0","GoVersion":"go1.21"}'),
          [INFO_PATH]: json(404, '{}'),
        }),
      ),
    },
    {
      name: 'Docker headers only: both API requests failed',
      evidence: evidenceOf(
        httpObservation(json(404, DOCKER_PAGE_NOT_FOUND, headers112), {
          [VERSION_PATH]: { ok: false, failure: 'reset' },
          [INFO_PATH]: { ok: false, failure: 'reset' },
        }),
      ),
    },
  ],
});
