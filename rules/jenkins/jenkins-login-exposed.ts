import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'jenkins-login-exposed',
    title: 'Jenkins login page is reachable',
    severity: 'medium',
    products: ['jenkins'],
    tags: ['jenkins', 'ci', 'management-ui', 'login-page'],
    cwe: ['CWE-668'],
    description:
      'Jenkins refused a client without credentials with its own 403 (carrying `X-Jenkins` and a redirect to `/login?from=…`), so ' +
      'security is on and the login form is public. Credentials are still required, but anyone who reaches the address can try ' +
      'passwords against the Jenkins user database, and the many Jenkins and plugin flaws reachable before login (for example ' +
      'CVE-2024-23897, arbitrary file read through the CLI) are reachable by everyone.',
    remediation:
      'Keep Jenkins off public addresses: reach it through a VPN or an authenticating proxy (SSO); keep Jenkins and its plugins on a ' +
      'supported release; disable the CLI over HTTP where it is not needed.',
    references: [
      'https://www.jenkins.io/doc/book/security/managing-security/',
      'https://www.jenkins.io/security/advisories/',
    ],
    defaultPorts: [8080],
  },
  protocols: ['http'],
  product: 'jenkins',
  // Two signals: the X-Jenkins/X-Hudson headers and Jenkins' 403 that sends the browser to /login.
  when: 'login-page',
  message: (service) =>
    `${service.version ? `Jenkins ${service.version}` : 'Jenkins'} is reachable and asks for credentials at /login.`,
  evidence: () => ({ path: '/api/json', loginPath: '/login' }),
});
