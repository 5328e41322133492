// Redis Commander, a web UI for Redis. Its page (web/views/layout.ejs and home/home.ejs) is
// titled "Redis Commander: Home" whether or not HTTP auth is configured, and states the setting in
// its script: `const httpAuthDisabled = true|false;` (`var` before 0.7). The UI reads
// `connections` (lib/routes/home.js): with auth off it answers `{"ok":true,"connections":[…]}` to
// anyone, and every such connection takes raw Redis commands; with auth on the token check
// (lib/app.js, verifyAuthorizationToken) answers 401 `Unauthorized - Missing Token`.
import { isRecord, parseJson, responseAt, type HttpObservation } from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const CONNECTIONS_PATH = '/connections';

const TITLE = /<title>\s*Redis Commander\b[^<]*<\/title>/;
const AUTH_FLAG = /\b(?:const|var|let)\s+httpAuthDisabled\s*=\s*(true|false)\s*;/;
const TOKEN_SCRIPT = /redisCommanderBearerToken/;

interface Connections {
  readonly count: number;
  readonly labels: readonly string[];
}

function connectionsOf(observation: HttpObservation): Connections | undefined {
  const response = responseAt(observation, CONNECTIONS_PATH);
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || json.ok !== true || !Array.isArray(json.connections)) return undefined;
  const connections = json.connections.filter(isRecord);
  if (connections.length !== json.connections.length) return undefined;
  const labels = connections
    .map((connection) => connection.label)
    .filter((label): label is string => typeof label === 'string');
  return { count: connections.length, labels };
}

declare module './service.js' {
  interface DetailsByProduct {
    'redis-commander': {
      /** Connection count and the first 20 labels, when /connections answered without a token. */
      readonly connections?: number;
      readonly connectionLabels?: readonly string[];
      /** The page's own `httpAuthDisabled` flag, recorded beside an answered connection list. */
      readonly httpAuthDisabled?: boolean;
      /** /connections refused without a token: the page's sign-in dialog is the login page. */
      readonly loginPage?: true;
    };
  }
}

export const redisCommanderFingerprint: HttpFingerprint<'redis-commander'> = {
  products: ['redis-commander'],
  requests: [CONNECTIONS_PATH],
  suggestedBy: (root) => TITLE.test(root.body) || TOKEN_SCRIPT.test(root.body),
  identify(observation: HttpObservation): Service<'redis-commander'> | undefined {
    const root = observation.root;
    const page = root.status === 200 && TITLE.test(root.body);
    const flag = AUTH_FLAG.exec(root.body)?.[1];
    const signals: string[] = [];
    if (page) signals.push('Redis Commander page title');
    if (page && flag !== undefined && TOKEN_SCRIPT.test(root.body))
      signals.push('Redis Commander client script (httpAuthDisabled, redisCommanderBearerToken)');
    if (signals.length === 0) return undefined;

    const connections = connectionsOf(observation);
    if (connections) {
      return {
        product: 'redis-commander',
        access: 'open',
        signals: [...signals, `${CONNECTIONS_PATH} listed the Redis connections without a token`],
        details: {
          connections: connections.count,
          connectionLabels: connections.labels.slice(0, 20),
          httpAuthDisabled: flag === 'true',
        },
      };
    }
    const refused = responseAt(observation, CONNECTIONS_PATH);
    if (refused?.status === 401 && /^Unauthorized\b/.test(refused.body)) {
      // The page's sign-in dialog is the login page.
      return {
        product: 'redis-commander',
        access: 'auth-required',
        signals: [...signals, `${CONNECTIONS_PATH} answered 401`],
        details: { loginPage: true },
      };
    }
    return { product: 'redis-commander', access: 'unknown', signals };
  },
};
