import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coach, type CoachCode, type CoachContext } from './coach.js';

const ctx: CoachContext = { interests: ['onboarding time', 'SOC 2 audit'], agenda: 'the pilot proposal', firstName: 'Dana' };
const codes = (text: string, context: CoachContext = ctx): CoachCode[] => coach(text, context).findings.map((f) => f.code);
const good = 'Hi Dana, the new import cut onboarding time by half for a team like yours. Could we talk it through on Tuesday at 10:00?';

describe('coach', () => {
  it('leaves a tailored message with a next step alone', () => {
    expect(codes(good)).toEqual([]);
  });

  describe('generic-opener', () => {
    it.each([
      'Just checking in on onboarding time. Free on Tuesday?',
      'Checking in about the SOC 2 audit: does Friday work?',
      'Touching base re onboarding time. Can we speak tomorrow?',
      'Just following up on the pilot proposal. Could you reply?',
      'Circling back on the SOC 2 audit — shall we book Monday?',
      'About onboarding time: any questions? Tuesday at 3pm?',
      'Did you get a chance to read the pilot proposal? Let me know.',
      'I just wanted to check in about onboarding time. Tuesday?',
    ])('flags "%s" at the phrase', (text) => {
      const finding = coach(text, ctx).findings.find((f) => f.code === 'generic-opener');
      expect(finding).toBeDefined();
      expect(text.slice(finding?.start, finding?.end).toLowerCase()).toMatch(/check|touch|follow|circl|questions|chance/);
      expect(codes(text)).toEqual(['generic-opener']);
    });

    it('does not flag ordinary uses of the words', () => {
      expect(codes('Hi Dana, I followed up with our security lead on the SOC 2 audit: she can join on Thursday. Does that suit you?')).toEqual([]);
      expect(codes("You'll check in at the front desk for the pilot proposal review on Monday at 9am.")).toEqual([]);
    });
  });

  describe('no-interest-reference', () => {
    it('flags a message about none of their interests or the agenda', () => {
      expect(codes('Hi Dana, our company just won an award. Can we talk on Tuesday?')).toEqual(['no-interest-reference']);
    });

    it('accepts the agenda, an interest, or one of its words in another form', () => {
      expect(codes('About the pilot proposal: can we talk Tuesday?')).toEqual([]);
      expect(codes('Your audits get easier with this. Can we talk Tuesday?')).toEqual([]);
      expect(codes('Onboarding new staff takes days less now. Can we talk Tuesday?')).toEqual([]);
    });

    it('says nothing when we know nothing they care about', () => {
      expect(codes('Can we talk Tuesday?', { interests: [] })).toEqual([]);
    });
  });

  describe('no-next-step', () => {
    it('flags a message with no time, question or request, over the whole text', () => {
      const text = 'Hi Dana, the new import cut onboarding time by half.';
      expect(coach(text, ctx).findings).toEqual([
        { code: 'no-next-step', start: 0, end: text.length, message: expect.stringContaining('proposes no time') },
      ]);
    });

    it('does not count "any questions?" as the next step', () => {
      expect(codes('The onboarding time report is attached. Any questions?')).toEqual(['no-next-step', 'generic-opener']);
    });

    it.each([
      'Onboarding time is down by half. What would it take to try it?',
      'Onboarding time is down by half. I can show you Thursday.',
      'Onboarding time is down by half. Free at 2:30pm?',
      'Onboarding time is down by half. Please reply with a good time.',
      'Onboarding time is down by half. Pick one: {{suggestedTimes}}',
      'Onboarding time is down by half. Let me know which week suits you.',
    ])('accepts "%s"', (text) => {
      expect(codes(text)).toEqual([]);
    });
  });

  describe('pushy', () => {
    it.each([
      ['This is your last chance to fix onboarding time. Reply today?', 'last chance'],
      ['Act now on the SOC 2 audit. Tuesday?', 'Act now'],
      ["Why haven't you answered about the pilot proposal? Monday?", "Why haven't you"],
      ['Why haven’t you replied on onboarding time? Monday?', 'Why haven’t you'],
      ['Limited-time offer on onboarding time. Friday?', 'Limited-time'],
      ['Onboarding time matters, please respond ASAP.', 'respond ASAP'],
    ])('flags "%s" at "%s"', (text, phrase) => {
      const finding = coach(text, ctx).findings.find((f) => f.code === 'pushy');
      expect(text.slice(finding?.start, finding?.end)).toBe(phrase);
    });

    it('flags any outreach after a no, and suggests none', () => {
      const report = coach(good, { ...ctx, saidNo: true });
      expect(report.findings).toEqual([{ code: 'pushy', start: 0, end: good.length, message: expect.stringContaining('said no') }]);
      expect(report.suggestedOpener).toBe('');
    });

    it('does not mistake reassurance for pressure', () => {
      expect(codes('Nothing urgent: when you have a moment, could we look at onboarding time on Friday?')).toEqual([]);
    });
  });

  it('suggests an opener from the agreement, the news, or what they care about', () => {
    expect(coach('x', { ...ctx, agreed: true }).suggestedOpener).toBe(
      'Hi Dana, you asked me to get back to you today about the pilot proposal, so here I am as promised.',
    );
    expect(coach('x', { ...ctx, progress: 'legal approved the pilot' }).suggestedOpener).toBe(
      'Hi Dana, I have news on the pilot proposal: legal approved the pilot.',
    );
    expect(coach('x', { interests: [] }).suggestedOpener).not.toMatch(/check|touch|follow/i);
  });

  describe('with nothing new to tell them', () => {
    const cases: Array<[string, CoachContext]> = [
      ['nothing known', { interests: [] }],
      ['nothing known, with a name', { interests: [], firstName: 'Dana' }],
      ['only an interest', { interests: ['onboarding time'], firstName: 'Dana' }],
      ['only an agenda', { interests: [], agenda: 'the pilot proposal' }],
      ['an interest and an agenda', { interests: ['onboarding time'], agenda: 'the pilot proposal', firstName: 'Dana' }],
    ];

    it.each(cases)('claims nothing it does not have (%s)', (_label, context) => {
      const opener = coach('x', context).suggestedOpener;
      expect(opener).not.toMatch(/something (?:specific|new)|I have (?:news|an update)|I have something/i);
    });

    it.each(cases)('asks about them or names the agenda, and passes its own coaching (%s)', (_label, context) => {
      const opener = coach('x', context).suggestedOpener;
      expect(opener).toContain('?');
      if (context.agenda) expect(opener).toContain(context.agenda);
      else if (context.interests[0]) expect(opener).toContain(context.interests[0]);
      expect(coach(opener, context).findings).toEqual([]);
    });

    it('asks where things stand on the agenda, or how their interest is going', () => {
      expect(coach('x', { interests: [], agenda: 'the pilot proposal', firstName: 'Dana' }).suggestedOpener).toBe(
        'Hi Dana, I am getting in touch about the pilot proposal: where do things stand on your side?',
      );
      expect(coach('x', { interests: ['onboarding time'] }).suggestedOpener).toBe(
        'Hi, how are things going with onboarding time? I would like to hear where you are before I suggest anything.',
      );
      expect(coach('x', { interests: [] }).suggestedOpener).toBe(
        'Hi, how are things on your side at the moment? I would like to hear what matters most to you right now.',
      );
    });
  });

  it('never flags a message that names their interest, proposes times and avoids the listed phrases', () => {
    const interestArb = fc.constantFrom('onboarding time', 'SOC 2 audit', 'warehouse costs', 'hiring pipeline', 'renewal pricing');
    const filler = fc.constantFrom(
      'Hi there,', 'Good news:', 'Since we spoke,', 'Quick update:', 'Thanks for your time last week.', 'Here is what changed.',
      'Our team shipped a fix.', 'I have the numbers you asked for.', '', 'The report is attached.',
    );
    const times = fc.constantFrom(
      'Could we talk on Tuesday at 10:00?', 'Does Thursday at 2pm work for you?', 'Pick one of these: {{suggestedTimes}}',
      'Are you free tomorrow morning?', 'I can call you Monday at 9:30; does that suit you?',
    );
    fc.assert(
      fc.property(fc.uniqueArray(interestArb, { minLength: 1, maxLength: 3 }), fc.nat(2), filler, filler, times, (interests, pick, a, b, t) => {
        const named = interests[pick % interests.length] ?? '';
        const text = [a, `${b} Here is something new on ${named}.`, t].join(' ');
        expect(coach(text, { interests, agenda: null }).findings).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});
