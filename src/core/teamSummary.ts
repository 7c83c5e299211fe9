import { Temporal } from 'temporal-polyfill';
import { firstInstantAt } from './digest.js';
import type { Rate } from './insights.js';
import type { TeamRow, TeamTotals } from './team.js';
import { localDateOf } from './time.js';

/**
 * The weekly team summary to managers: when it is due, and what it says. Pure, like the digest it
 * follows (core/digest.ts).
 */

/** Monday, in the manager's zone. */
export const SUMMARY_WEEKDAY = 1;
export const SUMMARY_TIME = '08:00';

/**
 * The Monday whose summary is due at `nowMs` in `zone`, or null: due from 08:00 (a time a DST gap
 * skips starts when the gap ends) until that Monday ends, so a worker that was down at 08:00 still
 * sends it that morning, and never one for a Monday that has passed.
 */
export function summaryDueWeek(nowMs: number, zone: string): string | null {
  const date = localDateOf(nowMs, zone);
  if (Temporal.PlainDate.from(date).dayOfWeek !== SUMMARY_WEEKDAY) return null;
  return nowMs >= firstInstantAt(date, SUMMARY_TIME, zone) ? date : null;
}

/** The Monday a summary sent on `monday` reports on: the week before. */
export const reportedWeek = (monday: string): { from: string; to: string } => {
  const day = Temporal.PlainDate.from(monday);
  return { from: day.subtract({ weeks: 1 }).toString(), to: day.subtract({ days: 1 }).toString() };
};

export interface SummaryMessage {
  subject: string;
  text: string;
  html: string;
}

const percent = (rate: Rate): string => (rate.rate === null ? '–' : `${Math.round(rate.rate * 100)}%`);
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const onDate = (date: string): string => shortDate.format(Temporal.PlainDate.from(date).toZonedDateTime('UTC').epochMilliseconds);

const HEADINGS = ['Salesperson', 'Due', 'Open', 'Late', 'Kept', 'Consistent', 'Stalled', 'No next step', 'Touches'] as const;

function cells(name: string, f: TeamTotals): string[] {
  return [name, String(f.promisesDue), String(f.promisesOpen), String(f.late), percent(f.promiseKept), percent(f.consistency), String(f.stalled), String(f.noNextStep), String(f.touches)];
}

/** The team as aligned text columns, a line per member and the team's totals last (the email, the CLI). */
export function textTable(members: ReadonlyArray<TeamTotals & { name: string }>, totals: TeamTotals | null): string[] {
  const rows = [...members.map((m) => cells(oneLine(m.name), m)), ...(totals ? [cells('Team', totals)] : [])];
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(HEADINGS), line(HEADINGS.map((_, i) => '-'.repeat(widths[i] ?? 0))), ...rows.map(line)];
}

export interface SummaryInput {
  managerName: string;
  workspaceName: string;
  /** The Monday it is sent on; it reports on the week before. */
  week: string;
  members: readonly TeamRow[];
  totals: TeamTotals;
  baseUrl: string;
}

/** The team table as text (aligned columns) and HTML, with links into the app and how to turn it off. */
export function renderTeamSummary(input: SummaryInput): SummaryMessage {
  const base = input.baseUrl.replace(/\/+$/, '');
  const { from, to } = reportedWeek(input.week);
  const period = `${onDate(from)} – ${onDate(to)}`;
  const workspace = oneLine(input.workspaceName);
  const { totals } = input;
  const subject = `${workspace}: your team's week, ${period} (${plural(totals.late, 'late promise')}, kept ${percent(totals.promiseKept)})`;
  const rows = [...input.members.map((m) => cells(oneLine(m.name), m)), cells('Team', totals)];
  const first = oneLine(input.managerName).split(' ')[0] ?? '';
  const explain = [
    'Due: promises whose agreed day fell in the week; Open: of those, still open. Kept: kept on the agreed day.',
    'Late, Stalled (open deals with nothing planned) and No next step (contacts with nothing planned) are as of now.',
    'Touches: outbound touches in each person\'s own week.',
  ];
  const teamUrl = `${base}/#/team?from=${from}&to=${to}`;
  const offUrl = `${base}/#/settings`;
  const text = [
    first ? `Good morning ${first},` : 'Good morning,', '',
    `${workspace}, the week of ${period}:`, '',
    ...textTable(input.members, totals), '',
    ...explain, '',
    `See each figure behind the numbers: ${teamUrl}`, '',
    `You get this summary every Monday morning as an owner or admin. To turn it off, untick "Weekly team summary email" in Settings: ${offUrl}`,
  ].join('\n');
  const th = (h: string, i: number) => `<th style="text-align:${i === 0 ? 'left' : 'right'};padding:4px 8px;border-bottom:1px solid #ccc">${escapeHtml(h)}</th>`;
  const td = (c: string, i: number, bold: boolean) => `<td style="text-align:${i === 0 ? 'left' : 'right'};padding:4px 8px${bold ? ';font-weight:bold;border-top:1px solid #ccc' : ''}">${escapeHtml(c)}</td>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1a1a">',
    `<p>${escapeHtml(first ? `Good morning ${first},` : 'Good morning,')}</p>`,
    `<p>${escapeHtml(`${workspace}, the week of ${period}:`)}</p>`,
    '<table style="border-collapse:collapse">',
    `<thead><tr>${HEADINGS.map(th).join('')}</tr></thead>`,
    `<tbody>${rows.map((r, n) => `<tr>${r.map((c, i) => td(c, i, n === rows.length - 1)).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
    `<p style="color:#555">${explain.map(escapeHtml).join('<br>')}</p>`,
    `<p><a href="${escapeHtml(teamUrl)}">See each figure behind the numbers</a></p>`,
    `<p style="color:#555">You get this summary every Monday morning as an owner or admin. <a href="${escapeHtml(offUrl)}">Turn it off in Settings</a> (untick "Weekly team summary email").</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
