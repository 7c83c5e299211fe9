/**
 * Whether an inbound message was written by a machine (out-of-office, autoresponder, delivery
 * report) rather than by the person: such mail is logged but must not stop a series.
 * RFC 3834 (Auto-Submitted) first, then the de-facto headers and subjects that servers without
 * it still send. Returns why, or null for a message a person wrote.
 */
export function autoReplyReason(headers: ReadonlyMap<string, string>, subject: string): string | null {
  const autoSubmitted = headers.get('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  if (headers.has('x-autoreply')) return 'X-Autoreply';
  if (headers.has('x-autorespond')) return 'X-Autorespond';
  const precedence = headers.get('precedence')?.trim().toLowerCase();
  if (precedence && ['auto_reply', 'bulk', 'junk'].includes(precedence)) return `Precedence: ${precedence}`;
  const contentType = headers.get('content-type')?.trim().toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report')) return 'delivery or read report';
  if (automaticSubject.test(subject.trim())) return 'automatic subject';
  return null;
}

// Prefixes mail clients put before an autoresponder's subject, in the languages customers write in.
const automaticSubject = new RegExp(
  '^(?:' + [
    'out of (?:the )?office', 'automatic reply', 'auto(?:matic)?[- ]?(?:reply|response)', 'autoreply', 'auto:',
    'vacation reply', 'away from (?:the|my) office',
    'abwesenheit', 'automatische antwort', 'réponse automatique', 'absence du bureau', 'respuesta automática',
    'fuera de la oficina', 'risposta automatica', 'fuori sede', 'automatisch antwoord', 'afwezig',
    'resposta automática', 'autosvar', 'frånvaro',
  ].join('|') + ')',
  'i',
);
