import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildIcalFeed } from '../../src/calendar/icalFeed.js';
import { buildInvitation } from '../../src/calendar/invitation.js';
import type { FollowUp } from '../../src/core/types.js';
import { propertyRuns } from '../helpers/propertyRuns.js';

const EVE = 'Eve";X-INJ=1:mailto:attacker@evil.example;CN="x';

const followUp: FollowUp = {
  id: '0190a0a0-0000-7000-8000-000000000001', workspaceId: 'w', contactId: 'c1', opportunityId: null, userId: 'u',
  kind: 'next-step', channel: 'meeting', dueAt: '2026-03-10T23:00:00.000Z', dueLocal: '2026-03-10T16:00', timeZone: 'America/Los_Angeles',
  allDay: false, agenda: 'pilot scope', progress: null, promised: true, source: 'agreement', status: 'open', statusReason: null,
  enrollmentId: null, stepId: null, touchNumber: 3, createdAt: '2026-03-02T17:00:00.000Z', doneAt: null,
};
const baseUrl = 'https://crm.example.com';
const nowMs = Date.parse('2026-03-02T17:00:00Z');

/** What a reader should see of a name in a CN: line breaks kept, control characters and backslashes dropped. */
const expectedCn = (name: string): string =>
  name.replace(/\r\n|\r|\n/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\\]/g, '');

/** Names built from the characters that end or extend a parameter, mixed with any (well-formed) unicode. */
const hostileName = fc.array(fc.oneof(
  fc.constantFrom('"', ';', ':', ',', '\n', '\r', '\r\n', '^', "^'", '^n', '^^', '\\', '\\"', '\t', '\u0000', '\u007f', '\u0085',
    'X-INJ=1', ':mailto:attacker@evil.example', ';CN="x', 'é', '😀', '\u200b', EVE),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
), { maxLength: 12 }).map((parts) => parts.join(''));

type Params = Record<string, unknown>;
interface Prop { name: string; params: Params; value: string }

function propsOf(component: ICAL.Component): Prop[] {
  return component.getAllProperties().map((p) => {
    const [name, params] = p.toJSON() as [string, Params, ...unknown[]];
    return { name, params, value: String(p.getFirstValue()) };
  });
}

function parseVevents(text: string): ICAL.Component[] {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
}

/** Asserts the invitation's one event says exactly what it should, whatever the names were. */
function checkInvitation(text: string, contact: { name: string; email: string }, organizer: { name: string; email: string }): void {
  expect(text).not.toMatch(/^X-INJ/im);
  const [vevent, ...more] = parseVevents(text);
  expect(more).toEqual([]);
  if (!vevent) throw new Error('no VEVENT');
  const props = propsOf(vevent);
  expect(props.map((p) => p.name).sort()).toEqual(
    ['attendee', 'description', 'dtend', 'dtstamp', 'dtstart', 'organizer', 'sequence', 'status', 'summary', 'uid', 'url', 'x-followthrough-link'],
  );
  checkAlarm(vevent);
  const attendees = props.filter((p) => p.name === 'attendee');
  expect(attendees).toHaveLength(1);
  const [attendee] = attendees;
  expect(attendee?.value.toLowerCase()).toBe(`mailto:${contact.email.toLowerCase()}`);
  const cn = expectedCn(contact.name);
  expect(attendee?.params).toEqual({ role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'TRUE', ...(cn ? { cn } : {}) });
  const organizerProp = props.find((p) => p.name === 'organizer');
  expect(organizerProp?.value.toLowerCase()).toBe(`mailto:${organizer.email.toLowerCase()}`);
  expect(organizerProp?.params).toEqual({ cn: expectedCn(organizer.name) || organizer.email });
  for (const p of props) expect(Object.keys(p.params).filter((k) => k.startsWith('x-'))).toEqual([]);
}

function invitation(contact: { name: string; email: string }, organizer: { name: string; email: string }): string {
  return buildInvitation({ method: 'REQUEST', followUp, contact: { id: 'c1', ...contact }, organizer, sequence: 0, baseUrl, nowMs, reminderMinutes: 10 });
}

