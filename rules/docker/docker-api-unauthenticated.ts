import { serviceRule } from '../../src/engine/service-rule.js';
import type { Service } from '../../src/fingerprints/service.js';

export default serviceRule({
  meta: {
    id: 'docker-api-unauthenticated',
    title: 'Docker Engine API answers without credentials',
    severity: 'critical',
    // podman's service speaks the same API, with the same power over the host.
    products: ['docker', 'podman'],
    tags: ['docker', 'container', 'remote-api', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'The Docker daemon answered `GET /version` (and `GET /info`) over TCP to a client that presented no client certificate and no ' +
      "credentials (or podman's Docker-compatible service did). The same API starts containers: anyone who reaches it can run a privileged container with the host file system " +
      'mounted, which is root on the host. Exposed daemons are found and used for cryptocurrency mining within hours.',
    remediation:
      'Do not listen on TCP without TLS client authentication: remove `-H tcp://…` (or `hosts` in daemon.json) and use the Unix socket, ' +
      'SSH (`DOCKER_HOST=ssh://…`) or `--tlsverify` with client certificates on 2376; firewall ports 2375 and 2376 from the internet.',
    references: [
      'https://docs.docker.com/engine/security/protect-access/',
      'https://docs.docker.com/reference/api/engine/',
    ],
    defaultPorts: [2375, 2376],
  },
  protocols: ['http'],
  product: ['docker', 'podman'],
  when: 'open',
  // /version proves the API answers; /info, read as well, proves the daemon's own state does.
  confidence: (service) => (service.details?.infoReadable ? 'confirmed' : 'firm'),
  message: (service) =>
    service.details?.infoReadable
      ? `${dockerName(service)} Engine API answered without credentials: ${num(service, 'containers')} containers, ${num(service, 'images')} images.`
      : `${dockerName(service)} Engine API answered /version without credentials.`,
  evidence: (service) => ({
    path: '/version',
    apiVersion: text(service, 'apiVersion'),
    os: text(service, 'os'),
    arch: text(service, 'arch'),
    kernelVersion: text(service, 'kernelVersion'),
    containers: num(service, 'containers'),
    containersRunning: num(service, 'containersRunning'),
    images: num(service, 'images'),
  }),
});

type Engine = Service<'docker' | 'podman'>;

function dockerName(service: Engine): string {
  const name = service.product === 'podman' ? 'Podman' : 'Docker';
  return service.version ? `${name} ${service.version}` : name;
}

function num(service: Engine, key: 'containers' | 'containersRunning' | 'images'): number | null {
  return service.details?.[key] ?? null;
}

function text(service: Engine, key: 'apiVersion' | 'os' | 'arch' | 'kernelVersion'): string | null {
  return service.details?.[key] ?? null;
}
