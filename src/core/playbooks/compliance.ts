import { AppError, type FieldError } from '../errors.js';
import type { Playbook } from './types.js';

/**
 * Automated mail must let the reader stop it and say who sends it (CAN-SPAM, and what every
 * mailbox provider expects of bulk senders): each email step's body needs an opt-out line and the
 * sender's postal address. The List-Unsubscribe header is added when sent; this is the visible part.
 */
const OPT_OUT = /\{\{\s*unsubscribeUrl\s*\}\}|unsubscribe|opt[ -]?out|abmelden|d[ée]sabonner|darse de baja/i;
const ADDRESS_FIELD = /\{\{\s*sender\.postalAddress\s*\}\}/;

const squeeze = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

export function automatedMailErrors(playbook: Playbook, sender: { postalAddress: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  const address = sender.postalAddress?.trim() || null;
  playbook.steps.forEach((step, i) => {
    if (step.type !== 'email' || !step.template) return;
    const path = `steps.${i}.template.body`;
    const body = step.template.body;
    if (!OPT_OUT.test(body)) {
      errors.push({ path, message: `step "${step.id}" needs an opt-out line, e.g. "Not interested? Unsubscribe: {{unsubscribeUrl}}"` });
    }
    if (!address) {
      errors.push({ path, message: `step "${step.id}" needs the sender's postal address: set the workspace's postal address (Settings → Workspace rules), then add {{sender.postalAddress}}` });
    } else if (!ADDRESS_FIELD.test(body) && !squeeze(body).includes(squeeze(address))) {
      errors.push({ path, message: `step "${step.id}" needs the sender's postal address: add {{sender.postalAddress}}` });
    }
  });
  return errors;
}

export function assertAutomatedMailCompliant(playbook: Playbook, sender: { postalAddress: string | null }): void {
  const errors = automatedMailErrors(playbook, sender);
  if (errors.length > 0) throw new AppError('invalid', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}
