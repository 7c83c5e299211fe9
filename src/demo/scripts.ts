/** What the demo's notes and agendas say: sentences with {placeholders} filled from the contact's words. */
import type { Words } from './people.js';

/** Fills {placeholders} from the contact's words; a sentence starts with a capital. */
export function fill(template: string, words: Words, capitalize = true): string {
  const values: Record<string, string | number> = words;
  const text = template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
  return capitalize ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** The first conversation, by how it came about. */
export const FIRST_NOTES = {
  inbound: {
    email: ['{first} replied to our note on {interest}: {seats}-person {dept} team, on {tool} today.', '{first} emailed after reading our guide on {interest}; they have outgrown {tool}.'],
    call: ['{first} called in after our webinar on {interest}. {seats}-person {dept} team, on {tool} today.', '{first} rang the sales line: {interest} is this quarter\'s priority.'],
  },
  inPerson: ['Met {first} at {event}. {company} is growing fast and {interest} is the sore point.', 'Discovery at their office: {seats}-person {dept} team; {interest} keeps coming up.'],
  remote: ['Discovery with {first}: {seats}-person {dept} team, main pain is {interest}. Currently on {tool}.', 'Intro call (referred by {introName}). {first} runs {dept}; {interest} is the priority.'],
  email: ['{first} replied to my intro email: {interest} is on their list for this quarter.'],
} as const;

export const PROSPECT_NOTES: readonly (readonly string[])[] = [
  FIRST_NOTES.remote,
  [
    'Demo for {first} and two of the {dept} team. Liked the {feature}; hard questions on {interest}.',
    'Ran the demo. {first} wants to see it with their own data before involving {approver}.',
  ],
  [
    'Walked through pricing for {seats} seats. {first} needs {approver} to sign anything over budget.',
    'Went through proposal v1 ({seats} seats, annual). {first} pushed back on the onboarding fee.',
  ],
  [
    'Security review with their IT lead: two questions on SSO, both answered.',
    'Went through Legal\'s redlines on the liability cap and DPA; nothing unusual.',
  ],
  [
    'Pilot kickoff with 8 users. Success criterion agreed: {interest}.',
    'Pilot review: team stopped using {tool} for follow-ups; {first} is convinced.',
  ],
  [
    '{approver} joined. Wants a 2-year term at this year\'s price; said I\'d check.',
    'Final terms: {seats} seats, quarterly billing; waiting on their PO process.',
  ],
];
/** The same stages when the agreed touch was an email and they wrote back. */
export const PROSPECT_EMAIL_NOTES: readonly (readonly string[])[] = [
  FIRST_NOTES.email,
  ['Sent the demo recording; {first} replied with questions on {interest}.'],
  ['Emailed pricing for {seats} seats; {first} replied that {approver} needs to see it first.'],
  ['Sent the SOC 2 report and our DPA; {first} replied that Legal is fine with both.'],
  ['Sent the pilot summary; {first} replied that the team wants to keep it.'],
  ['Sent final terms; {first} replied asking for quarterly billing.'],
];
export const PROSPECT_AGENDA: readonly (readonly string[])[] = [
  ['their {dept} process and {interest}'],
  ['a demo for the {dept} leads, focused on {interest}', 'the demo with their own data (they send a CSV export)'],
  ['pricing for {seats} seats and the onboarding plan', 'the proposal, with {approver} on the call'],
  ['IT\'s security questions (SSO, data residency)', 'Legal\'s redlines and the DPA'],
  ['pilot scope and success criteria', 'pilot setup: who joins, which team goes first'],
  ['pilot results and the proposal, with {approver}', 'the 2-year option vs annual'],
  ['final terms and a signature date'],
];
export const CUSTOMER_NOTES = [
  'Quarterly check-in with {first}: usage steady, two open tickets, happy with support.',
  'QBR: usage up since last quarter; {first} asked about {interest}.',
  'Renewal talk: {first} wants {interest} covered before signing again.',
  'Showed the new {feature} to {first}\'s team; they want it for the {dept} rollout.',
  'Service call: fixed their import issue; {first} mentioned they are hiring.',
];
export const CUSTOMER_AGENDA: Record<'service' | 'upgrade', readonly string[]> = {
  service: ['the quarterly review: usage, open tickets, {interest}', 'how the {dept} rollout is going', 'an onboarding plan for their new hires'],
  upgrade: ['the new {feature} and upgrade pricing', 'renewal terms for next year ({seats} seats)'],
};
export const REFERRAL_NOTES = [
  'Coffee with {first}: offered to introduce us to {introName} at {otherCompany}.',
  '{first} made the intro to {introName}; thanked them and promised an update.',
  'Caught up with {first}; they have sent us three people this year.',
];
export const REFERRAL_AGENDA = ['how the {otherCompany} intro went', 'thanks for the intro, and who else is hiring sales'];
export const PARTNER_NOTES = [
  'Joint pipeline review with {first}: four shared deals, two stuck in legal.',
  'Planned a co-hosted webinar on {interest} with {first}.',
  '{first} wants our API docs for their {rival} integration.',
];
export const PARTNER_AGENDA = ['the co-selling plan for next quarter', 'the integration demo before the webinar', 'shared deals: who owns the next step on each'];
/** Something new to present, tied to what they care about where we have it (seed 004). */
export const PROGRESS_FOR: Record<string, string> = {
  'cutting onboarding time': 'onboarding template cut setup from 10 days to 3',
  'SOC 2 audit': 'our SOC 2 Type II report is out',
  'SSO and SCIM': 'shipped SSO with SCIM provisioning',
  'data residency in the EU': 'EU data residency is live (Frankfurt)',
  'Salesforce integration': 'Salesforce sync is out of beta',
  'Xero integration': 'Xero integration is live',
  'API access': 'public API docs and sandbox keys are live',
  'mobile app for field staff': 'the mobile app is in both app stores',
  'renewal pricing': 'our CFO approved 10% off a 2-year term',
  'per-seat cost': 'new team tier: 15% less per seat above 25 seats',
  'reporting for the board': 'board-ready monthly report, exportable to PDF',
  'migrating off their legacy CRM': 'import tool now maps custom fields automatically',
  'HIPAA compliance': 'BAA template approved by our counsel',
};
export const PROGRESS = ['new case study from {otherCompany}, similar size', 'answers to all 14 questions in their security questionnaire', 'two new integrations shipped this month'];
export const CHANGED = [
  'budget approved for Q2', 'new Head of IT started and wants in', 'they lost two reps to slow onboarding',
  '{rival} raised prices 20% at renewal', 'board asked for SOC 2 by summer', 'hiring 15 people next quarter',
  '{first} was promoted to {dept} director', 'moving offices in May; timing is tight',
];
export const NO_REASONS = [
  'went with {rival} because it comes bundled with their suite', 'budget frozen for the rest of the year',
  'project cancelled after the reorg', 'team too small to justify it right now', 'decided to build it in-house',
];
export const STALL_REASONS = [
  'waiting on next year\'s budget', '{first}\'s sponsor is on leave until next month', 'reorg under way; they will "come back to us"',
  '{approver} hasn\'t read the proposal yet',
];
export const CUSTOMER_EMAIL_NOTES = ['Sent the quarterly usage report; {first} replied asking about {interest}.', 'Emailed the release notes; {first} replied that the {dept} team wants the {feature}.'];
export const REFERRAL_EMAIL_NOTES = ['Sent {first} an update on the {otherCompany} intro; they replied with another name to try.'];
export const PARTNER_EMAIL_NOTES = ['Shared the co-selling deck; {first} replied with two accounts to target together.'];
