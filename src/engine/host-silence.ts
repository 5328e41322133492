// Which hosts have never answered. On the internet most addresses drop every SYN; there a retry
// can only find a port whose SYN (or SYN-ACK) was lost, and nmap spends fewer retries on such a
// host than on one seen losing packets (scan_engine.cc: a host's allowed tries follow the highest
// try that ever got an answer from it). exposcan does the same, simpler: a host that has answered
// anything (a SYN-ACK or a RST) keeps every retry of --connect-retries; a host that has stayed
// silent on SILENT_ENDPOINTS endpoints, every try of each unanswered, gets one retry, so a lost
// SYN to a firewalled host's one open port is still sent twice. Memory is bounded: the least
// recently seen hosts are forgotten past MAX_HOSTS, which only costs them the full retries again.

/** Endpoints of a host that must go wholly unanswered before it counts as silent. */
export const SILENT_ENDPOINTS = 3;
/** Retries left to an endpoint of a silent host. */
export const SILENT_HOST_RETRIES = 1;
/** Hosts remembered at once (a block of the probing order holds at most 65,536 endpoints). */
const MAX_HOSTS = 16_384;

/** Per host: -1 once it answered, otherwise how many of its endpoints went wholly unanswered. */
type Silence = number;
const ANSWERED: Silence = -1;

export class HostSilence {
  private readonly hosts = new Map<string, Silence>();

  constructor(private readonly maxHosts = MAX_HOSTS) {}

  /** Retries to allow the next endpoint of `host`, out of `configured`. */
  retriesFor(host: string, configured: number): number {
    const silence = this.hosts.get(host);
    if (silence === undefined || silence === ANSWERED || silence < SILENT_ENDPOINTS) return configured;
    return Math.min(configured, SILENT_HOST_RETRIES);
  }

  /** One endpoint of `host` is done: `answered` when any of its tries got a SYN-ACK or RST. */
  note(host: string, answered: boolean): void {
    const before = this.hosts.get(host);
    // Re-inserted so the Map's order is least recently seen first.
    this.hosts.delete(host);
    this.hosts.set(host, answered || before === ANSWERED ? ANSWERED : (before ?? 0) + 1);
    if (this.hosts.size > this.maxHosts) this.hosts.delete(this.hosts.keys().next().value!);
  }

  get size(): number {
    return this.hosts.size;
  }
}