function feed(names: string[], userName: string): string {
  return buildIcalFeed({
    calendarName: `Followthrough · ${userName}`, baseUrl, nowMs, reminderMinutes: 10,
    items: names.map((name, i) => ({
      followUp: { ...followUp, id: `0190a0a0-0000-7000-8000-00000000000${i}`, agenda: name },
      contact: { id: `c${i}`, name, timeZone: 'Europe/London', company: null },
      opener: `Hello ${name}`,
    })),
  });
}

/** The reminder quotes the name and agenda only inside its DESCRIPTION: one alarm, our three properties, no parameters. */
function checkAlarm(vevent: ICAL.Component): void {
  const alarms = vevent.getAllSubcomponents('valarm');
  expect(alarms).toHaveLength(1);
  const props = propsOf(alarms[0]!);
  expect(props.map((p) => p.name).sort()).toEqual(['action', 'description', 'trigger']);
  for (const p of props) expect(p.params).toEqual({});
}

/** The feed has no parameters from user text: its events carry only our properties, and no attendee. */
function checkFeed(text: string, names: string[], userName: string): void {
  expect(text).not.toMatch(/^X-INJ/im);
  const calendar = new ICAL.Component(ICAL.parse(text));
  const calendarName = `Followthrough · ${userName}`.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
  expect(propsOf(calendar)).toEqual(['version', 'prodid', 'name', 'x-wr-calname'].map((name) => ({
    name, params: {}, value: expect.any(String) as unknown,
  })));
  // ical.js does not know NAME (RFC 7986) as TEXT, so it is unescaped here.
  const unescapeText = (value: string): string => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c.toLowerCase() === 'n' ? '\n' : c));
  expect(unescapeText(String(calendar.getFirstPropertyValue('name')))).toBe(calendarName);
  const vevents = calendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(names.length);
  vevents.forEach((vevent, i) => {
    const props = propsOf(vevent);
    expect(props.map((p) => p.name).sort()).toEqual(['description', 'dtend', 'dtstamp', 'dtstart', 'sequence', 'summary', 'uid', 'url']);
    for (const p of props) expect(Object.keys(p.params).filter((k) => k !== 'tzid')).toEqual([]);
    expect(props.find((p) => p.name === 'summary')?.value).toBe(`meeting · ${(names[i] ?? '').replace(/\r\n|\r/g, '\n')}`);
    checkAlarm(vevent);
  });
}

describe('issue 12 finding 3: iCal parameter injection', () => {
  it('the Eve name stays inside CN: one attendee, the contact’s address, no X-INJ', () => {
    const contact = { name: EVE, email: 'eve@example.com' };
    const organizer = { name: EVE, email: 'olivia@example.com' };
    const text = invitation(contact, organizer);
    checkInvitation(text, contact, organizer);
    const [vevent] = parseVevents(text);
    const attendee = vevent?.getFirstProperty('attendee');
    expect(attendee?.getParameter('cn')).toBe(EVE);
    expect(String(attendee?.getFirstValue())).toBe('MAILTO:eve@example.com');
    checkFeed(feed([EVE], EVE), [EVE], EVE);
  });

  it('for any contact and organizer name, the invitation names the contact’s address and nothing else', () => {
    fc.assert(fc.property(hostileName, hostileName, fc.emailAddress(), (name, organizerName, email) => {
      const contact = { name, email };
      const organizer = { name: organizerName, email: 'olivia@example.com' };
      checkInvitation(invitation(contact, organizer), contact, organizer);
    }), { numRuns: propertyRuns(300) });
  });

  it('for any contact names, the feed’s events carry only their own properties', () => {
    fc.assert(fc.property(fc.array(hostileName, { minLength: 1, maxLength: 3 }), hostileName, (names, userName) => {
      checkFeed(feed(names, userName), names, userName);
    }), { numRuns: propertyRuns(200) });
  });
});
