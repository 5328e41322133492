// Kubernetes Dashboard. Its page (modules/web/src/index.html in 7.x, the same shell in 2.x) is
// titled "Kubernetes Dashboard" and mounts `<kd-root>`; 1.x mounted `<kd-chrome>` under
// `ng-app="kubernetesDashboard"`. The login screen asks the API which modes it offers,
// `GET api/v1/login/modes` → `{"modes": ["token", …]}`, and whether the "Skip" button is shown,
// `GET api/v1/login/skippable` → `{"skippable": true|false}` (`--enable-skip-login`). Skipping
// signs the visitor in as the Dashboard's own service account, with whatever that account may do.
import { isRecord, parseJson, responseAt, type HttpObservation } from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const LOGIN_MODES_PATH = '/api/v1/login/modes';
const LOGIN_SKIPPABLE_PATH = '/api/v1/login/skippable';

const TITLE = /<title>\s*Kubernetes Dashboard\s*<\/title>/;
const APP_ROOT = /<kd-root>|<kd-chrome\b|ng-app="kubernetesDashboard"/;

function loginModes(observation: HttpObservation): string[] | undefined {
  const response = responseAt(observation, LOGIN_MODES_PATH);
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || !Array.isArray(json.modes) || !json.modes.every((mode) => typeof mode === 'string'))
    return undefined;
  return json.modes as string[];
}

function skippable(observation: HttpObservation): boolean | undefined {
  const response = responseAt(observation, LOGIN_SKIPPABLE_PATH);
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  return isRecord(json) && typeof json.skippable === 'boolean' ? json.skippable : undefined;
}

export const kubernetesDashboardFingerprint: HttpFingerprint = {
  products: ['kubernetes-dashboard'],
  requests: [LOGIN_MODES_PATH, LOGIN_SKIPPABLE_PATH],
  suggestedBy: (root) => TITLE.test(root.body) || APP_ROOT.test(root.body),
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    if (root.status !== 200 || !(TITLE.test(root.body) || APP_ROOT.test(root.body))) return undefined;
    const signals = ['Kubernetes Dashboard page (title or app root element)'];
    const modes = loginModes(observation);
    const skip = skippable(observation);
    if (modes) signals.push(`${LOGIN_MODES_PATH} listed the login modes`);
    if (skip !== undefined) signals.push(`${LOGIN_SKIPPABLE_PATH} answered`);
    const details = { ...(modes ? { loginModes: modes } : {}), ...(skip !== undefined ? { skipLogin: skip } : {}) };
    // The login screen with a Skip button lets anyone in as the Dashboard's service account.
    if (skip === true) return { product: 'kubernetes-dashboard', access: 'open', signals, details };
    if (modes || skip === false)
      return {
        product: 'kubernetes-dashboard',
        access: 'auth-required',
        signals,
        details: { ...details, loginPage: true },
      };
    return { product: 'kubernetes-dashboard', access: 'unknown', signals };
  },
};
