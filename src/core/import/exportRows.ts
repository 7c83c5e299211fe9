/** CSV rows of the export, every cell made inert for spreadsheets; the contacts CSV is what the followthrough preset reads back. */
import type { Contact, Interaction } from '../types.js';
import { neutraliseFormula } from './formulaCells.js';

const cell = (value: string | number | boolean | null | undefined): string => neutraliseFormula(value === null || value === undefined ? '' : String(value));

/** The columns of this product's contacts.csv export, in order. */
export const contactCsvColumns = [
  'id', 'name', 'email', 'phone', 'company', 'title', 'timeZone', 'preferredChannel', 'relationship', 'interest', 'canBuy',
  'authority', 'buyingProcess', 'interests', 'reachable', 'doNotContact', 'doNotContactReason', 'doNotContactAt',
  'customerSince', 'purchaseDate', 'notes', 'createdAt', 'updatedAt',
] as const;

export function contactCsvRow(c: Contact): string[] {
  const values: Record<(typeof contactCsvColumns)[number], string | boolean | null> = {
    id: c.id, name: c.name, email: c.email, phone: c.phone, company: c.company, title: c.title, timeZone: c.timeZone,
    preferredChannel: c.preferredChannel, relationship: c.relationship, interest: c.interest, canBuy: c.canBuy,
    authority: c.authority, buyingProcess: c.buyingProcess,
    interests: c.interests.length > 0 ? JSON.stringify(c.interests) : '',
    reachable: c.reachable.length > 0 ? JSON.stringify(c.reachable) : '',
    doNotContact: c.doNotContact, doNotContactReason: c.doNotContactReason, doNotContactAt: c.doNotContactAt,
    customerSince: c.customerSince, purchaseDate: c.purchaseDate, notes: c.notes, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
  return contactCsvColumns.map((column) => cell(values[column]));
}

export const interactionCsvColumns = [
  'id', 'contactId', 'contactName', 'contactEmail', 'occurredAt', 'channel', 'direction', 'result', 'outcome', 'touchNumber',
  'notes', 'changed', 'opportunityId', 'followUpId', 'userId', 'createdAt', 'minutes',
] as const;

export function interactionCsvRow(i: Interaction, contact: { name: string; email: string | null } | undefined): string[] {
  const values: Record<(typeof interactionCsvColumns)[number], string | number | null> = {
    id: i.id, contactId: i.contactId, contactName: contact?.name ?? null, contactEmail: contact?.email ?? null,
    occurredAt: i.occurredAt, channel: i.channel, direction: i.direction, result: i.result, outcome: i.outcome,
    touchNumber: i.touchNumber, notes: i.notes, changed: i.changed, opportunityId: i.opportunityId, followUpId: i.followUpId,
    userId: i.userId, createdAt: i.createdAt, minutes: i.minutes ?? null,
  };
  return interactionCsvColumns.map((column) => cell(values[column]));
}
