import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'jupyter-unauthenticated',
    title: 'Jupyter server runs code for anyone (no token or password)',
    severity: 'critical',
    products: ['jupyter'],
    tags: ['jupyter', 'notebook', 'rce', 'unauth'],
    cwe: ['CWE-306', 'CWE-94'],
    description:
      'The Jupyter server answered `GET /api/kernels` with its kernel list to a client that sent no token, cookie or password: token ' +
      'authentication is disabled (`--IdentityProvider.token=""`, `--NotebookApp.token=""`). The same API starts kernels and executes any ' +
      'code as the server\u2019s user, and the contents API reads and writes its files: remote code execution for anyone who reaches the ' +
      'address.',
    remediation:
      'Re-enable token or password authentication (never set an empty token), put the server behind JupyterHub or an authenticating proxy, ' +
      'bind it to localhost (`--ip=127.0.0.1`) and reach it through SSH port forwarding.',
    references: [
      'https://jupyter-server.readthedocs.io/en/latest/operators/security.html',
      'https://jupyter-notebook.readthedocs.io/en/stable/security.html',
    ],
    defaultPorts: [8888],
  },
  protocols: ['http'],
  product: 'jupyter',
  // Two signals: the kernel list answered, and Jupyter's identity (CSP header, /api version, root redirect).
  when: 'open',
  message: (service) =>
    `${service.version ? `Jupyter Notebook ${service.version}` : 'A Jupyter server'} answered its kernel API with no token: anyone can run code on it.`,
  evidence: (service) => ({
    path: '/api/kernels',
    kernels: Number(service.details?.kernels ?? 0),
    ...(typeof service.details?.jupyterServerVersion === 'string'
      ? { jupyterServerVersion: service.details.jupyterServerVersion }
      : {}),
  }),
});
