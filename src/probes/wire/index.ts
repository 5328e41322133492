// Every wire probe the engine can run. Adding a protocol means adding it here and to `Observation`.
import { mysqlProbe } from './mysql.js';
import { postgresProbe } from './postgres.js';
import type { WireProbe } from './probe.js';
import { redisProbe } from './redis.js';
import { memcachedProbe } from './memcached.js';
import { zookeeperProbe } from './zookeeper.js';
import { mongodbProbe } from './mongodb.js';
import { cassandraProbe } from './cassandra.js';
import { mqttProbe } from './mqtt.js';
import { mqttWsProbe } from './mqtt-ws.js';
import { clickhouseProbe } from './clickhouse.js';
import { natsProbe } from './nats.js';
import { amqpProbe } from './amqp.js';

// Off their hint ports, client-first probes are tried in this order, one connection each, and the
// first timeout ends the endpoint. Redis and memcached read text lines and wait in silence for a
// newline that a binary probe never sends, and ZooKeeper waits for the rest of what it takes for a
// session request in a PostgreSQL startup message, so their probes go before every binary one.
// MQTT over WebSockets goes last: it is an HTTP request, reached off 9001/8083 only where the stray
// GET got no HTTP answer (Mosquitto's websockets listener hangs up on it), so it costs a
// connection only on endpoints every other probe has failed on.
export const WIRE_PROBES: readonly WireProbe[] = [
  redisProbe,
  memcachedProbe,
  zookeeperProbe,
  postgresProbe,
  mysqlProbe,
  mongodbProbe,
  cassandraProbe,
  mqttProbe,
  clickhouseProbe,
  amqpProbe,
  mqttWsProbe,
  // Server-first: recognised from its INFO banner, never sent a probe.
  natsProbe,
];
