import { describe, expect, it } from 'vitest';
import { rateOf } from './insights.js';
import { teamTotals, type TeamRow } from './team.js';
import { renderTeamSummary, reportedWeek, summaryDueWeek } from './teamSummary.js';

const ms = (iso: string): number => Date.parse(iso);

describe('summaryDueWeek', () => {
  it('is due from Monday 08:00 in the zone until that Monday ends', () => {
    expect(summaryDueWeek(ms('2026-03-09T07:59:00Z'), 'Europe/London')).toBeNull();
    expect(summaryDueWeek(ms('2026-03-09T08:00:00Z'), 'Europe/London')).toBe('2026-03-09');
    expect(summaryDueWeek(ms('2026-03-09T23:59:00Z'), 'Europe/London')).toBe('2026-03-09');
    expect(summaryDueWeek(ms('2026-03-10T00:00:00Z'), 'Europe/London')).toBeNull();
    expect(summaryDueWeek(ms('2026-03-08T08:00:00Z'), 'Europe/London')).toBeNull();
  });
  it('follows the zone across a DST change', () => {
    // New York on EDT from Sunday 8 March 2026: Monday 08:00 is 12:00 UTC, a week earlier 13:00.
    expect(summaryDueWeek(ms('2026-03-02T12:59:00Z'), 'America/New_York')).toBeNull();
    expect(summaryDueWeek(ms('2026-03-02T13:00:00Z'), 'America/New_York')).toBe('2026-03-02');
    expect(summaryDueWeek(ms('2026-03-09T11:59:00Z'), 'America/New_York')).toBeNull();
    expect(summaryDueWeek(ms('2026-03-09T12:00:00Z'), 'America/New_York')).toBe('2026-03-09');
    // Auckland: Monday 08:00 NZDT is Sunday 19:00 UTC.
    expect(summaryDueWeek(ms('2026-03-08T19:00:00Z'), 'Pacific/Auckland')).toBe('2026-03-09');
  });
  it('reports on the week before', () => {
    expect(reportedWeek('2026-03-09')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
  });
});

describe('renderTeamSummary', () => {
  const row = (name: string, late: number): TeamRow => ({
    userId: name, name, email: `${name}@example.com`, timeZone: 'Europe/London', promisesDue: 4, promisesOpen: 1, late,
    promiseKept: { ...rateOf(3, 4), kept: 3, early: 0, late: 1, missed: 0, skipped: 0, openPastDue: 0, pending: 0 },
    consistency: rateOf(1, 3), stalled: 2, noNextStep: 5, touches: 12, touchWeek: '2026-03-02',
  });
  it('escapes what people typed, in the HTML, and keeps each name on one line in the text', () => {
    const members = [row('Ann <b>& co</b>', 1), row('Ben\nBaker', 0)];
    const mail = renderTeamSummary({ managerName: 'Olivia Owner', workspaceName: 'Acme', week: '2026-03-09', members, totals: teamTotals(members), baseUrl: 'https://ft.example/' });
    expect(mail.subject).toBe('Acme: your team\'s week, 2 March – 8 March (1 late promise, kept 75%)');
    expect(mail.html).toContain('Ann &#60;b&#62;&#38; co&#60;/b&#62;');
    expect(mail.html).not.toContain('<b>');
    expect(mail.text).toMatch(/^Ben Baker\s+4\s+1\s+0\s+75%\s+33%\s+2\s+5\s+12$/m);
    expect(mail.text).toMatch(/^Team\s+8\s+2\s+1\s+75%\s+33%\s+4\s+10\s+24$/m);
    expect(mail.text).toContain('https://ft.example/#/team?from=2026-03-02&to=2026-03-08');
  });
});
