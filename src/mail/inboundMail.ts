import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { autoReplyReason } from './autoReply.js';
import { deliveryFailureOf, type DeliveryFailure } from './deliveryReport.js';

/** What the reply logic needs from one inbound message, read defensively from untrusted mail. */
export interface InboundMail {
  /** The message's identity for exactly-once: its Message-ID, or a hash of the raw bytes without one. */
  messageKey: string;
  messageId: string | null;
  /** In-Reply-To first, then References newest first: the ids of the mail this one answers. */
  threadIds: string[];
  /** The sender's address, lower-cased. */
  from: string | null;
  subject: string;
  /** The new text of the message, without the quoted history, shortened. */
  excerpt: string;
  /** The Date header, when it is a real date. */
  dateMs: number | null;
  /** Why this is machine-written (out-of-office, autoresponder), or null when a person wrote it. */
  autoReply: string | null;
  /** A delivery report saying an earlier message could not be delivered (an asynchronous bounce). */
  deliveryFailure: DeliveryFailure | null;
}

const MAX_ID_LENGTH = 998;
const MAX_THREAD_IDS = 50;
const MAX_EXCERPT = 2000;

/** Every `<…>` token of a header; anything else in it is noise. */
function messageIdsIn(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : value ?? '';
  const ids = text.match(/<[^<>\s]+>/g) ?? [];
  return ids.filter((id) => id.length <= MAX_ID_LENGTH);
}

function threadIdsOf(parsed: ParsedMail): string[] {
  const inReplyTo = messageIdsIn(parsed.inReplyTo);
  const references = messageIdsIn(parsed.references).reverse();
  return [...new Set([...inReplyTo, ...references])].slice(0, MAX_THREAD_IDS);
}

function senderOf(parsed: ParsedMail): string | null {
  const address = parsed.from?.value[0]?.address?.trim().toLowerCase();
  return address && address.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}

/** Raw header lines, unfolded, by lower-case name (the first occurrence wins). */
function headersOf(parsed: ParsedMail): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    const name = key.toLowerCase();
    if (headers.has(name)) continue;
    const colon = line.indexOf(':');
    headers.set(name, (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return headers;
}

/** The reply's own words: stops at the quoted original ("On … wrote:", "-----Original Message-----", "> …"). */
export function excerptOf(text: string): string {
  const kept: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*>/.test(line) || /^\s*-{2,}\s*(original message|ursprüngliche nachricht)/i.test(line)) break;
    if (/^\s*(on|am|le|el)\s.+(wrote|schrieb|a écrit|escribió).*:\s*$/i.test(line)) break;
    kept.push(line);
  }
  const excerpt = kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return excerpt.length > MAX_EXCERPT ? `${excerpt.slice(0, MAX_EXCERPT - 1)}…` : excerpt;
}

const hashKey = (raw: Buffer): string => `sha256:${createHash('sha256').update(raw).digest('hex')}`;

/** Parses raw RFC 5322 bytes. Mail that cannot be read still gets a key, so it is handled once and skipped. */
export async function parseInboundMail(raw: Buffer): Promise<InboundMail> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, maxHtmlLengthToParse: 1_000_000 });
  } catch {
    return { messageKey: hashKey(raw), messageId: null, threadIds: [], from: null, subject: '', excerpt: '', dateMs: null, autoReply: null, deliveryFailure: null };
  }
  const messageId = messageIdsIn(parsed.messageId)[0] ?? null;
  const subject = (parsed.subject ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
  const dateMs = parsed.date ? parsed.date.getTime() : NaN;
  return {
    messageKey: messageId ?? hashKey(raw),
    messageId,
    threadIds: threadIdsOf(parsed),
    from: senderOf(parsed),
    subject,
    excerpt: excerptOf(parsed.text ?? ''),
    dateMs: Number.isFinite(dateMs) ? dateMs : null,
    autoReply: autoReplyReason(headersOf(parsed), subject),
    deliveryFailure: deliveryFailureOf(raw.toString('utf8'), messageId),
  };
}
