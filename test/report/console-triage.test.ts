// The console for triage (issue 13, problem 5): colour only when asked (a TTY without NO_COLOR),
// open endpoints nothing identified, a failures summary, and the way on after an interruption.
import { describe, expect, it } from 'vitest';
import { renderConsole, wantsColour } from '../../src/report/console.js';
import type { Report } from '../../src/report/report.js';
import { hostileFinding, reportWith } from './fixtures.js';

const ESC = '\u001b[';

function withServices(report: Report, services: Report['services']): Report {
  return { ...report, services: [...report.services, ...services] };
}

describe('console triage', () => {
  it('colours severities only when asked, and never changes the columns', () => {
    const report = reportWith([hostileFinding]);
    const plain = renderConsole(report, []);
    const coloured = renderConsole(report, [], { colour: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}1;31mcritical`);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('colour is for a terminal without NO_COLOR', () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({}, {})).toBe(false);
  });

  it('lists open endpoints nothing identified, a few, with their first bytes, and the failures', () => {
    const unknown = Array.from({ length: 12 }, (_, index) => ({
      host: '192.0.2.20',
      port: 4000 + index,
      protocol: 'unknown',
      tls: false,
      ...(index === 0 ? { banner: 'INFO {"server_id":"x"}' } : {}),
    }));
    const text = renderConsole(withServices(reportWith([]), unknown), []);
    expect(text).toContain(
      'OPEN, NOT IDENTIFIED: 12 endpoints answered but matched no fingerprint:\n  192.0.2.20:4000  first bytes: INFO {"server_id":"x"}\n  192.0.2.20:4001\n',
    );
    expect(text).toContain('  … and 2 more (services in report.json)');
    expect(text).toContain('failures: refused 3 (refused: nothing listens');
  });

  it('after an interruption, points at --resume', () => {
    expect(renderConsole(reportWith([], true), [])).toContain(
      'Run the same command with --resume to continue where it stopped.',
    );
  });
});
