// Which findings a scan announces (pure): those at or above the threshold that opened in this scan
// (new or reopened), plus any whose announcement failed before and is still owed. A finding still
// open (status open) that was announced is not announced again; a reopened one is (it is a new
// episode even if the scan where it vanished ran without --notify). The history marks statuses;
// Announcements remembers what was said.
import { SEVERITIES, type Severity } from '../engine/types.js';
import type { Finding } from '../findings/finding.js';
import type { AnnouncementState } from '../history/announcements.js';

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  // SEVERITIES runs from the most to the least severe.
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

export function toAnnounce(
  findings: readonly Finding[],
  threshold: Severity,
  states: ReadonlyMap<string, AnnouncementState>,
): Finding[] {
  return findings.filter((finding) => {
    if (!atOrAbove(finding.severity, threshold)) return false;
    if (finding.status === 'new' || finding.status === 'reopened') return true;
    return states.get(finding.id) === 'owed';
  });
}
