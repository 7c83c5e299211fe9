import { validateWindows } from './reachableWindows.js';
import { assertTimeZone } from './time.js';
import type { CanBuy, Channel, Contact, InterestLevel, ReachableWindow, Relationship } from './types.js';

export interface ContactFields {
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  company?: string | null | undefined;
  title?: string | null | undefined;
  timeZone?: string | undefined;
  preferredChannel?: Channel | null | undefined;
  reachable?: ReachableWindow[] | undefined;
  interests?: string[] | undefined;
  buyingProcess?: string | null | undefined;
  referredBy?: string | null | undefined;
  relationship?: Relationship | undefined;
  interest?: InterestLevel | undefined;
  canBuy?: CanBuy | undefined;
  authority?: string | null | undefined;
  notes?: string | null | undefined;
  customerSince?: string | null | undefined;
  purchaseDate?: string | null | undefined;
  ownerId?: string | null | undefined;
  timeBudgetMinutes?: number | null | undefined;
}

const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

/** Applies fields onto a contact (or a blank one), validating the protocol: zone and reachable windows. */
export function applyContactFields(base: Contact, fields: ContactFields, nowIso: string): Contact {
  const timeZone = fields.timeZone !== undefined ? assertTimeZone(fields.timeZone, 'timeZone') : base.timeZone;
  const reachable = fields.reachable !== undefined ? validateWindows(fields.reachable, 'reachable') : base.reachable;
  const interests = fields.interests !== undefined ? [...new Set(fields.interests.map((i) => i.trim()).filter(Boolean))] : base.interests;
  return {
    ...base,
    name: pick(fields.name, base.name),
    email: fields.email === undefined ? base.email : fields.email?.toLowerCase() ?? null,
    phone: pick(fields.phone, base.phone),
    company: pick(fields.company, base.company),
    title: pick(fields.title, base.title),
    timeZone,
    preferredChannel: pick(fields.preferredChannel, base.preferredChannel),
    reachable,
    interests,
    buyingProcess: pick(fields.buyingProcess, base.buyingProcess),
    referredBy: pick(fields.referredBy, base.referredBy),
    relationship: pick(fields.relationship, base.relationship),
    interest: pick(fields.interest, base.interest),
    canBuy: pick(fields.canBuy, base.canBuy),
    authority: pick(fields.authority, base.authority),
    notes: pick(fields.notes, base.notes),
    customerSince: pick(fields.customerSince, base.customerSince),
    purchaseDate: pick(fields.purchaseDate, base.purchaseDate),
    ownerId: pick(fields.ownerId, base.ownerId),
    timeBudgetMinutes: pick(fields.timeBudgetMinutes, base.timeBudgetMinutes ?? null),
    updatedAt: nowIso,
  };
}

export function blankContact(id: string, workspaceId: string, timeZone: string, ownerId: string | null, nowIso: string): Contact {
  return {
    id, workspaceId, ownerId, name: '', email: null, phone: null, company: null, title: null, timeZone,
    preferredChannel: null, reachable: [], interests: [], buyingProcess: null, referredBy: null, relationship: 'prospect',
    interest: 'unknown', canBuy: 'unknown', authority: null, doNotContact: false, doNotContactReason: null,
    doNotContactAt: null, notes: null, customerSince: null, purchaseDate: null, createdAt: nowIso, updatedAt: nowIso,
    timeBudgetMinutes: null, timeSpentMinutes: 0,
  };
}

export function markDoNotContact(contact: Contact, reason: string, nowIso: string): Contact {
  return { ...contact, doNotContact: true, doNotContactReason: reason, doNotContactAt: nowIso, updatedAt: nowIso };
}

export function liftDoNotContact(contact: Contact, nowIso: string): Contact {
  return { ...contact, doNotContact: false, doNotContactReason: null, doNotContactAt: null, updatedAt: nowIso };
}
