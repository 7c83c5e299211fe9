/** The message coach (seed 004): generic openers, nothing about the client, no next step, pressure. */

export const coachCodes = ['generic-opener', 'no-interest-reference', 'no-next-step', 'pushy'] as const;
export type CoachCode = (typeof coachCodes)[number];

export interface CoachFinding {
  code: CoachCode;
  message: string;
  /** Character offsets into the text; the whole text for findings about what is missing. */
  start: number;
  end: number;
}

export interface CoachContext {
  interests: readonly string[];
  agenda?: string | null | undefined;
  /** The contact said no or opted out: any outreach now is pestering. */
  saidNo?: boolean | undefined;
  firstName?: string | null | undefined;
  progress?: string | null | undefined;
  /** The message fulfils a time the client agreed to. */
  agreed?: boolean | undefined;
}

export interface CoachReport {
  findings: CoachFinding[];
  suggestedOpener: string;
}

const generic: RegExp[] = [
  /\bjust (?:wanted to )?check(?:ing)? in\b/gi,
  /\bchecking in\b/gi,
  /\btouch(?:ing)? base\b/gi,
  /\bjust (?:wanted to )?follow(?:ing)? up\b/gi,
  /\bfollowing up on my (?:last|previous|earlier) (?:email|message|note|voicemail|call)\b/gi,
  /\bcircl(?:e|ing) back\b/gi,
  /\bany questions\??/gi,
  /\bdid you (?:get|have) a chance\b/gi,
  /\bjust (?:wanted to )?reach(?:ing)? out\b/gi,
  /\bbumping this\b/gi,
];

const pushy: RegExp[] = [
  /\blast chance\b/gi,
  /\bact now\b/gi,
  /\bwhy (?:haven't|have not|didn't|did not) you\b/gi,
  /\blimited[- ]time\b/gi,
  /\bdon't miss out\b/gi,
  /\bfinal notice\b/gi,
  /\bbefore it's too late\b/gi,
  /\byou (?:must|need to) (?:respond|reply|decide|act|sign)\b/gi,
  /\b(?:respond|reply|decide) (?:asap|immediately|today)\b/gi,
  /\basap\b/gi,
  /(?<!\b(?:nothing|not|no|isn't) )\burgent(?:ly)?\b/gi,
  /\bonly \d+ (?:spots|places|seats|left)\b/gi,
  /\bexpires (?:today|tonight|soon)\b/gi,
];

const proposedTime: RegExp[] = [
  /\{\{\s*suggestedTimes\s*\}\}/i,
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b/i,
  /\b(?:tomorrow|next week|this week|later this week|next month)\b/i,
  /\b\d{1,2}(?::[0-5]\d)?\s?(?:am|pm)\b/i,
  /\b(?:[01]?\d|2[0-3]):[0-5]\d\b/,
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b/i,
  /\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b/i,
];

const request: RegExp[] = [
  /\blet me know\b/i,
  /\bplease\b/i,
  /\b(?:could|can|would|will) you\b/i,
  /\breply\b/i,
  /\bcall me\b/i,
  /\b(?:book|schedule|pick|choose)\b/i,
  /\blet's\b/i,
  /\bshall we\b/i,
  /\bare you free\b/i,
  /\b(?:works?|suits?) (?:for )?you\b/i,
];

const stopwords = new Set([
  'about', 'after', 'also', 'and', 'being', 'from', 'have', 'into', 'more', 'most', 'that', 'their', 'them',
  'then', 'there', 'they', 'this', 'what', 'when', 'which', 'with', 'your', 'will', 'would', 'better', 'less',
]);

// Same length in and out, so offsets found in the normalised text hold for the original.
const normalise = (text: string): string => text.replace(/[\u2018\u2019\u02BC]/g, "'");

/** Matches of any pattern; where two overlap, the longer one stands for both. */
function matches(text: string, patterns: RegExp[]): { start: number; end: number }[] {
  const all = patterns
    .flatMap((p) => [...text.matchAll(p)].map((m) => ({ start: m.index, end: m.index + m[0].length })))
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: { start: number; end: number }[] = [];
  for (const m of all) if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  return kept.sort((a, b) => a.start - b.start);
}

function stem(word: string): string {
  const w = word.toLowerCase();
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (w.length > suffix.length + 3 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** A topic is referenced when the text holds it whole, or one of its meaningful words. */
function references(text: string, topic: string): boolean {
  const lower = text.toLowerCase();
  const phrase = topic.trim().toLowerCase();
  if (phrase !== '' && lower.includes(phrase)) return true;
  const said = new Set(words(text).map(stem));
  return words(topic).filter((w) => w.length >= 4 && !stopwords.has(w)).some((w) => said.has(stem(w)));
}

function hasNextStep(text: string, genericSpans: { start: number; end: number }[]): boolean {
  // "Any questions?" is not the question that moves things on.
  let rest = text;
  for (const s of genericSpans) rest = rest.slice(0, s.start) + ' '.repeat(s.end - s.start) + rest.slice(s.end);
  return rest.includes('?') || proposedTime.some((p) => p.test(rest)) || request.some((p) => p.test(rest));
}

export function suggestOpener(context: CoachContext): string {
  if (context.saidNo) return '';
  const hi = context.firstName ? `Hi ${context.firstName},` : 'Hi,';
  const interest = context.interests[0];
  const progress = context.progress ? ` Since we spoke: ${context.progress}.` : '';
  if (context.agreed && context.agenda) {
    return `${hi} you asked me to get back to you today about ${context.agenda}, so here I am as promised.${progress}`;
  }
  if (context.progress) return `${hi} I have news on ${context.agenda ?? interest ?? 'what we discussed'}: ${context.progress}.`;
  // With no news, an opener that promises "something specific" is the generic opener in disguise:
  // name what was agreed, or ask about them.
  if (context.agenda) return `${hi} I am getting in touch about ${context.agenda}: where do things stand on your side?`;
  if (interest) return `${hi} how are things going with ${interest}? I would like to hear where you are before I suggest anything.`;
  return `${hi} how are things on your side at the moment? I would like to hear what matters most to you right now.`;
}

export function coach(text: string, context: CoachContext): CoachReport {
  const plain = normalise(text);
  const whole = { start: 0, end: text.length };
  const findings: CoachFinding[] = [];
  const genericSpans = matches(plain, generic);
  for (const m of genericSpans) {
    findings.push({
      code: 'generic-opener', start: m.start, end: m.end,
      message: `"${text.slice(m.start, m.end)}" says nothing that matters to them; open with what is new for them instead`,
    });
  }
  const topics = [...context.interests, ...(context.agenda ? [context.agenda] : [])].filter((t) => t.trim() !== '');
  if (topics.length > 0 && !topics.some((t) => references(plain, t))) {
    findings.push({
      code: 'no-interest-reference', ...whole,
      message: `mentions none of what they care about (${topics.join('; ')})`,
    });
  }
  if (!hasNextStep(plain, genericSpans)) {
    findings.push({
      code: 'no-next-step', ...whole,
      message: 'proposes no time, asks no question and makes no clear request: end with the next step you want to agree',
    });
  }
  for (const m of matches(plain, pushy)) {
    findings.push({
      code: 'pushy', start: m.start, end: m.end,
      message: `"${text.slice(m.start, m.end)}" puts pressure on them; persistence is a better reason to talk, not pressure`,
    });
  }
  if (context.saidNo) {
    findings.push({
      code: 'pushy', ...whole,
      message: 'they said no or opted out: any outreach now is pestering; wait until they opt in again',
    });
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { findings, suggestedOpener: suggestOpener(context) };
}
