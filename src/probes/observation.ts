// What a probe learnt from one endpoint, one variant per protocol. Rules read these; they never
// see sockets. Every field is metadata (product, version, counts, names), never the records.
import type { ProbeFailure } from '../engine/types.js';
import type { HttpObservation } from './http-observation.js';

export type Access = 'open' | 'auth-required' | 'refused';

/**
 * What every wire-protocol observation says about the service behind it. The engine turns this
 * into the endpoint's service; protocol-specific fields sit beside it for the rules.
 */
export interface WireObservationBase {
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
}

export interface MysqlObservation extends WireObservationBase {
  readonly protocol: 'mysql';
  readonly product: 'mysql' | 'mariadb';
  readonly version: string;
  readonly authPlugin?: string;
  /** The server's greeting was an error packet (e.g. host not allowed to connect). */
  readonly refused?: string;
}

export type Observation = RedisObservation | PostgresObservation | MysqlObservation | HttpObservation;
export type Protocol = Observation['protocol'];

export type ProbeOutcome<O> =
  | { readonly kind: 'identified'; readonly observation: O }
  | { readonly kind: 'not-this' }
  | { readonly kind: 'failure'; readonly failure: ProbeFailure };
