// The contract of a wire-protocol probe. Server-first protocols are recognised from the greeting
// the engine already heard; client-first protocols run a short read-only conversation.
import type { Conn } from '../conn.js';
import type { ProbeOutcome, RedisObservation, PostgresObservation, MysqlObservation } from '../observation.js';
import type {
  AmqpObservation,
  CassandraObservation,
  ClickhouseObservation,
  MemcachedObservation,
  MongodbObservation,
  MqttObservation,
  NatsObservation,
  ZookeeperObservation,
} from '../observation.js';

export interface ConverseOptions {
  readonly timeoutMs: number;
  /** The endpoint as an HTTP Host header names it (`host:port`), for probes that begin in HTTP. */
  readonly host?: string;
  /**
   * Opens a fresh connection to the same endpoint, for a protocol that answers once per connection
   * (ZooKeeper's four-letter words) and needs a second conversation; undefined if it fails.
   */
  reconnect?(): Promise<Conn | undefined>;
  /**
   * Products whose documented default credentials may be tried (--credential-checks and a selected
   * rule that says so); absent or empty: none.
   */
  readonly credentialProducts?: ReadonlySet<string>;
}

interface ProbeBase {
  /** Ports where this protocol is likely: tried first there, still tried anywhere. */
  readonly hintPorts: readonly number[];
}

export interface ProceedOptions extends ConverseOptions {
  /** Opens a fresh connection to the same endpoint (e.g. to try a second user); undefined if it fails. */
  reconnect(): Promise<Conn | undefined>;
}

export interface ServerFirstProbe<O> extends ProbeBase {
  readonly speaksFirst: true;
  /** undefined when the greeting is not this protocol. */
  recognizeGreeting(greeting: Buffer): O | undefined;
  /**
   * Goes on after a recognised greeting, on the same connection (e.g. a login with an empty
   * password). Run only when a selected rule reads this protocol; returns the richer observation.
   */
  proceed?(conn: Conn, observation: O, options: ProceedOptions): Promise<O>;
}

export interface ClientFirstProbe<O> extends ProbeBase {
  readonly speaksFirst: false;
  /** Runs on a connection the engine opened; the engine closes it afterwards. */
  converse(conn: Conn, options: ConverseOptions): Promise<ProbeOutcome<O>>;
  /** Whether a reply to a stray `GET / HTTP/1.1` shows this protocol (so the probe is worth a connection). */
  recognizeStrayReply?(reply: Buffer): boolean;
  /**
   * Some servers of this protocol read a stray `GET ` as the start of a long message and wait for
   * the rest in silence (PGlite's socket server takes it for a startup length of 1.2 GB): after a
   * `GET /` met with silence for half the timeout, this probe goes out beside it with the other half.
   */
  readonly silentToStrayGet?: true;
  /** Some client-first servers still speak first when they refuse a client (Redis protected mode). */
  recognizeGreeting?(greeting: Buffer): O | undefined;
}

export type WireProbe =
  | ({ readonly protocol: 'redis' } & ClientFirstProbe<RedisObservation>)
  | ({ readonly protocol: 'postgresql' } & ClientFirstProbe<PostgresObservation>)
  | ({ readonly protocol: 'mysql' } & ServerFirstProbe<MysqlObservation>)
  | ({ readonly protocol: 'memcached' } & ClientFirstProbe<MemcachedObservation>)
  | ({ readonly protocol: 'mqtt' } & ClientFirstProbe<MqttObservation>)
  | ({ readonly protocol: 'mongodb' } & ClientFirstProbe<MongodbObservation>)
  | ({ readonly protocol: 'zookeeper' } & ClientFirstProbe<ZookeeperObservation>)
  | ({ readonly protocol: 'cassandra' } & ClientFirstProbe<CassandraObservation>)
  | ({ readonly protocol: 'clickhouse' } & ClientFirstProbe<ClickhouseObservation>)
  | ({ readonly protocol: 'nats' } & ServerFirstProbe<NatsObservation>)
  | ({ readonly protocol: 'amqp' } & ClientFirstProbe<AmqpObservation>);
