import { fillPlaceholders } from '../core/playbooks/template.js';
import type { Db } from '../store/db.js';
import { openStepTextsWithPlaceholders, updateStepText } from '../store/stepTexts.js';
import type { Actor } from './deps.js';
import { senderValuesFor } from './mergeValues.js';
import { refillHeldMail } from './outbox.js';

/**
 * The user just filled in their profile: the call scripts already planned for them lose the
 * placeholders it fills ("[your phone number — …]" becomes the number), and the emails held for it
 * are filled the same way and go out at once.
 */
export async function fillProfilePlaceholders(db: Db, actor: Actor, now: number): Promise<void> {
  const values = senderValuesFor(actor);
  for (const step of await openStepTextsWithPlaceholders(db, actor.workspace.id, actor.user.id)) {
    const script = step.script === null ? null : fillPlaceholders(step.script, values);
    const subject = step.subject === null ? null : fillPlaceholders(step.subject, values);
    if (script !== step.script || subject !== step.subject) await updateStepText(db, actor.workspace.id, { id: step.id, script, subject });
  }
  await refillHeldMail(db, actor.workspace.id, actor.user.id, now);
}
