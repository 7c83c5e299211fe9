/** Seed 003's follow-ups with people who are not customers yet: hard-to-reach prospects and referrals. */

import type { Playbook } from '../types.js';
import { businessDays, call, email, lines, task, voicemail } from './steps.js';

const opening = lines(
  '"Hi {{contact.firstName}}, it\'s {{user.name}}. I\'m calling about {{contact.interest}}: {{progress}}.',
  'Have I caught you at a good moment for two minutes, or shall we pick a time that suits you better?"',
  'Then: YOU (what they want), ME (how we help), THE NEXT STEP (agree the day, time and channel together).',
);

export const hardToReach: Playbook = {
  key: 'hard-to-reach',
  name: 'Hard to reach',
  description:
    'For a prospect who needs several contacts: a specific idea by email, calls a few business days apart, ' +
    'and a polite note that closes the file if the timing is wrong.',
  kind: 'hard-to-reach',
  maxTouches: 5,
  timeBudgetMinutes: 60,
  exitOn: ['replied', 'outcome', 'said-no', 'opted-out'],
  steps: [
    email({
      id: 'email-idea', title: 'Email: one specific idea', next: 'call-1',
      template: {
        subject: 'An idea for {{contact.interest}}',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          'When we spoke on {{lastConversationDate}} you mentioned {{contact.interest}}. Since then: {{progress}}.',
          '',
          'Would a 20-minute call be useful? Any of these times works for me (your time zone):',
          '',
          '{{suggestedTimes}}',
          '',
          'Or tell me a time that suits you better.',
          '',
          '{{user.signature}}',
        ),
      },
    }),
    call({
      id: 'call-1', title: 'First call', wait: businessDays(2), script: opening,
      branches: { connected: 'end', voicemail: 'voicemail-1' }, next: 'email-details',
    }),
    voicemail({
      id: 'voicemail-1', title: 'Voicemail: the details are coming by email', next: 'email-details',
      script: lines(
        '"Hi {{contact.firstName}}, {{user.name}} here, with something specific on {{contact.interest}}: {{progress}}.',
        'I\'ll send you a short email with the details so you can look when it suits you; my number is {{user.phone}}."',
      ),
    }),
    email({
      id: 'email-details', title: 'Email: the details I mentioned', next: 'call-2',
      template: {
        subject: '{{contact.interest}}: the details',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          'Here are the details on {{contact.interest}} I mentioned: {{progress}}.',
          '',
          'Is this worth 20 minutes of your time this month? If so, which of these suits you?',
          '',
          '{{suggestedTimes}}',
          '',
          '{{user.signature}}',
        ),
      },
    }),
    call({
      id: 'call-2', title: 'Second call', wait: businessDays(4), script: opening,
      branches: { connected: 'end', voicemail: 'voicemail-2' }, next: 'email-close-file',
    }),
    voicemail({
      id: 'voicemail-2', title: 'Voicemail: I will leave it with you', next: 'email-close-file',
      script: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. I don\'t want to crowd your week, so after a short note',
        'I\'ll leave {{contact.interest}} with you. You can reach me any time on {{user.phone}}."',
      ),
    }),
    email({
      id: 'email-close-file', title: 'Email: should I close your file?', wait: businessDays(5), next: 'end',
      template: {
        subject: 'Shall I leave {{contact.interest}} with you for now?',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          'I\'ve tried a few times to reach you about {{contact.interest}}, and I don\'t want to crowd your inbox. If now',
          'isn\'t the time, no problem at all: this is my last note, and I\'m glad to pick it up whenever you are.',
          '',
          'If it is still on your list, reply with a time that suits you, or pick one of these:',
          '',
          '{{suggestedTimes}}',
          '',
          'Thank you for your time.',
          '',
          '{{user.signature}}',
        ),
      },
    }),
  ],
};

export const referral: Playbook = {
  key: 'referral',
  name: 'Referral',
  description:
    'Thank the person who made the introduction, then contact the referral within 2 business days: a call, ' +
    'an email with times, and one more call.',
  kind: 'referral',
  maxTouches: 3,
  timeBudgetMinutes: 45,
  exitOn: ['replied', 'outcome', 'said-no', 'opted-out'],
  steps: [
    task({
      id: 'thank-referrer', title: 'Thank the person who referred them', next: 'call-referral',
      script: lines(
        'Thank {{referrer.firstName}} today, the way they prefer (a call or a short note):',
        '"Thank you for introducing me to {{contact.name}}. I\'ll reach out within two business days, and I\'ll let',
        'you know how it goes. An introduction from you means a lot."',
      ),
    }),
    call({
      id: 'call-referral', title: 'Call the referral', next: 'email-introduction',
      branches: { connected: 'end', voicemail: 'voicemail-referral' },
      script: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. {{referrer.name}} suggested I give you a call: they mentioned',
        '{{contact.interest}} is on your mind, and we have helped them with something similar.',
        'Is now a good moment for two minutes, or shall we find a time that suits you?"',
      ),
    }),
    voicemail({
      id: 'voicemail-referral', title: 'Voicemail: introduced by the referrer', next: 'email-introduction',
      script: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}; {{referrer.name}} suggested we talk about {{contact.interest}}.',
        'I\'ll send you a short email with a few times, or you can reach me on {{user.phone}}."',
      ),
    }),
    email({
      id: 'email-introduction', title: 'Email: introduction with times', next: 'call-referral-2',
      template: {
        subject: '{{referrer.firstName}} suggested we talk',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          '{{referrer.name}} suggested I get in touch: they mentioned {{contact.interest}} is on your mind, and we',
          'helped them with something similar. Would a short call be useful? Any of these times works for me:',
          '',
          '{{suggestedTimes}}',
          '',
          'Reply with the one that suits you, or suggest another.',
          '',
          '{{user.signature}}',
        ),
      },
    }),
    call({
      id: 'call-referral-2', title: 'Call the referral again', wait: businessDays(2), next: 'end',
      branches: { connected: 'end', voicemail: 'voicemail-referral-2' },
      script: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}} again, the introduction from {{referrer.name}} about',
        '{{contact.interest}}. Is this a good moment, or when would suit you better?"',
      ),
    }),
    voicemail({
      id: 'voicemail-referral-2', title: 'Voicemail: the door is open', next: 'end',
      script: lines(
        '"Hi {{contact.firstName}}, {{user.name}} here. I\'ll leave it with you: reply to my email or call me on',
        '{{user.phone}} whenever it suits you. Thanks, and say hello to {{referrer.firstName}} from me."',
      ),
    }),
  ],
};
