/**
 * Seed 002, "The Follow Up Series": the call at the agreed time, a retry 15 minutes later, then calls
 * a few business days apart, 7 voicemails and 3 emails at most, and a polite last message that ends it.
 * One call, one touch: each call carries the message to leave if it reaches voicemail, and logging
 * the call as a voicemail moves the series on.
 */

import type { Playbook } from '../types.js';
import { businessDays, call, email, lines, minutes } from './steps.js';

/** "You, Me, Next Step": talk about them, then how we help, then agree the next step together. */
export const youMeNextStep = lines(
  'YOU (about them):',
  '"Hi {{contact.firstName}}, it\'s {{user.name}}, calling as we agreed, about {{agenda}}.',
  'When we spoke on {{lastConversationDate}} you told me {{contact.interest}} matters most to you right now.',
  'Since then: {{progress}}. What are your thoughts?"',
  '',
  'ME (how we help them get it):',
  '"So, {{contact.firstName}}, what I\'ve heard you say is … The way we would do that is … Does that make sense?"',
  '',
  'THE NEXT STEP (agree it together):',
  '"So the next step from here is … How does that sound? Great: I will … and we\'ll speak again on the day and',
  'at the time you choose. When suits you, and is a call still the best way?"',
);

const endsOnAnswer = { connected: 'end' } as const;

export const voicemailSeries: Playbook = {
  key: 'voicemail-series',
  name: 'Voicemail series',
  description:
    'For an agreed call the client missed: call at the agreed time and, on voicemail, leave a message and call again ' +
    'in 15 minutes; after the second voicemail an email with times to choose from the same day, then calls every few ' +
    'business days; at most 7 voicemails and 3 emails, and a polite last message that ends the series.',
  kind: 'hard-to-reach',
  maxTouches: 10,
  timeBudgetMinutes: 120,
  exitOn: ['replied', 'outcome', 'said-no', 'opted-out'],
  steps: [
    call({
      id: 'call-1', title: 'First call, at the agreed time', script: youMeNextStep,
      voicemailScript: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. Sorry to miss you for our call about {{agenda}}.',
        'I know meetings sometimes run over, so I\'ll give you another call in 15 minutes."',
      ),
      branches: { ...endsOnAnswer, voicemail: 'call-1-retry', 'no-answer': 'call-1-retry' }, next: 'call-1-retry',
    }),
    call({
      id: 'call-1-retry', title: 'Call again, 15 minutes later', wait: minutes(15), script: youMeNextStep,
      voicemailScript: lines(
        '"Hi {{contact.firstName}}, {{user.name}} again. Sorry I missed you again; I know days and appointments can',
        'go awry. I\'ll do two things: I\'ll call you again in the next day or two, and I\'ll send you an email with a',
        'few suggested times, so you can pick the one that suits you."',
      ),
      branches: endsOnAnswer, next: 'email-suggested-times',
    }),
    email({
      id: 'email-suggested-times', title: 'Email with suggested times, the same day', next: 'call-2',
      template: {
        subject: 'A few times for our call about {{agenda}}',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          'Sorry we missed each other today. To make it easy, here are three times that work on my side, all in your time zone:',
          '',
          '{{suggestedTimes}}',
          '',
          'Which one suits you best? Reply with it (or with another time) and I\'ll send an invitation. I\'d like to take',
          'you through {{progress}} and agree the next step on {{agenda}} together.',
          '',
          '{{user.signature}}',
        ),
      },
    }),
    call({
      id: 'call-2', title: 'Second call, the next business day', wait: businessDays(1), script: youMeNextStep,
      voicemailScript: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. Sorry that we keep missing each other. I\'m going to send',
        'you another email so we can work out the next best time to connect about {{agenda}}."',
      ),
      branches: endsOnAnswer, next: 'email-next-best-time',
    }),
    email({
      id: 'email-next-best-time', title: 'Email to find the next best time', next: 'call-3',
      template: {
        subject: 'Finding a better time for {{agenda}}',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          'We keep missing each other, which usually means your calendar is full right now. When is the best time to',
          'reach you, and is a call still the easiest way? If email suits you better, I\'m happy to send what I prepared',
          'on {{contact.interest}} in writing instead: just say the word.',
          '',
          '{{user.signature}}',
        ),
      },
    }),
    call({
      id: 'call-3', title: 'Third call', wait: businessDays(2), script: youMeNextStep,
      voicemailScript: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. I have an update on {{contact.interest}} I think you\'ll want',
        'to hear: {{progress}}. I\'ll try you again in a couple of days, or you can reach me on {{user.phone}}."',
      ),
      branches: endsOnAnswer, next: 'call-4',
    }),
    call({
      id: 'call-4', title: 'Fourth call', wait: businessDays(2), script: youMeNextStep,
      voicemailScript: lines(
        '"Hi {{contact.firstName}}, {{user.name}} here. So you have it to hand, I\'m sending you the essentials on',
        '{{contact.interest}} by email now, with a few times to talk if it helps."',
      ),
      branches: endsOnAnswer, next: 'email-in-writing',
    }),
    email({
      id: 'email-in-writing', title: 'Email: the essentials in writing, with times', next: 'call-5',
      template: {
        subject: '{{contact.interest}}: the essentials, in writing',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          'So you can read it when it suits you, here is where things stand on {{contact.interest}}: {{progress}}.',
          '',
          'If talking it through would help, any of these times works for me (your time zone):',
          '',
          '{{suggestedTimes}}',
          '',
          'Could you reply with the one you prefer?',
          '',
          '{{user.signature}}',
        ),
      },
    }),
    call({
      id: 'call-5', title: 'Fifth call', wait: businessDays(3), script: youMeNextStep,
      voicemailScript: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. I\'ll try you once more next week about {{agenda}}, and after',
        'that I\'ll leave it with you. You can always reach me on {{user.phone}}."',
      ),
      branches: endsOnAnswer, next: 'call-last',
    }),
    call({
      id: 'call-last', title: 'The last call, with the closing voicemail', wait: businessDays(3), script: youMeNextStep,
      voicemailScript: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}, leaving you one last voicemail.',
        'Thank you for your time and for considering us for {{contact.interest}}. I\'m assuming this isn\'t a',
        'priority for you right now, and I understand that completely.',
        'This is the end of my voicemail series. Thank you again, and I wish you all the best; if there is ever',
        'something we can help you with, please get in touch on {{user.phone}}."',
      ),
      branches: endsOnAnswer, next: 'end',
    }),
  ],
};
