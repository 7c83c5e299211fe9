/**
 * A card's unfolded content lines → its properties, parsed by ical.js (vCard 3.0 and 4.0: parameter
 * quoting, RFC 6868 escapes, text escapes, structured values). ical.js does not read vCard 2.1, so
 * a small shim first rewrites what 2.1 writes differently: bare parameters (";WORK;VOICE" for
 * TYPE=WORK,VOICE) and quoted-printable values in the CHARSET they name. Binary values (a PHOTO in
 * base64) are dropped: nothing of them is imported.
 */
import ICAL from 'ical.js';
import { cellProblem } from '../core/import/candidate.js';
import type { VcardProperty } from '../core/import/vcardContact.js';
import type { VcardLine } from './vcardCards.js';

export type ParsedVcard = { properties: VcardProperty[]; problem: null } | { properties: null; problem: string };

const NOT_A_PROPERTY = 'not a vCard property (expected NAME:value)';
const QUALIFIED_NAME = /^(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+$/;
const BARE_ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
/** Properties whose value is structured: a ";" there separates components and stays as it is. */
const STRUCTURED = new Set(['N', 'ADR', 'ORG', 'GENDER', 'CLIENTPIDMAP']);

/** Splits at `separator` outside double quotes. */
function splitUnquoted(text: string, separator: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length && parts.length < limit - 1; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function decodeQuotedPrintable(value: string, charset: string | undefined): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x3d && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (code < 0x80) bytes.push(code);
    else bytes.push(...encoder.encode(value[i] ?? ''));
  }
  const latin = charset !== undefined && /^(?:iso-8859-1|latin1|windows-1252|cp1252)$/i.test(charset);
  return new TextDecoder(latin ? 'windows-1252' : 'utf-8').decode(new Uint8Array(bytes));
}

/** Decoded text written back with the escapes ical.js reads (in a structured value, ";" still separates). */
function escapeText(text: string, structured: boolean): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n').replace(/,/g, '\\,');
  return structured ? escaped : escaped.replace(/;/g, '\\;');
}

/**
 * The 2.1 shim: one content line as vCard 3.0 writes it, null for a binary value (dropped), or a
 * problem. Lines that 3.0 and 4.0 writers produce pass through unchanged.
 */
function asModernLine(text: string): { line: string | null } | { problem: string } {
  const [head = '', value] = splitUnquoted(text, ':', 2);
  if (value === undefined) return { problem: NOT_A_PROPERTY };
  const [name = '', ...params] = splitUnquoted(head, ';').map((part) => part.trim());
  if (!QUALIFIED_NAME.test(name)) return { problem: NOT_A_PROPERTY };
  let encoding: string | undefined;
  let charset: string | undefined;
  const kept: string[] = [];
  for (const param of params) {
    if (param === '') continue;
    const equals = param.indexOf('=');
    const key = (equals < 0 ? '' : param.slice(0, equals)).trim().toUpperCase();
    const given = equals < 0 ? param : param.slice(equals + 1).trim();
    if (key === 'ENCODING' || (key === '' && BARE_ENCODINGS.has(given.toUpperCase()))) encoding = given.toUpperCase();
    else if (key === 'CHARSET') charset = given;
    else kept.push(key === '' ? `TYPE=${given}` : param);
  }
  if (encoding === 'BASE64' || encoding === 'B') return { line: null };
  const property = (name.split('.').pop() ?? '').toUpperCase();
  // vCard 3.0 types TZ as a UTC offset, but programs write zone names there too ("America/New_York",
  // "Pacific Standard Time"), which ical.js would cut short: read it as text, core tells them apart.
  if (property === 'TZ' && !kept.some((p) => /^VALUE=/i.test(p))) kept.push('VALUE=text');
  const structured = STRUCTURED.has(property);
  const modernValue = encoding === 'QUOTED-PRINTABLE' ? escapeText(decodeQuotedPrintable(value, charset), structured) : value;
  return { line: [name, ...kept].join(';') + `:${modernValue}` };
}

const wrap = (lines: string[]): string => `BEGIN:VCARD\r\n${lines.join('\r\n')}\r\nEND:VCARD\r\n`;

/** ical.js leaves "\;" and "\:" in a text value that is not structured; they mean the character. */
const unescapeLeftovers = (text: string): string => (text.includes('\\') ? text.replace(/\\([;:])/g, '$1') : text);

function componentsOf(values: unknown[]): string[] {
  // A multi-valued property (CATEGORIES) has several values; a structured one has one array value.
  const value = values.length === 1 ? values[0] : values.map(String).join(',');
  if (Array.isArray(value)) return value.map((c) => (Array.isArray(c) ? c.map(String).join(',') : String(c ?? '')));
  return [unescapeLeftovers(String(value ?? ''))];
}

/** jCard property → VcardProperty. Parameter names come from the file: they only ever become keys of a Map. */
function toProperty(jcard: unknown[]): VcardProperty {
  const [name, params, , ...values] = jcard as [string, Record<string, unknown>, unknown, ...unknown[]];
  const map = new Map<string, string[]>();
  let group: string | null = null;
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (key === 'group') group = String(value);
    else map.set(key.toUpperCase(), (Array.isArray(value) ? value : [value]).map(String));
  }
  return { group, name: name.toUpperCase(), params: map, components: componentsOf(values) };
}

/** The first line ical.js refuses on its own, to name it in the reason. */
function refusedLine(lines: Array<{ text: string; line: number }>, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 200);
  for (const l of lines) {
    try {
      ICAL.parse(wrap([l.text]));
    } catch (lineError) {
      return `line ${l.line}: ${(lineError instanceof Error ? lineError.message : String(lineError)).slice(0, 200)}`;
    }
  }
  return `not a valid vCard: ${message}`;
}

export function parseVcard(lines: VcardLine[]): ParsedVcard {
  const modern: Array<{ text: string; line: number }> = [];
  for (const l of lines) {
    const problem = cellProblem(l.text);
    if (problem) return { properties: null, problem: `line ${l.line}: ${problem}` };
    const rewritten = asModernLine(l.text);
    if ('problem' in rewritten) return { properties: null, problem: `line ${l.line}: ${rewritten.problem}` };
    if (rewritten.line !== null) modern.push({ text: rewritten.line, line: l.line });
  }
  let jcard: unknown;
  try {
    jcard = ICAL.parse(wrap(modern.map((l) => l.text)));
  } catch (error) {
    return { properties: null, problem: refusedLine(modern, error) };
  }
  const properties = Array.isArray(jcard) && Array.isArray(jcard[1]) ? (jcard[1] as unknown[][]) : [];
  return { properties: properties.map(toProperty), problem: null };
}
