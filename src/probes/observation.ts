// What a probe learnt from one endpoint, one variant per protocol. Rules read these; they never
// see sockets. Every field is metadata (product, version, counts, names), never the records.
import type { ProbeFailure } from '../engine/types.js';
import type { HttpObservation } from './http-observation.js';

/**
 * open: data or admin actions without credentials; metadata-only: the data asks for credentials,
 * but metadata about it (names, counts, statistics) is served without (InfluxDB's /debug/vars
 * beside an authenticated /query); auth-required: it asked for credentials; refused: it refused.
 */
export type Access = 'open' | 'metadata-only' | 'auth-required' | 'refused';

/**
 * What every wire-protocol observation says about the service behind it. The engine turns this
 * into the endpoint's service; protocol-specific fields sit beside it for the rules.
 */
interface WireObservationBase {
  readonly product: string;
  readonly version?: string;
  readonly access: Access | 'unknown';
  /** Why this is the product: the protocol answered in kind, plus what only this product says. */
  readonly signals: readonly string[];
}

export interface RedisObservation extends WireObservationBase {
  readonly protocol: 'redis';
  readonly product: 'redis';
  /** open: commands answered without AUTH; auth-required: NOAUTH / not permitted; refused: protected mode. */
  readonly access: Access;
  /** The first line the server answered with, when it refused (e.g. `NOAUTH Authentication required.`). */
  readonly refusal?: string;
  readonly version?: string;
  readonly mode?: string;
  readonly role?: string;
  readonly os?: string;
  /** Sum of keys over every database in the keyspace section. */
  readonly keys?: number;
  readonly databases?: readonly string[];
  /** Which command proved access (INFO may be renamed away; PING is then the proof). */
  readonly provenBy?: 'info' | 'ping';
}

export type PostgresAuth = 'trust' | 'password' | 'md5' | 'scram' | 'gss' | 'sspi' | 'other' | 'rejected';

export interface PostgresObservation extends WireObservationBase {
  readonly protocol: 'postgresql';
  readonly product: 'postgresql';
  readonly user: string;
  readonly database: string;
  /** What the server asked of a client that offered no password. */
  readonly auth: PostgresAuth;
  /** SQLSTATE and message when the server refused the startup outright (e.g. no pg_hba entry). */
  readonly error?: { readonly code: string; readonly message: string };
  /** Only known when the startup got through (the server reports it after authentication). */
  readonly version?: string;
  /** The startup was repeated inside TLS after SSLRequest, because plain text was refused for want of encryption (hostssl). */
  readonly sslRequest?: true;
}

export interface MysqlObservation extends WireObservationBase {
  readonly protocol: 'mysql';
  readonly product: 'mysql' | 'mariadb';
  readonly version: string;
  readonly authPlugin?: string;
  /** The server's greeting was an error packet (e.g. host not allowed to connect). */
  readonly refused?: string;
  /** Empty-password logins tried after the greeting (root, then '' if root was refused); absent when none was. */
  readonly logins?: readonly MysqlLogin[];
}

/** One empty-password login: accepted (OK), denied (ERR), unsupported (the server wanted more than an empty answer) or failed (no answer). */
export interface MysqlLogin {
  readonly user: string;
  readonly result: 'accepted' | 'denied' | 'unsupported' | 'failed';
  /** The plugin an AuthSwitchRequest asked for, if any. */
  readonly plugin?: string;
  readonly error?: { readonly code: number; readonly message: string };
}

export interface MemcachedObservation extends WireObservationBase {
  readonly protocol: 'memcached';
  readonly product: 'memcached';
  /** open: `stats` answered; auth-required: `CLIENT_ERROR unauthenticated` (ASCII authentication). */
  readonly access: Access;
  readonly refusal?: string;
  readonly items?: number;
  readonly bytes?: number;
  readonly currConnections?: number;
  readonly totalConnections?: number;
  readonly uptimeSeconds?: number;
}

export interface MqttObservation extends WireObservationBase {
  readonly protocol: 'mqtt';
  readonly product: 'mqtt';
  /** open: CONNACK 0 to a CONNECT without credentials; auth-required: 4 or 5; refused: 1–3. */
  readonly access: Access;
  readonly returnCode: number;
  readonly sessionPresent: boolean;
  /** Spoken over WebSockets: the upgrade's path (subprotocol `mqtt`); absent for plain MQTT. */
  readonly websocket?: { readonly path: string };
}

export interface MongodbObservation extends WireObservationBase {
  readonly protocol: 'mongodb';
  readonly product: 'mongodb';
  /** Which framing the server answered commands in: OP_MSG (3.6+) or OP_QUERY (older). */
  readonly wire: 'op_msg' | 'op_query';
  readonly maxWireVersion?: number;
  /** standalone, primary, secondary, arbiter, mongos or other. */
  readonly role?: string;
  /** At most 20 database names, from listDatabases. */
  readonly databases?: readonly string[];
  readonly databaseCount?: number;
  readonly totalSizeBytes?: number;
  /** Database names that match known ransom notes (READ__ME_TO_RECOVER_YOUR_DATA, meow …). */
  readonly ransomNotes?: readonly string[];
  /** listDatabases refused: its code (13 = Unauthorized) and message. */
  readonly error?: { readonly code?: number; readonly message: string };
}

