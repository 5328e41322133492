// What a scan produced, as the report, the spool and `exposcan merge` read it. A leaf beside the
// runner (src/engine/run.ts), so that the spool under it and the report above it need not import it.
import type { CoverageGap } from '../cloud/inventory.js';
import type { Finding } from '../findings/finding.js';
import type { ScanCounters } from '../scan/checkpoint.js';
import type { UnreachedTarget } from '../scan/reach.js';

export interface ServiceRecord {
  readonly host: string;
  readonly port: number;
  readonly protocol: string;
  readonly tls: boolean;
  readonly product?: string;
  readonly version?: string;
  readonly access?: string;
  /** What an unrecognised server said first, printable and redacted. */
  readonly banner?: string;
}

export interface ScanStats extends ScanCounters {
  readonly findings: number;
}

export interface ScanOutcome {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** True when the scan was interrupted before every endpoint was probed. */
  readonly partial: boolean;
  readonly stats: ScanStats;
  readonly services: readonly ServiceRecord[];
  readonly findings: readonly Finding[];
  /** Cloud reads that could not be made: never a pass. */
  readonly coverage: readonly CoverageGap[];
  /** Targets none of whose probed endpoints could be connected to: never a pass either. */
  readonly unreached: readonly UnreachedTarget[];
  /**
   * Positions of the targets at least one of whose endpoints was reached. A shard report keeps it:
   * `exposcan merge` must not call a target unreached that another shard reached.
   */
  readonly reached?: readonly number[];
}
