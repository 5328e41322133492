import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'jupyter-login-exposed',
    title: 'Jupyter login page is reachable',
    severity: 'medium',
    products: ['jupyter'],
    tags: ['jupyter', 'notebook', 'login-page'],
    cwe: ['CWE-668'],
    description:
      'A Jupyter server answered a client that sent no credentials: its API refused without a token (403) and `/login` shows the ' +
      'password/token form. Credentials are still required, but a Jupyter server is a remote shell for whoever gets in: a leaked or ' +
      'guessed token, a weak password, or a flaw before login gives code execution as the server\u2019s user.',
    remediation:
      'Keep Jupyter off public addresses: bind it to localhost and use SSH port forwarding, or serve it through JupyterHub or an ' +
      'authenticating proxy; use a strong password or a random token and keep Jupyter Server on a current release.',
    references: [
      'https://jupyter-server.readthedocs.io/en/latest/operators/security.html',
      'https://jupyter-server.readthedocs.io/en/latest/operators/public-server.html',
    ],
    defaultPorts: [8888],
  },
  protocols: ['http'],
  product: 'jupyter',
  // Two signals: Jupyter's identity and the login form at /login (with the API's 403).
  when: 'login-page',
  message: 'A Jupyter server shows its login page to anyone who reaches it.',
  evidence: (service) => ({
    path: '/login',
    ...(service.version ? { notebookVersion: service.version } : {}),
    ...(typeof service.details?.jupyterServerVersion === 'string'
      ? { jupyterServerVersion: service.details.jupyterServerVersion }
      : {}),
  }),
});
