/** Word lists for the people and companies of the demo: what they do, care about, and when they can talk. */
import type { ReachableWindow } from '../core/types.js';
import { defaultReachableWindows } from '../shared/defaults.js';

export const COMPANY_WORDS = [
  'Northwind', 'Bluefin', 'Kestrel', 'Harbor', 'Summit', 'Copperleaf', 'Brightline', 'Ironbark', 'Lumen', 'Meridian',
  'Granite', 'Tidewater', 'Redwood', 'Pinecrest', 'Silverline', 'Foxglove', 'Beacon', 'Atlas', 'Juniper', 'Halcyon',
  'Clearwater', 'Quarry', 'Orchard', 'Keystone', 'Larkspur', 'Sable', 'Wren', 'Alder', 'Cobalt', 'Saffron',
];
export const SECTORS = [
  'Logistics', 'Health', 'Analytics', 'Labs', 'Foods', 'Legal', 'Dental Group', 'Robotics', 'Insurance', 'Capital',
  'Freight', 'Energy', 'Software', 'Clinics', 'Hotels', 'Learning', 'Manufacturing', 'Retail', 'Biotech', 'Architects',
];
export const TITLES: readonly (readonly [string, string])[] = [
  ['Founder & CEO', 'Signs off; decides alone under $50k'],
  ['COO', 'Signs off'],
  ['CFO', 'Signs off; cares about payback period'],
  ['VP Sales', 'Budget owner up to $40k'],
  ['Head of Operations', 'Champion; COO signs'],
  ['Director of IT', 'Can veto on security'],
  ['Head of Customer Success', 'Champion; CFO signs'],
  ['RevOps Manager', 'Influencer; reports to VP Sales'],
  ['Procurement Lead', 'Runs the process, not the decision'],
  ['Head of People', 'Budget owner for onboarding tools'],
  ['Practice Manager', 'Decides with the partners'],
  ['Operations Manager', 'Influencer; needs COO sign-off'],
  ['Sales Director', 'Budget owner; wants a pilot first'],
  ['IT Manager', 'Technical evaluator'],
];
export const DEPARTMENTS = ['sales', 'operations', 'customer success', 'finance', 'IT', 'HR'];
export const INTERESTS = [
  'cutting onboarding time', 'SOC 2 audit', 'renewal pricing', 'SSO and SCIM', 'reporting for the board', 'fewer no-shows',
  'data residency in the EU', 'Salesforce integration', 'faster month-end close', 'multi-site rollout', 'replacing spreadsheets',
  'API access', 'training new hires', 'support SLAs', 'HIPAA compliance', 'reducing churn', 'mobile app for field staff',
  'per-seat cost', 'migrating off their legacy CRM', 'Xero integration',
];
export const BUYING = [
  'CFO signs off anything over $25k; procurement wants a security questionnaire',
  'Founder decides; pays by card, monthly',
  'Annual budget set in October; needs IT and Legal review',
  'Pilot with one team first, then a 3-year contract',
  'Committee of three: COO, IT Manager, Finance',
  'Purchase order through the procurement portal; net-60 terms',
  'Renewal decided by the Head of Ops, 60 days before term ends',
];
/** How they keep track today, and who we compete with. */
export const TOOLS = ['spreadsheets', 'HubSpot', 'Salesforce', 'Pipedrive', 'Zoho', 'an in-house tool', 'Outlook reminders'];
export const RIVALS = ['HubSpot', 'Salesforce', 'Pipedrive', 'Zoho', 'Close', 'Outreach'];
export const APPROVERS = ['their CFO', 'the COO', 'the founder', 'procurement', 'the VP Finance'];
export const EVENTS = ['SaaStr', 'Web Summit', 'a partner dinner', 'the chamber of commerce breakfast', 'a RevOps meetup', 'the HR Tech expo'];
export const FEATURES = ['agenda view', 'playbooks', 'iCal feed', 'SSO', 'promise-kept report', 'CSV import', 'REST API'];
export const CONTACT_NOTES = [
  'Prefers mornings; hates long decks — keep it to one page.',
  'Ex-{rival} admin; knows the space well.',
  'Big cycling fan — ask about the weekend ride.',
  'Assistant manages the calendar; copy them on invites.',
  'Met at {event}.',
  'Reads email late evening; replies are short but fast.',
  'Wants numbers, not adjectives.',
];

export const SLOTS = ['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00'];
export const WINDOWS: readonly (readonly [ReachableWindow[], number])[] = [
  [defaultReachableWindows(), 10],
  [[{ days: [1, 2, 3, 4, 5], from: '08:00', to: '12:00' }, { days: [1, 2, 3, 4, 5], from: '14:00', to: '18:00' }], 3],
  [[{ days: [1, 2, 3, 4], from: '10:00', to: '16:00' }], 2],
  [[{ days: [2, 4], from: '13:00', to: '17:30' }], 1],
  [[{ days: [1, 3, 5], from: '08:30', to: '11:30' }], 1],
  [[{ days: [1, 2, 3, 4, 5], from: '07:30', to: '10:00' }, { days: [1, 2, 3, 4, 5], from: '16:00', to: '18:00' }], 1],
];
