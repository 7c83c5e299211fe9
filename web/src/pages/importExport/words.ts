import type { DuplicatePolicy, ImportField, ImportPreset } from '../../../../src/shared/dataTransfer.js';

/** What each field is called on screen. */
export const fieldLabels: Record<ImportField, string> = {
  name: 'Full name', firstName: 'First name', middleName: 'Middle name', lastName: 'Last name', email: 'Email', phone: 'Phone',
  company: 'Company', title: 'Job title', timeZone: 'Time zone', preferredChannel: 'Preferred channel', relationship: 'Relationship',
  interest: 'Interest', canBuy: 'Can buy', authority: 'Authority', buyingProcess: 'Buying process', interests: 'Interests',
  reachable: 'Reachable hours', notes: 'Notes', customerSince: 'Customer since', purchaseDate: 'Purchase date',
  doNotContact: 'Do not contact', doNotContactReason: 'Do-not-contact reason', doNotContactAt: 'Do-not-contact date',
};

export const presetLabels: Record<ImportPreset, string> = {
  hubspot: 'HubSpot', pipedrive: 'Pipedrive', google: 'Google Contacts', followthrough: 'Followthrough (contacts.csv from this app)',
};

export const duplicateLabels: Record<DuplicatePolicy, string> = {
  skip: 'Leave the contact as it is',
  update: 'Update it with the file\'s values',
  merge: 'Fill in only what is missing',
};

/**
 * The server names the field a row failed on by its key ("timeZone: unknown time zone …");
 * on screen it is the field's name in words, as a sentence.
 */
export function plainReason(reason: string): string {
  const match = /^([a-zA-Z]+): (.*)$/s.exec(reason);
  const field = match?.[1];
  const text = field && field in fieldLabels ? `${fieldLabels[field as ImportField]}: ${match?.[2] ?? ''}` : reason;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