export interface ZookeeperObservation extends WireObservationBase {
  readonly protocol: 'zookeeper';
  readonly product: 'zookeeper';
  /**
   * open: `mntr` answered, or a session without credentials listed `/`; auth-required: the read
   * met an authentication error (SASL enforced); refused: the server granted no session;
   * unknown: nothing decided it (`undecided` says why).
   */
  readonly access: Access | 'unknown';
  /** What proved access: the `mntr` word, or a session that listed `/` (when the words are whitelisted away). */
  readonly provenBy?: 'mntr' | 'session';
  /** The four-letter-word refusal, e.g. "mntr is not executed because it is not in the whitelist." */
  readonly refusal?: string;
  /** zk_server_state or srvr's Mode: standalone, leader, follower, observer. */
  readonly serverState?: string;
  readonly znodeCount?: number;
  readonly approximateDataSize?: number;
  readonly aliveConnections?: number;
  /** Children of `/` a session without credentials listed: their number and at most ten names. */
  readonly rootChildren?: number;
  readonly rootChildNames?: readonly string[];
  /** The KeeperException a session's read met (NOAUTH, AUTHFAILED, SESSIONCLOSEDREQUIRESASLAUTH). */
  readonly sessionError?: string;
  /** Why access stayed unknown, in words (e.g. "no session: the server closed the connection"). */
  readonly undecided?: string;
}

export interface CassandraObservation extends WireObservationBase {
  readonly protocol: 'cassandra';
  readonly product: 'cassandra' | 'scylladb';
  /** open: READY to STARTUP; auth-required: AUTHENTICATE. */
  readonly cqlVersions?: readonly string[];
  readonly protocolVersions?: readonly string[];
  /** The authenticator class AUTHENTICATE named (e.g. org.apache.cassandra.auth.PasswordAuthenticator). */
  readonly authenticator?: string;
  readonly error?: { readonly code: number; readonly message: string };
}

export interface ClickhouseObservation extends WireObservationBase {
  readonly protocol: 'clickhouse';
  readonly product: 'clickhouse';
  /**
   * open: the server answered Hello; auth-required: an authentication error; refused: this
   * address is not allowed; unknown: any other exception.
   */
  readonly access: Access | 'unknown';
  /** The user the Hello named, with an empty password. */
  readonly user: string;
  readonly version?: string;
  /** The native protocol revision the server announced. */
  readonly revision?: number;
  /** The Exception the server answered the Hello with. */
  readonly error?: { readonly code: number; readonly message: string };
}

export interface NatsObservation extends WireObservationBase {
  readonly protocol: 'nats';
  readonly product: 'nats';
  /**
   * open: PONG to a CONNECT without credentials (or, unproven, a banner without auth_required);
   * auth-required: the banner says auth_required, or the CONNECT met an authorization error.
   */
  readonly access: 'open' | 'auth-required' | 'unknown';
  /** What decided access: the CONNECT conversation, or only the INFO banner (no conversation was run or it failed). */
  readonly provenBy: 'connect' | 'info';
  readonly authRequired: boolean;
  readonly tlsRequired: boolean;
  readonly jetstream?: boolean;
  readonly protocolVersion?: number;
  readonly goVersion?: string;
  /** The server's `-ERR` line to the CONNECT, quotes dropped (e.g. "Authorization Violation"). */
  readonly refusal?: string;
  /** The CONNECT went inside TLS, because the banner said tls_required. */
  readonly overTls?: true;
}

export interface AmqpObservation extends WireObservationBase {
  readonly protocol: 'amqp';
  /** `rabbitmq` when server-properties say RabbitMQ, else `amqp` (another 0-9-1 broker). */
  readonly product: string;
  /** AMQP always asks for SASL credentials before a connection opens. */
  readonly access: 'auth-required';
  /** The server-properties `platform` (RabbitMQ: the Erlang/OTP release). */
  readonly platform?: string;
  /** SASL mechanisms offered, e.g. ["PLAIN", "AMQPLAIN"]. */
  readonly mechanisms: readonly string[];
  /** The default-credential login (--credential-checks only): accepted (Connection.Tune), denied, or failed (no verdict). */
  readonly defaultLogin?: {
    readonly user: 'guest';
    readonly result: 'accepted' | 'denied' | 'failed';
    readonly replyCode?: number;
    readonly replyText?: string;
    /** After an accepted login: whether Connection.Open of the virtual host `/` was granted. */
    readonly vhost?: 'opened' | 'refused';
  };
}

export type Observation =
  | RedisObservation
  | PostgresObservation
  | MysqlObservation
  | MemcachedObservation
  | MqttObservation
  | MongodbObservation
  | ZookeeperObservation
  | CassandraObservation
  | ClickhouseObservation
  | NatsObservation
  | AmqpObservation
  | HttpObservation;
export type Protocol = Observation['protocol'];

export type ProbeOutcome<O> =
  | { readonly kind: 'identified'; readonly observation: O }
  | { readonly kind: 'not-this' }
  | { readonly kind: 'failure'; readonly failure: ProbeFailure };
