// Prometheus. The HTTP API answers `GET /api/v1/status/buildinfo` (version, revision, Go version)
// and `GET /api/v1/status/config` (the loaded configuration as YAML) to anyone, unless the server
// runs with `--web.config.file` and basic_auth_users, in which case every path answers 401.
// The configuration is parsed only to count jobs and static targets: its text (scrape URLs,
// credentials Prometheus does not mask, such as `params` tokens) never leaves this file.
import { parse } from 'yaml';
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const BUILDINFO_PATH = '/api/v1/status/buildinfo';
const CONFIG_PATH = '/api/v1/status/config';

// `/` redirects to the UI's home: /graph (2.x), /classic/graph (Debian's 2.x build without the
// React UI), /query (3.x), /agent (agent mode); a `--web.external-url` prefix comes first.
const HOME_REDIRECT = /^(?:https?:\/\/[^/]+)?(?:\/[^?#]*)?\/(?:classic\/graph|graph|query|agent)$/;
const PROMETHEUS_TITLE = /<title>Prometheus Time Series Collection and Processing Server<\/title>/;

interface BuildInfo {
  readonly version: string;
}

/** The buildinfo document: `status: success` and a version with a revision and a Go version beside it. */
function buildInfoOf(response: HttpResponse | undefined): BuildInfo | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || json.status !== 'success' || !isRecord(json.data)) return undefined;
  const { version, revision, goVersion } = json.data;
  if (typeof version !== 'string' || !/^v?\d+\.\d+\.\d+/.test(version)) return undefined;
  if (typeof revision !== 'string' || typeof goVersion !== 'string' || !/^go\d/.test(goVersion)) return undefined;
  return { version };
}

interface ConfigSummary {
  readonly jobs: number;
  /** Targets written in `static_configs`; targets found by service discovery are not counted. */
  readonly staticTargets: number;
  /** Which service-discovery mechanisms the jobs use (`kubernetes`, `file`, `consul`…), sorted. */
  readonly discovery: readonly string[];
}

/** Counts jobs and static targets in `/api/v1/status/config`; undefined unless it is that document. */
function summariseConfig(response: HttpResponse | undefined): ConfigSummary | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || json.status !== 'success' || !isRecord(json.data) || typeof json.data.yaml !== 'string')
    return undefined;
  let config: unknown;
  try {
    // Aliases are capped by the library (maxAliasCount), and the body by the engine's cap.
    config = parse(json.data.yaml, { maxAliasCount: 100, prettyErrors: false, logLevel: 'silent' });
  } catch {
    return undefined;
  }
  // Prometheus always writes its `global` section back out, filled with defaults.
  if (!isRecord(config) || !isRecord(config.global)) return undefined;
  const jobs = Array.isArray(config.scrape_configs) ? config.scrape_configs.filter(isRecord) : [];
  let staticTargets = 0;
  const discovery = new Set<string>();
  for (const job of jobs) {
    for (const [key, value] of Object.entries(job)) {
      if (key === 'static_configs' && Array.isArray(value)) {
        for (const group of value)
          if (isRecord(group) && Array.isArray(group.targets)) staticTargets += group.targets.length;
      } else if (key.endsWith('_sd_configs') && Array.isArray(value) && value.length > 0) {
        discovery.add(key.slice(0, -'_sd_configs'.length));
      }
    }
  }
  return { jobs: jobs.length, staticTargets, discovery: [...discovery].sort() };
}

/** Identity seen on the shared `GET /`, independent of the API documents. */
function rootSignals(root: HttpResponse): string[] {
  const signals: string[] = [];
  if (root.status >= 300 && root.status < 400 && HOME_REDIRECT.test(root.headers.location ?? ''))
    signals.push('redirect to the Prometheus UI');
  if (PROMETHEUS_TITLE.test(root.body)) signals.push('Prometheus page title');
  return signals;
}

declare module './service.js' {
  interface DetailsByProduct {
    prometheus: {
      readonly configReadable: boolean;
      /** From the configuration: scrape jobs, static targets, service discovery mechanisms in use. */
      readonly jobs?: number;
      readonly staticTargets?: number;
      readonly discovery?: readonly string[];
    };
  }
}

export const prometheusFingerprint: HttpFingerprint<'prometheus'> = {
  products: ['prometheus'],
  hintPorts: [9090],
  requests: [BUILDINFO_PATH, CONFIG_PATH],
  suggestedBy: (root) => rootSignals(root).length > 0,
  identify(observation: HttpObservation): Service<'prometheus'> | undefined {
    const build = buildInfoOf(responseAt(observation, BUILDINFO_PATH));
    const config = summariseConfig(responseAt(observation, CONFIG_PATH));
    const signals = [
      ...(build ? ['/api/v1/status/buildinfo returned the build document'] : []),
      ...rootSignals(observation.root),
      ...(config ? ['/api/v1/status/config returned the configuration'] : []),
    ];
    // Nothing here says Prometheus without one of its API documents: a page that mentions it is
    // not it, and Prometheus behind basic auth answers a bare `401 Unauthorized` like any server.
    // (Before 2.14 there is no buildinfo: the configuration and the UI redirect must then agree.)
    if (!build && !config) return undefined;
    const details: Service<'prometheus'>['details'] = config
      ? { configReadable: true, jobs: config.jobs, staticTargets: config.staticTargets, discovery: config.discovery }
      : { configReadable: false };
    return {
      product: 'prometheus',
      ...(build ? { version: build.version.replace(/^v/, '') } : {}),
      // Open means the configuration itself was read; a build document alone is identity only.
      access: config ? 'open' : 'unknown',
      signals,
      details,
    };
  },
};
