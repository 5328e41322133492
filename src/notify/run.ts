// --notify after a scan is recorded: announce what opened, send the daily digest when due, remember
// both in the history file. Returns what happened for the report; never throws (a notification
// that cannot be sent costs only itself, and --strict counts it as incomplete).
// At least once, never lost: what is due is marked owed in the history before anything is sent,
// and `beforeDelivery` lets the caller write the report then, so a process killed during delivery
// leaves a valid report and an owed announcement that the next scan sends (perhaps twice), never
// a finding nobody is told about.
import type { Report, ReportNotifications } from '../report/report.js';
import { Announcements, type AnnouncementState } from '../history/announcements.js';
import { atOrAbove, toAnnounce } from './select.js';
import { buildPayload } from './payload.js';
import { deliver, type Delivery, type DeliveryPolicy } from './sinks.js';
import { toSink, type NotifyConfig } from './config.js';

interface NotifyHooks {
  /** Called once what is due is recorded as owed, before the first delivery: the report as it stands then. */
  readonly beforeDelivery?: (pending: ReportNotifications) => void;
  readonly send?: typeof deliver;
}

export async function notify(
  report: Report,
  config: NotifyConfig,
  { beforeDelivery, send = deliver }: NotifyHooks = {},
): Promise<ReportNotifications> {
  if (!report.history || report.history.notUpdated !== undefined) {
    return {
      announced: 0,
      owed: 0,
      failures: [],
      skipped: 'the scan was not recorded in the history, so what changed is unknown',
    };
  }
  const policy: DeliveryPolicy = {
    attempts: config.attempts,
    timeoutMs: config.timeout,
    backoffMs: config.backoff,
    maxBackoffMs: 30_000,
  };
  const sinks = config.sinks.map(toSink);
  let store: Announcements | undefined;
  try {
    store = new Announcements(report.history.file);
    const due = toAnnounce(report.findings, config.severity, store.states());
    const failures: ReportNotifications['failures'][number][] = [];
    const record = (kind: 'changes' | 'digest', deliveries: readonly Delivery[]) => {
      for (const delivery of deliveries)
        if (!delivery.ok)
          failures.push({ sink: delivery.sink, kind, attempts: delivery.attempts, error: delivery.error ?? 'failed' });
      return deliveries.every((delivery) => delivery.ok);
    };
    const mark = (state: AnnouncementState) => new Map(due.map((finding) => [finding.id, state]));
    store.update(
      report.scan.id,
      report.scan.finishedAt,
      mark('owed'),
      report.history.fixed.map((fixed) => fixed.id),
    );
    beforeDelivery?.({ announced: 0, owed: due.length, failures: [] });
    let delivered = true;
    if (due.length > 0) {
      const payload = buildPayload('changes', report, due, config.severity);
      delivered = record('changes', await Promise.all(sinks.map((sink) => send(sink, payload, policy))));
      if (delivered) store.update(report.scan.id, report.scan.finishedAt, mark('sent'), []);
    }
    let digest: ReportNotifications['digest'];
    const day = report.scan.finishedAt.slice(0, 10);
    if (config.digest === 'daily' && !report.scan.partial && !store.digestSent(day)) {
      const open = report.findings.filter((finding) => atOrAbove(finding.severity, config.severity));
      const sent = record(
        'digest',
        await Promise.all(
          sinks.map((sink) => send(sink, buildPayload('digest', report, open, config.severity), policy)),
        ),
      );
      if (sent) store.markDigest(day, report.scan.id);
      digest = sent ? 'sent' : 'failed';
    }
    return {
      announced: delivered ? due.length : 0,
      owed: delivered ? 0 : due.length,
      ...(digest ? { digest } : {}),
      failures,
    };
  } catch (error) {
    return {
      announced: 0,
      owed: 0,
      failures: [],
      skipped: `the history could not be read or written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    };
  } finally {
    store?.close();
  }
}
