import { fillPlaceholders } from '../core/playbooks/template.js';
import type { Db } from '../store/db.js';
import { wakeHeldMail } from '../store/outbox.js';
import { openStepTextsWithPlaceholders, updateStepText } from '../store/stepTexts.js';
import type { Actor } from './deps.js';
import { senderValuesFor } from './mergeValues.js';

/**
 * The user just filled in their profile: the call scripts already planned for them lose the
 * placeholders it fills ("[your phone number — …]" becomes the number), and their held emails are
 * claimed again at once (the outbox fills those itself when it sends).
 */
export async function fillProfilePlaceholders(db: Db, actor: Actor, nowIso: string): Promise<void> {
  const values = senderValuesFor(actor);
  for (const step of await openStepTextsWithPlaceholders(db, actor.workspace.id, actor.user.id)) {
    const script = step.script === null ? null : fillPlaceholders(step.script, values);
    const subject = step.subject === null ? null : fillPlaceholders(step.subject, values);
    if (script !== step.script || subject !== step.subject) await updateStepText(db, actor.workspace.id, { id: step.id, script, subject });
  }
  await wakeHeldMail(db, actor.workspace.id, actor.user.id, nowIso);
}
