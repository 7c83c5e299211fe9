import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { propertyRuns } from '../../../test/helpers/propertyRuns.js';
import { Temporal } from 'temporal-polyfill';
import { isWithinWindows } from '../reachableWindows.js';
import { formatSuggestedTimes, suggestedTimes } from './suggestedTimes.js';
import { builtinPlaybooks } from './builtins.js';
import {
  escapeHtml, fillPlaceholders, mergeFields, mergeTokens, missingFields, notSentReason, placeholdersIn, renderTemplate, templateErrors,
} from './template.js';

describe('merge fields', () => {
  it('finds tokens with their offsets, spaces allowed inside the braces', () => {
    expect(mergeTokens('Hi {{contact.firstName}}, re {{ agenda }}.')).toEqual([
      { field: 'contact.firstName', start: 3, end: 24 },
      { field: 'agenda', start: 29, end: 41 },
    ]);
  });

  it('accepts every known field and names unknown or logic fields', () => {
    expect(templateErrors(mergeFields.map((f) => `{{${f}}}`).join(' '), 'body')).toEqual([]);
    const errors = templateErrors('{{contact.nickname}} {{#if agenda}}', 'steps.0.script');
    expect(errors.map((e) => e.path)).toEqual(['steps.0.script', 'steps.0.script']);
    expect(errors[0]?.message).toMatch(/^unknown merge field \{\{contact\.nickname\}\}; known fields: contact\.firstName, /);
    expect(errors[1]?.message).toMatch(/^unknown merge field \{\{#if agenda\}\}/);
    expect(templateErrors('Hi {{contact.firstName}', 'x')).toEqual([{ path: 'x', message: 'has an unclosed {{ or a stray }}' }]);
    expect(templateErrors('a }} b', 'x')).toHaveLength(1);
  });

  it('fills values, escaping them (not the template) for HTML', () => {
    const values = { 'contact.firstName': 'Zoë <b>&</b>', agenda: 'the "Q3" rollout' };
    const text = '<p>Hi {{contact.firstName}}, about {{agenda}} {{unknown.field}}</p>';
    expect(renderTemplate(text, values)).toBe('<p>Hi Zoë <b>&</b>, about the "Q3" rollout </p>');
    expect(renderTemplate(text, values, { html: true })).toBe('<p>Hi Zoë &lt;b&gt;&amp;&lt;/b&gt;, about the &quot;Q3&quot; rollout </p>');
    expect(missingFields(`${text} {{progress}}`, values)).toEqual(['progress']);
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  describe('empty fields', () => {
    it('shows a visible placeholder instead of a hole, which the outbox can find and fill later', () => {
      const script = '"Thanks, and you can reach me any time on {{user.phone}}."';
      const rendered = renderTemplate(script, { 'user.phone': '' });
      expect(rendered).toBe('"Thanks, and you can reach me any time on [your phone number — add it in Settings → Profile]."');
      expect(rendered).not.toContain(' on .');
      expect(placeholdersIn(rendered)).toEqual(['user.phone']);
      expect(notSentReason(placeholdersIn(rendered))).toBe('Not sent: your phone number is empty — add it in Settings → Profile');
      const filled = fillPlaceholders(rendered, { 'user.phone': '+1 415 555 0100' });
      expect(filled).toBe('"Thanks, and you can reach me any time on +1 415 555 0100."');
      expect(placeholdersIn(filled)).toEqual([]);
      expect(fillPlaceholders(rendered, {})).toBe(rendered);
    });

    it('names every empty field in one reason', () => {
      const rendered = renderTemplate('{{contact.company}} {{user.phone}} {{contact.title}}', {});
      expect(notSentReason(placeholdersIn(rendered))).toBe(
        'Not sent: the contact’s company is empty — add it on the contact’s page; the contact’s job title is empty — add it on the contact’s page; your phone number is empty — add it in Settings → Profile',
      );
    });

    it('leaves out the sentence that carries an empty progress, never filling it with filler', () => {
      const email = 'Hi {{contact.firstName}},\n\nWhen we spoke you mentioned {{contact.interest}}. Since then: {{progress}}.\n\nWould a call help?';
      const values = { 'contact.firstName': 'Dana', 'contact.interest': 'onboarding time' };
      expect(renderTemplate(email, values)).toBe('Hi Dana,\n\nWhen we spoke you mentioned onboarding time.\n\nWould a call help?');
      expect(renderTemplate(email, { ...values, progress: 'the import is twice as fast' })).toBe(
        'Hi Dana,\n\nWhen we spoke you mentioned onboarding time. Since then: the import is twice as fast.\n\nWould a call help?',
      );
    });

    it('keeps the quotes and the neighbouring sentences of a script whole', () => {
      const values = { 'contact.firstName': 'Dana', 'user.name': 'Sam', 'contact.interest': 'onboarding time', 'user.phone': '555 0100' };
      expect(renderTemplate('"Hi {{contact.firstName}}, it\'s {{user.name}}. I have an update on {{contact.interest}} you\'ll want\nto hear: {{progress}}. I\'ll try again, or reach me on {{user.phone}}."', values))
        .toBe('"Hi Dana, it\'s Sam. I\'ll try again, or reach me on 555 0100."');
      expect(renderTemplate('"Hi {{contact.firstName}}, about {{contact.interest}}: {{progress}}.\nShall we talk?"', values)).toBe('"Shall we talk?"');
      expect(renderTemplate('When we spoke you told me it matters.\nSince then: {{progress}}. What are your thoughts?"\n\nME:', values))
        .toBe('When we spoke you told me it matters.\nWhat are your thoughts?"\n\nME:');
      expect(renderTemplate('"Hi {{contact.firstName}}. Since then: {{progress}}."', values)).toBe('"Hi Dana."');
    });

    it('renders every built-in step without a hole or a stray merge field when progress and the phone are empty', () => {
      const values = {
        'contact.firstName': 'Dana', 'contact.name': 'Dana Lee', 'contact.interest': 'onboarding time', agenda: 'the pilot', lastConversationDate: '2 March 2026',
        'user.name': 'Sam', 'user.firstName': 'Sam', 'user.signature': 'Sam\nAcme', 'product.name': 'Acme', purchaseDate: '1 May 2024', customerSince: '1 May 2020',
        customerYears: '5', suggestedTimes: '- Tuesday', 'sender.postalAddress': '1 Main St', unsubscribeUrl: 'https://u', 'referrer.name': 'Kim', 'referrer.firstName': 'Kim',
      };
      for (const playbook of builtinPlaybooks) {
        for (const step of playbook.steps) {
          for (const text of [step.script, step.template?.body, step.template?.subject]) {
            if (!text) continue;
            const rendered = renderTemplate(text, values);
            expect(rendered, `${playbook.key}/${step.id}`).not.toMatch(/\{\{|\}\}|: \.|on \.| \.|Since then: \./);
            expect(placeholdersIn(rendered).filter((f) => f !== 'user.phone'), `${playbook.key}/${step.id}`).toEqual([]);
          }
        }
      }
    });
  });

  it('never lets a value inject markup or merge fields', () => {
    fc.assert(
      fc.property(fc.string().filter((v) => v.trim() !== ''), (value) => {
        const out = renderTemplate('[{{agenda}}]', { agenda: value }, { html: true });
        expect(out).not.toMatch(/[<>"']/);
        expect(renderTemplate('{{agenda}}', { agenda: value })).toBe(value);
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});

describe('suggestedTimes', () => {
  const la = 'America/Los_Angeles';
  const paris = 'Europe/Paris';
  const at = (local: string, zone: string): number => Temporal.PlainDateTime.from(local).toZonedDateTime(zone).epochMilliseconds;
  const user = { timeZone: paris, workingHours: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '19:00' }] };
  const contact = { timeZone: la, reachable: [] };

  it('offers three slots on different days inside both calendars, written in the contact zone', () => {
    // Paris 08:00–19:00 is Los Angeles 23:00–10:00: only 09:00–10:00 LA overlaps.
    const slots = suggestedTimes({ fromMs: at('2025-06-02T12:00', la), user, contact, busy: [] });
    expect(slots.map((s) => s.local)).toEqual(['2025-06-03T09:00', '2025-06-04T09:00', '2025-06-05T09:00']);
    expect(slots[0]?.label).toBe('Tuesday 3 June at 09:00');
    expect(formatSuggestedTimes(slots)).toBe(
      '- Tuesday 3 June at 09:00 (your time)\n- Wednesday 4 June at 09:00 (your time)\n- Thursday 5 June at 09:00 (your time)',
    );
  });

  it("steps around the user's other follow-ups", () => {
    const busy = [at('2025-06-03T08:45', la), at('2025-06-04T09:00', la), at('2025-06-05T09:45', la)];
    const slots = suggestedTimes({ fromMs: at('2025-06-02T12:00', la), user, contact, busy });
    expect(slots.map((s) => s.local)).toEqual(['2025-06-03T09:30', '2025-06-04T09:30', '2025-06-05T09:00']);
  });

  it('returns fewer when the two never overlap', () => {
    const night = { timeZone: paris, workingHours: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '09:00' }] };
    expect(suggestedTimes({ fromMs: at('2025-06-02T12:00', la), user: night, contact, busy: [] })).toEqual([]);
  });

  it('always lands inside both windows, clear of busy times, on distinct days', () => {
    const zones = ['UTC', la, paris, 'Asia/Kolkata', 'Pacific/Auckland'];
    const windowArb = fc.record({
      days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      from: fc.integer({ min: 0, max: 22 }),
      length: fc.integer({ min: 1, max: 12 }),
    }).map(({ days, from, length }) => ({ days, from: `${String(from).padStart(2, '0')}:00`, to: `${String(Math.min(24, from + length)).padStart(2, '0')}:00` }));
    fc.assert(
      fc.property(
        fc.constantFrom(...zones), fc.constantFrom(...zones), fc.array(windowArb, { maxLength: 2 }), fc.array(windowArb, { maxLength: 2 }),
        fc.integer({ min: at('2020-01-01T00:00', 'UTC'), max: at('2030-01-01T00:00', 'UTC') }),
        fc.array(fc.integer({ min: 0, max: 10 * 24 * 60 }), { maxLength: 8 }),
        (uz, cz, uw, cw, from, busyMinutes) => {
          const busy = busyMinutes.map((m) => from + m * 60_000);
          const slots = suggestedTimes({ fromMs: from, user: { timeZone: uz, workingHours: uw }, contact: { timeZone: cz, reachable: cw }, busy });
          expect(slots.length).toBeLessThanOrEqual(3);
          expect(new Set(slots.map((s) => s.local.slice(0, 10))).size).toBe(slots.length);
          for (const s of slots) {
            expect(s.startMs).toBeGreaterThanOrEqual(from);
            expect(isWithinWindows(s.startMs, cz, cw)).toBe(true);
            expect(isWithinWindows(s.startMs, uz, uw)).toBe(true);
            expect(busy.some((b) => Math.abs(b - s.startMs) < 30 * 60_000)).toBe(false);
          }
        },
      ),
      { numRuns: propertyRuns(50) },
    );
  }, 120_000);
});
