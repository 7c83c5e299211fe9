/**
 * Error messages a salesperson understands: the field in words, then what is wrong with it. The API's
 * problem JSON, the CLI and the web app all word validation failures through these two functions.
 */

const FIELD_WORDS: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  title: 'Job title',
  timeZone: 'Time zone',
  preferredChannel: 'Preferred channel',
  reachable: 'Reachable hours',
  interests: 'What they care about',
  buyingProcess: 'How they buy',
  referredBy: 'Referred by',
  relationship: 'Relationship',
  interest: 'Interest',
  canBuy: 'Can buy',
  authority: 'Authority',
  notes: 'Notes',
  changed: 'What changed',
  customerSince: 'Customer since',
  purchaseDate: 'Purchase date',
  ownerId: 'Owner',
  contactId: 'Contact',
  opportunityId: 'Opportunity',
  followUpId: 'The follow-up it fulfils',
  channel: 'Channel',
  result: 'Result',
  direction: 'Direction',
  occurredAt: 'When it happened',
  outcome: 'Outcome',
  'outcome.type': 'Outcome',
  'outcome.next': 'Next step',
  'outcome.next.due': 'Next step’s date and time',
  'outcome.next.channel': 'Next step’s channel',
  'outcome.next.agenda': 'Next step’s agenda',
  'outcome.next.progress': 'Next step’s progress to present',
  due: 'Date and time',
  'due.local': 'Date and time',
  'due.date': 'Date',
  'due.at': 'Date and time',
  'due.timeZone': 'Time zone',
  agenda: 'Agenda',
  progress: 'Progress to present',
  kind: 'Kind',
  promised: 'Promised',
  status: 'Status',
  reason: 'Reason',
  password: 'Password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  workspace: 'Workspace name',
  role: 'Role',
  date: 'Date',
  startAt: 'Start',
  playbookKey: 'Playbook',
  playbookId: 'Playbook',
  text: 'Message',
  subject: 'Subject',
  body: 'The request',
  workingHours: 'Working hours',
  signature: 'Signature',
  url: 'Webhook address',
  events: 'Events',
  format: 'Format',
  endpoint: 'The browser’s push address',
  keys: 'The browser’s push keys',
  'keys.p256dh': 'The browser’s push key (p256dh)',
  'keys.auth': 'The browser’s push secret (auth)',
  device: 'Device name',
  maxSilenceDays: 'Longest silence',
  'maxSilenceDays.prospect': 'Longest silence for prospects, in days,',
  'maxSilenceDays.customer': 'Longest silence for customers, in days,',
  'maxSilenceDays.referral-source': 'Longest silence for referral sources, in days,',
  'maxSilenceDays.partner': 'Longest silence for partners, in days,',
  stageId: 'Stage',
  amount: 'Amount',
  currency: 'Currency',
  expectedCloseDate: 'Expected close date',
  stages: 'Stages',
  moveDealsTo: 'Where a removed stage’s deals go',
  withoutNextStep: 'Move without a next step',
  nextStep: 'Next step',
  'nextStep.due': 'Next step’s date and time',
  'nextStep.channel': 'Next step’s channel',
  'nextStep.agenda': 'Next step’s agenda',
};

const words = (segment: string): string => segment.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();

/** "outcome.next.due" → "Next step’s date and time"; unknown paths become plain words ("reachable 0 from" → "Reachable hours (row 1): from"). */
export function fieldLabel(path: string): string {
  if (!path) return 'The request';
  const known = FIELD_WORDS[path];
  if (known) return known;
  const segments = path.split('.');
  for (let cut = segments.length - 1; cut > 0; cut--) {
    const head = FIELD_WORDS[segments.slice(0, cut).join('.')];
    if (!head) continue;
    const rest = segments.slice(cut).map((s) => (/^\d+$/.test(s) ? `row ${Number(s) + 1}` : words(s)));
    return `${head} (${rest.join(', ')})`;
  }
  const text = segments.filter((s) => !/^\d+$/.test(s)).map(words).join(' ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : 'The request';
}

/** The parts of a zod issue we word; structural, so the web app needs no zod. */
export interface IssueLike {
  code: string;
  message: string;
  expected?: unknown;
  received?: unknown;
  input?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  format?: unknown;
  values?: unknown;
  keys?: unknown;
}

const list = (values: unknown): string => (Array.isArray(values) ? values.map(String).join(', ') : '');

/** A sentence for one failed check: "Name is required.", "Email is not an email address." (`field`: the field's words where its path alone would mislead.) */
export function readableIssue(path: string, issue: IssueLike, field = fieldLabel(path)): string {
  const count = (n: unknown, unit: string) => `${String(n)} ${unit}${n === 1 ? '' : 's'}`;
  const unitOf = (origin: unknown) => (origin === 'string' ? 'character' : origin === 'array' || origin === 'set' ? 'item' : '');
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return `${field} is required.`;
      return `${field} must be ${issue.expected === 'string' ? 'text' : issue.expected === 'number' ? 'a number' : issue.expected === 'boolean' ? 'yes or no' : issue.expected === 'array' ? 'a list' : `a ${String(issue.expected)}`}.`;
    case 'too_small': {
      const unit = unitOf(issue.origin);
      if (issue.minimum === 1 && unit) return `${field} is required.`;
      return unit ? `${field} needs at least ${count(issue.minimum, unit)}.` : `${field} must be at least ${String(issue.minimum)}.`;
    }
    case 'too_big': {
      const unit = unitOf(issue.origin);
      return unit ? `${field} is too long: at most ${count(issue.maximum, unit)}.` : `${field} must be at most ${String(issue.maximum)}.`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return `${field} is not an email address.`;
      if (issue.format === 'datetime') return `${field} is not a date and time (for example 2026-12-08T10:00:00Z).`;
      if (issue.format === 'regex') return `${field}: ${issue.message.replace(/^expected /, 'use the form ')}.`;
      return `${field} is not in the right form.`;
    case 'invalid_value':
    case 'invalid_enum_value':
      return `${field} must be one of: ${list(issue.values)}.`;
    case 'unrecognized_keys':
      return `${field}: unknown ${Array.isArray(issue.keys) && issue.keys.length === 1 ? 'field' : 'fields'} ${list(issue.keys)}.`;
    case 'invalid_union':
      return `${field} is not in a form we understand.`;
    default:
      return `${field}: ${issue.message.replace(/\.$/, '')}.`;
  }
}

/** A domain error's field message as a sentence: "When it happened: cannot be in the future." */
export function readableFieldMessage(path: string, message: string): string {
  if (/^[A-Z]/.test(message) && /[.!?]$/.test(message)) return message;
  return `${fieldLabel(path)}: ${message.replace(/\.$/, '')}.`;
}
