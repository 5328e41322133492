import { defineRule, type FindingDraft } from '../../src/engine/rule.js';
import { productName } from '../../src/engine/service-rule.js';

export default defineRule({
  meta: {
    id: 'kubernetes-dashboard-exposed',
    title: 'Kubernetes Dashboard is reachable',
    severity: 'high',
    products: ['kubernetes-dashboard'],
    tags: ['kubernetes', 'kubernetes-dashboard', 'management-ui', 'login-page', 'unauth'],
    cwe: ['CWE-668'],
    description:
      'The Kubernetes Dashboard answered a client that sent no credentials: its page, and its login API (`api/v1/login/modes`, ' +
      '`api/v1/login/skippable`). The Dashboard is a full cluster console; published to the network it invites token theft and brute force, ' +
      'and with `--enable-skip-login` (the "Skip" button, reported as `skipLogin: true`) anyone enters as the Dashboard\u2019s own service ' +
      'account, which older installs and many tutorials bind to cluster-admin.',
    remediation:
      'Do not publish the Dashboard: reach it with `kubectl proxy` or `kubectl port-forward`, or behind an authenticating proxy. Remove ' +
      '`--enable-skip-login`, and give the Dashboard\u2019s service account only the minimal rights of the recommended manifests.',
    references: [
      'https://kubernetes.io/docs/tasks/access-application-cluster/web-ui-dashboard/',
      'https://github.com/kubernetes/dashboard/blob/master/docs/user/access-control/README.md',
    ],
    defaultPorts: [8443],
  },
  protocols: ['http'],
  check(evidence) {
    return evidence.services
      .filter((service) => service.product === 'kubernetes-dashboard')
      .filter(
        (service) =>
          service.access === 'open' || (service.access === 'auth-required' && service.details?.loginPage === true),
      )
      .map((service): FindingDraft => {
        const skipLogin = service.details?.skipLogin === true;
        const modes = (service.details?.loginModes as readonly string[] | undefined) ?? [];
        return {
          product: service.product,
          ...(service.version ? { version: service.version } : {}),
          message: skipLogin
            ? `${productName(service)} is reachable and its login can be skipped: anyone enters as the Dashboard's service account.`
            : `${productName(service)} is reachable; its login screen accepts ${modes.length > 0 ? modes.join(', ') : 'a token'}.`,
          confidence: 'confirmed',
          evidence: { path: '/api/v1/login/skippable', skipLogin, loginModes: modes, signals: service.signals },
        };
      });
  },
});
