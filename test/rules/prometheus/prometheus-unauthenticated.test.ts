// Whole HTTP responses recorded from Prometheus 2.42.0 (Debian 12 package) on this machine, read
// back with the engine's own raw-response parser; the 2.13.1 build document is Prometheus's API
// documentation example (test/fixtures/recorded/SOURCES.md). The recorded configuration holds a
// basic_auth password (which Prometheus masks) and a `params` token (which it does not): neither,
// nor any other piece of the configuration text, may reach a finding. Real server:
// test/integration/prometheus.test.ts.
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/prometheus/prometheus-unauthenticated.js';
import type { HttpResponse } from '../../../src/probes/http-observation.js';
import { parseRawResponse } from '../../../src/probes/http-raw.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded, recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

function wire(path: string): HttpResponse {
  const parsed = parseRawResponse(recordedBytes(path), true, 1024 * 1024);
  if (parsed.state !== 'matched') throw new Error(`${path} is not one HTTP response`);
  return parsed.value;
}

const BUILDINFO = '/api/v1/status/buildinfo';
const CONFIG = '/api/v1/status/config';
const root = wire('prometheus/root-302-2.42.0-debian.http');
const buildinfo = wire('prometheus/api-v1-status-buildinfo-2.42.0-debian.http');
const config = wire('prometheus/api-v1-status-config-2.42.0-debian.http');
const unauthorized = wire('prometheus/401-basic-auth-2.42.0-debian.http');
const notFound = response(404, '404 page not found\n', { 'content-type': 'text/plain; charset=utf-8' });

const open = evidenceOf(httpObservation(root, { [BUILDINFO]: buildinfo, [CONFIG]: config }), {
  host: '192.0.2.10',
  port: 9090,
});

testRule(rule, {
  invalid: [
    {
      name: 'Prometheus 2.42.0 (Debian) without a web config: build document and configuration readable',
      evidence: open,
      findings: [
        {
          product: 'prometheus',
          version: '2.42.0+ds',
          confidence: 'confirmed',
          evidence: { path: CONFIG, jobs: 3, staticTargets: 4, discovery: ['file'] },
        },
      ],
    },
    {
      name: 'Prometheus 2.13.1 (build document from the API docs) under a path prefix, with the configuration recorded here',
      evidence: evidenceOf(
        httpObservation(response(302, '<a href="/prometheus/graph">Found</a>.\n', { location: '/prometheus/graph' }), {
          [BUILDINFO]: json(200, recorded('prometheus/api-v1-status-buildinfo-2.13.1.json')),
          [CONFIG]: config,
        }),
      ),
      findings: [{ product: 'prometheus', version: '2.13.1', evidence: { jobs: 3 } }],
    },
    {
      name: 'Prometheus before 2.14 (no buildinfo): the configuration and the redirect to the UI',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/graph' }), { [BUILDINFO]: notFound, [CONFIG]: config }),
      ),
      findings: [{ product: 'prometheus', evidence: { staticTargets: 4 } }],
    },
  ],
  valid: [
    {
      name: 'Prometheus with basic_auth_users in --web.config.file: every path answers 401',
      nearMiss: true,
      evidence: evidenceOf(httpObservation(unauthorized, { [BUILDINFO]: unauthorized, [CONFIG]: unauthorized }), {
        host: '192.0.2.10',
        port: 9090,
      }),
    },
    {
      name: 'a proxy that passes the build document but refuses the configuration',
      nearMiss: true,
      evidence: evidenceOf(httpObservation(root, { [BUILDINFO]: buildinfo, [CONFIG]: response(403, 'Forbidden\n') })),
    },
    {
      name: 'the configuration request timed out',
      evidence: evidenceOf(
        httpObservation(root, { [BUILDINFO]: buildinfo, [CONFIG]: { ok: false, failure: 'timeout' } }),
      ),
    },
    {
      name: 'a page that merely mentions Prometheus',
      evidence: evidenceOf(
        httpObservation(
          response(
            200,
            '<html><title>Ops blog</title><p>How we scrape 400 targets with Prometheus and Grafana.</p></html>',
            { 'content-type': 'text/html' },
          ),
          {
            [BUILDINFO]: notFound,
            [CONFIG]: notFound,
          },
        ),
      ),
    },
    {
      name: 'a configuration document from a server with no other Prometheus signal',
      evidence: evidenceOf(httpObservation(response(200, 'ok\n'), { [CONFIG]: config })),
    },
  ],
});

describe('prometheus-unauthenticated evidence', () => {
  it('carries counts, never the configuration text or its secrets', () => {
    const [finding] = rule.check(open, { now: new Date('2026-11-25T00:00:00Z') });
    const text = JSON.stringify(finding);
    for (const leak of [
      'plain-token-in-params',
      's3cret',
      '<secret>',
      '\\u003csecret',
      'scraper',
      'api_key',
      '127.0.0.',
      'scrape_configs',
      'none-*.json',
    ]) {
      expect(text).not.toContain(leak);
    }
    expect(Object.keys(finding!.evidence).sort()).toEqual(['discovery', 'jobs', 'path', 'signals', 'staticTargets']);
  });

  it('does not recognise Prometheus behind basic auth at all: its 401 is any server’s', () => {
    expect(
      evidenceOf(httpObservation(unauthorized, { [BUILDINFO]: unauthorized, [CONFIG]: unauthorized })).services,
    ).toEqual([]);
  });
});
