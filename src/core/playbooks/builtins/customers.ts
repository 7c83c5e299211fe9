/** Seed 003's follow-ups with customers: service check-ins, upgrade reminders and thank-yous. They recur. */

import type { Playbook } from '../types.js';
import { businessDays, call, email, lines, voicemail } from './steps.js';

export const serviceCheckIn: Playbook = {
  key: 'service-check-in',
  name: 'Service check-in',
  description:
    'Every 3 months after the last contact (any touch restarts the clock): a call to hear how things are going, ' +
    'and an email if you miss them.',
  kind: 'service',
  maxTouches: 2,
  timeBudgetMinutes: 25,
  exitOn: ['said-no', 'opted-out'],
  recurrence: { basis: 'last-contact', every: { amount: 3, unit: 'months' } },
  steps: [
    call({
      id: 'check-in-call', title: 'Service call', next: 'check-in-email',
      branches: { connected: 'end', voicemail: 'check-in-voicemail' },
      script: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. We last spoke on {{lastConversationDate}}, and I wanted to',
        'make sure {{contact.interest}} is going the way you hoped. What is working well, and is there anything',
        'getting in the way that I can sort out for you?"',
      ),
    }),
    voicemail({
      id: 'check-in-voicemail', title: 'Voicemail: how is it going?', next: 'check-in-email',
      script: lines(
        '"Hi {{contact.firstName}}, {{user.name}} here. I was calling to hear how {{contact.interest}} is going since',
        'we last spoke. Nothing urgent: I\'ll drop you a short email, and you can reach me any time on {{user.phone}}."',
      ),
    }),
    email({
      id: 'check-in-email', title: 'Email: how is it going?', next: 'end',
      template: {
        subject: 'How is {{contact.interest}} going?',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          'We last spoke on {{lastConversationDate}}, and I\'d like to make sure everything around {{contact.interest}}',
          'is working the way you hoped. Is there anything you would like changed, or anything I can help with?',
          'If a short call is easier, any of these times suits me:',
          '',
          '{{suggestedTimes}}',
          '',
          'Thank you for your continued trust.',
          '',
          '{{user.signature}}',
        ),
      },
    }),
  ],
};

export const upgradeReminder: Playbook = {
  key: 'upgrade-reminder',
  name: 'Upgrade reminder',
  description:
    '12 months after the purchase or version date (and every 12 months after that): what is new, and whether ' +
    'it is time to consider updating.',
  kind: 'upgrade',
  maxTouches: 2,
  timeBudgetMinutes: 30,
  exitOn: ['said-no', 'opted-out'],
  recurrence: { basis: 'anchor', anchor: 'purchaseDate', every: { amount: 12, unit: 'months' } },
  steps: [
    email({
      id: 'upgrade-email', title: 'Email: what is new since their version', next: 'upgrade-call',
      branches: { replied: 'end' },
      template: {
        subject: '{{product.name}}: what has improved since {{purchaseDate}}',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          'You have had {{product.name}} since {{purchaseDate}}, and a lot has improved since then: {{progress}}.',
          'For {{contact.interest}} in particular, the newer version could make a real difference.',
          '',
          'Would you like me to walk you through what would change for you? Any of these times works for me:',
          '',
          '{{suggestedTimes}}',
          '',
          '{{user.signature}}',
        ),
      },
    }),
    call({
      id: 'upgrade-call', title: 'Call: is it time to update?', wait: businessDays(3), next: 'end',
      branches: { connected: 'end', voicemail: 'upgrade-voicemail' },
      script: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. I sent you a note about what has changed since you got',
        '{{product.name}} on {{purchaseDate}}. For {{contact.interest}}, the biggest difference is {{progress}}.',
        'Would it help to look at whether updating makes sense for you this year?"',
      ),
    }),
    voicemail({
      id: 'upgrade-voicemail', title: 'Voicemail: the note on what is new', next: 'end',
      script: lines(
        '"Hi {{contact.firstName}}, {{user.name}} here. I emailed you what is new since your version of',
        '{{product.name}}; have a look when it suits you, and call me on {{user.phone}} if you would like to talk it through."',
      ),
    }),
  ],
};

export const thankYou: Playbook = {
  key: 'thank-you',
  name: 'Thank-you anniversary',
  description:
    'On the anniversary of becoming a customer (Feb 29 falls on Feb 28 in other years): a call to say thank you, ' +
    'a voicemail or a note if you miss them.',
  kind: 'thank-you',
  maxTouches: 2,
  timeBudgetMinutes: 25,
  exitOn: ['said-no', 'opted-out'],
  recurrence: { basis: 'anchor', anchor: 'customerSince', every: { amount: 1, unit: 'years' } },
  steps: [
    call({
      id: 'thank-you-call', title: 'Call to say thank you', next: 'end',
      branches: { connected: 'end', voicemail: 'thank-you-voicemail', 'no-answer': 'thank-you-note' },
      script: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. You became a customer on {{customerSince}}, and I wanted to',
        'call today simply to say thank you. Your trust means a lot to me and to the team.',
        'Is there anything we could be doing better for you this year?"',
      ),
    }),
    voicemail({
      id: 'thank-you-voicemail', title: 'Voicemail: thank you', next: 'end',
      script: lines(
        '"Hi {{contact.firstName}}, it\'s {{user.name}}. It\'s another year since you became a customer, and I simply',
        'wanted to say thank you for sticking with us. No need to call back; if there is ever anything I can do for',
        'you, I\'m on {{user.phone}}. Have a wonderful day."',
      ),
    }),
    email({
      id: 'thank-you-note', title: 'Note: thank you', next: 'end',
      template: {
        subject: 'Thank you, {{contact.firstName}}',
        body: lines(
          'Hi {{contact.firstName}},',
          '',
          'You became a customer on {{customerSince}}, and I wanted to say thank you. Working with you on',
          '{{contact.interest}} has been a pleasure, and your trust means a lot to the whole team.',
          '',
          'Is there anything we could do better for you this year? I would love to hear it.',
          '',
          '{{user.signature}}',
        ),
      },
    }),
  ],
};
