/**
 * Which header names mean which field, for the tools people import from (presets) and for common
 * spreadsheet headers. Header names are user input: they are only ever compared, never used as keys
 * of a plain object, so a column called "__proto__" is just a column nobody maps.
 */
import type { ImportField, ImportPreset } from '../../shared/dataTransfer.js';

/** For each field, the normalised header names that hold it, best first. */
export type Aliases = ReadonlyArray<readonly [ImportField, readonly string[]]>;

/** Lower case, letters and digits only: "E-mail 1 - Value" → "email1value". */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const followthroughAliases: Aliases = [
  ['name', ['name']], ['email', ['email']], ['phone', ['phone']], ['company', ['company']], ['title', ['title']],
  ['timeZone', ['timezone']], ['preferredChannel', ['preferredchannel']], ['relationship', ['relationship']],
  ['interest', ['interest']], ['canBuy', ['canbuy']], ['authority', ['authority']], ['buyingProcess', ['buyingprocess']],
  ['interests', ['interests']], ['reachable', ['reachable']], ['doNotContact', ['donotcontact']],
  ['doNotContactReason', ['donotcontactreason']], ['doNotContactAt', ['donotcontactat']],
  ['customerSince', ['customersince']], ['purchaseDate', ['purchasedate']], ['notes', ['notes']],
];

export const presetAliases: Readonly<Record<ImportPreset, Aliases>> = {
  followthrough: followthroughAliases,
  // HubSpot's contact export: "Record ID", "First Name", "Last Name", "Email", "Phone Number", …
  hubspot: [
    ['name', ['fullname', 'name']], ['firstName', ['firstname']], ['lastName', ['lastname']],
    ['email', ['email', 'emailaddress', 'workemail']], ['phone', ['phonenumber', 'mobilephonenumber', 'phone']],
    ['company', ['companyname', 'associatedcompany', 'company']], ['title', ['jobtitle']],
    ['timeZone', ['timezone', 'hstimezone']], ['relationship', ['lifecyclestage']], ['notes', ['notes']],
  ],
  // Pipedrive's people export: "Person - Name", "Person - Email - Work", "Person - Organization", …
  pipedrive: [
    ['name', ['personname', 'name']], ['firstName', ['personfirstname', 'firstname']], ['lastName', ['personlastname', 'lastname']],
    ['email', ['personemailwork', 'emailwork', 'personemail', 'email', 'personemailhome', 'emailhome', 'personemailother', 'emailother']],
    ['phone', ['personphonework', 'phonework', 'personphonemobile', 'phonemobile', 'personphone', 'phone', 'personphonehome', 'phonehome', 'personphoneother', 'phoneother']],
    ['company', ['personorganization', 'organization', 'personorganizationname', 'organizationname']],
    ['title', ['personjobtitle', 'jobtitle', 'persontitle']], ['relationship', ['personlabel', 'label']],
    ['notes', ['personnotes', 'notes', 'personnote']],
  ],
  // Google Contacts (both the current and the older "Outlook-like" Google CSV).
  google: [
    ['name', ['name']], ['firstName', ['firstname', 'givenname']], ['middleName', ['middlename', 'additionalname']],
    ['lastName', ['lastname', 'familyname']], ['email', ['email1value', 'email2value', 'email3value']],
    ['phone', ['phone1value', 'phone2value', 'phone3value']], ['company', ['organizationname', 'organization1name']],
    ['title', ['organizationtitle', 'organization1title']], ['notes', ['notes']],
  ],
};

const GENERIC_FIELDS: readonly ImportField[] = ['name', 'email', 'phone', 'company', 'title', 'timeZone', 'notes'];

/** Common spreadsheet headers, used when no preset is given and none is recognised. */
export const genericAliases: Aliases = [
  ['name', ['name', 'fullname', 'contactname', 'displayname', 'contact']],
  ['firstName', ['firstname', 'givenname', 'first']], ['middleName', ['middlename']],
  ['lastName', ['lastname', 'surname', 'familyname', 'last']],
  ['email', ['email', 'emailaddress', 'mail', 'workemail', 'email1value']],
  ['phone', ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'workphone', 'phone1value']],
  ['company', ['company', 'companyname', 'organization', 'organisation', 'organizationname', 'account', 'accountname']],
  ['title', ['title', 'jobtitle', 'position']],
  ['timeZone', ['timezone', 'tz', 'zone']],
  ['notes', ['notes', 'note', 'comments', 'comment', 'description']],
  ...followthroughAliases.filter(([field]) => !GENERIC_FIELDS.includes(field)),
];

/** Recognises another tool's export from its header row. */
export function detectPreset(header: string[]): ImportPreset | null {
  const names = new Set(header.map(normalizeHeader));
  if (names.has('donotcontact') && names.has('canbuy') && names.has('timezone')) return 'followthrough';
  if (header.some((h) => /^\s*person\s*-/i.test(h))) return 'pipedrive';
  if (names.has('email1value') || names.has('phone1value') || names.has('givenname') || names.has('organization1name')) return 'google';
  if (names.has('recordid') && (names.has('firstname') || names.has('lifecyclestage'))) return 'hubspot';
  return null;
}
