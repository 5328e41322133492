import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'jenkins-unauthenticated',
    title: 'Jenkins lets anonymous users read it',
    severity: 'critical',
    products: ['jenkins'],
    tags: ['jenkins', 'ci', 'management-ui', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Jenkins answered `GET /api/json` with its root object (jobs, views, `useSecurity`) to a client that sent no credentials: anonymous ' +
      'users hold Overall/Read. With `useSecurity: false` there is no security realm at all and anyone is an administrator (the script ' +
      'console runs Groovy on the controller). With security on, anonymous users still read job configurations, build logs and workspace ' +
      'files, which routinely leak credentials and source code.',
    remediation:
      'Enable security (Manage Jenkins > Security: a security realm and an authorization strategy such as matrix-based or "Logged-in users ' +
      'can do anything" with anonymous read off), remove every permission from Anonymous, and keep Jenkins off public addresses: reach it ' +
      'through a VPN or an authenticating proxy.',
    references: [
      'https://www.jenkins.io/doc/book/security/managing-security/',
      'https://www.jenkins.io/doc/book/security/access-control/permissions/',
    ],
    defaultPorts: [8080],
  },
  protocols: ['http'],
  product: 'jenkins',
  // Two signals: Jenkins' X-Jenkins/X-Hudson headers and the root object of /api/json.
  when: 'open',
  message: (service) => {
    const jobs = typeof service.details?.jobs === 'number' ? service.details.jobs : 0;
    const security =
      service.details?.useSecurity === false ? 'security is off' : 'security is on, but anonymous users can read';
    return `${service.version ? `Jenkins ${service.version}` : 'Jenkins'} answered /api/json without credentials (${jobs} job${jobs === 1 ? '' : 's'}; ${security}).`;
  },
  evidence: (service) => ({
    path: '/api/json',
    jobs: typeof service.details?.jobs === 'number' ? service.details.jobs : null,
    useSecurity: typeof service.details?.useSecurity === 'boolean' ? service.details.useSecurity : null,
  }),
});
