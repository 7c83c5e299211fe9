/**
 * A webhook event as Slack's incoming-webhook JSON (issue 15 item 5): `{text, blocks}` in mrkdwn, for
 * an endpoint with `format: "slack"`. The morning digest reads as the day's list; a late promise as
 * "Promise to <name> for <time> is late". Pure: it reads only the event's payload.
 */
import { webhookEventLabels, type WebhookEventType } from '../shared/webhooks.js';

export interface SlackMessage {
  text: string;
  blocks?: Array<{ type: 'section'; text: { type: 'mrkdwn'; text: string } }>;
}

/** Slack's mrkdwn treats &, < and > as markup: typed names and agendas are escaped, and kept to one line. */
export const slackEscape = (value: string): string => value.replace(/\s+/g, ' ').trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Slack shows at most this many characters in one section. */
const SECTION_LIMIT = 2900;

export interface DigestLine {
  when: string;
  contact: string;
  company: string | null;
  channel: string;
  agenda: string | null;
  promised: boolean;
  overdue: boolean;
}

function digestLine(line: DigestLine): string {
  const who = slackEscape(line.contact) + (line.company ? ` (${slackEscape(line.company)})` : '');
  const about = line.agenda ? ` about ${slackEscape(line.agenda)}` : '';
  const promised = line.promised ? ' — _promised_' : '';
  return `• ${slackEscape(line.when)}: ${slackEscape(line.channel)} *${who}*${about}${promised}`;
}

function digestMessage(data: Record<string, unknown>): SlackMessage {
  const title = slackEscape(text(data.title)) || 'Your day';
  const lines = (Array.isArray(data.items) ? data.items : []).map((item) => record(item) as unknown as DigestLine);
  const overdue = lines.filter((l) => l.overdue).map(digestLine);
  const today = lines.filter((l) => !l.overdue).map(digestLine);
  const sections = [`*${title}*`];
  if (overdue.length) sections.push(`*Overdue, keep these first:*\n${overdue.join('\n')}`);
  if (today.length) sections.push(`*Today:*\n${today.join('\n')}`);
  if (!overdue.length && !today.length) sections.push('Nothing is due today: a good day to reach out to someone you have not spoken to in a while.');
  const body = sections.join('\n\n');
  return { text: body.slice(0, 40_000), blocks: sections.map((section) => ({ type: 'section', text: { type: 'mrkdwn', text: section.slice(0, SECTION_LIMIT) } })) };
}

export function slackMessageOf(type: WebhookEventType, data: Record<string, unknown>): SlackMessage {
  if (type === 'digest.ready') return digestMessage(data);
  const contact = slackEscape(text(record(data.contact).name));
  if (type === 'follow-up.late') {
    const when = slackEscape(text(data.dueInWords)) || slackEscape(text(record(data.followUp).dueLocal));
    return { text: `Promise to *${contact || 'a contact'}* for ${when} is late` };
  }
  return { text: contact ? `${webhookEventLabels[type]}: *${contact}*` : webhookEventLabels[type] };
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "Mon 7 Dec 10:00" from a wall time "2026-12-07T10:00" (or "Mon 7 Dec" from a date): how a salesperson reads a due time. */
export function wallTimeInWords(wall: string): string {
  const [date = '', time] = wall.split('T');
  const day = dayFormat.format(Date.parse(`${date}T00:00:00Z`));
  return time ? `${day} ${time.slice(0, 5)}` : day;
}
