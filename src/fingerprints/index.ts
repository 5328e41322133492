// Every HTTP product fingerprint, and observations turned into services.
// One import and one list line per fingerprint, so additions never collide.
import { capStrings } from '../probes/caps.js';
import type { Observation } from '../probes/observation.js';
import { adminerFingerprint } from './adminer.js';
import { clickhouseFingerprint } from './clickhouse.js';
import { consulFingerprint } from './consul.js';
import { couchdbFingerprint } from './couchdb.js';
import { dockerFingerprint } from './docker.js';
import { elasticsearchFingerprint } from './elasticsearch.js';
import { etcdFingerprint } from './etcd.js';
import { grafanaFingerprint } from './grafana.js';
import { jenkinsFingerprint } from './jenkins.js';
import { kibanaFingerprint } from './kibana.js';
import { openSearchDashboardsFingerprint } from './opensearch-dashboards.js';
import { phpMyAdminFingerprint } from './phpmyadmin.js';
import { prometheusFingerprint } from './prometheus.js';
import { rabbitmqFingerprint } from './rabbitmq.js';
import { cerebroFingerprint } from './cerebro.js';
import { elasticsearchHeadFingerprint } from './elasticsearch-head.js';
import { hadoopYarnFingerprint } from './hadoop-yarn.js';
import { influxdbFingerprint } from './influxdb.js';
import { jupyterFingerprint } from './jupyter.js';
import { kubeletFingerprint } from './kubelet.js';
import { kubernetesDashboardFingerprint } from './kubernetes-dashboard.js';
import { kubernetesFingerprint } from './kubernetes.js';
import { logstashFingerprint } from './logstash.js';
import { mongoExpressFingerprint } from './mongo-express.js';
import { pgadminFingerprint } from './pgadmin.js';
import { redisCommanderFingerprint } from './redis-commander.js';
import { redisInsightFingerprint } from './redisinsight.js';
import { solrFingerprint } from './solr.js';
import type { HttpFingerprint, Service } from './service.js';

export const HTTP_FINGERPRINTS: readonly HttpFingerprint[] = [
  kibanaFingerprint,
  elasticsearchFingerprint,
  rabbitmqFingerprint,
  adminerFingerprint,
  phpMyAdminFingerprint,
  prometheusFingerprint,
  etcdFingerprint,
  clickhouseFingerprint,
  openSearchDashboardsFingerprint,
  grafanaFingerprint,
  jenkinsFingerprint,
  dockerFingerprint,
  consulFingerprint,
  couchdbFingerprint,
  pgadminFingerprint,
  mongoExpressFingerprint,
  redisCommanderFingerprint,
  redisInsightFingerprint,
  kubernetesDashboardFingerprint,
  kubernetesFingerprint,
  kubeletFingerprint,
  solrFingerprint,
  jupyterFingerprint,
  hadoopYarnFingerprint,
  elasticsearchHeadFingerprint,
  cerebroFingerprint,
  influxdbFingerprint,
  logstashFingerprint,
];

/** The services an observation shows. Wire protocols name themselves; HTTP goes through fingerprints. */
export function servicesOf(observation: Observation): Service[] {
  return serviceReaders(observation).flatMap((read) => read() ?? []);
}

/**
 * The same, as units of work (one per fingerprint), for a caller that runs them in slices
 * (src/engine/slices.ts). What a fingerprint read from a body (a version, a detail) is server
 * text: cut to its caps (src/probes/caps.ts).
 */
export function serviceReaders(observation: Observation): (() => Service | undefined)[] {
  if (observation.protocol === 'http') {
    return HTTP_FINGERPRINTS.map((fingerprint) => () => {
      const service = fingerprint.identify(observation);
      return service && capStrings(service);
    });
  }
  return [
    () => {
      const { product, version, access, signals } = capStrings(observation);
      // The few wire facts a CVE's precondition can turn on (ZooKeeper's mode: standalone or an ensemble).
      const details =
        observation.protocol === 'zookeeper' && observation.serverState
          ? { serverState: observation.serverState.slice(0, 20) }
          : undefined;
      return { product, ...(version ? { version } : {}), access, signals, ...(details ? { details } : {}) };
    },
  ];
}
