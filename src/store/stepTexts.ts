import type { Db } from './db.js';

/** The script and subject a playbook step was given when planned, merge fields filled in. */
export interface StepText {
  id: string;
  script: string | null;
  subject: string | null;
}

/** A user's open follow-ups whose script or subject may still carry a placeholder ("[your phone number — …]"). */
export async function openStepTextsWithPlaceholders(db: Db, workspaceId: string, userId: string): Promise<StepText[]> {
  return db.selectFrom('follow_ups').select(['id', 'script', 'subject']).where('workspace_id', '=', workspaceId).where('user_id', '=', userId)
    .where('status', '=', 'open').where((eb) => eb.or([eb('script', 'like', '%[%'), eb('subject', 'like', '%[%')])).execute();
}

export async function updateStepText(db: Db, workspaceId: string, text: StepText): Promise<void> {
  await db.updateTable('follow_ups').set({ script: text.script, subject: text.subject }).where('workspace_id', '=', workspaceId).where('id', '=', text.id).execute();
}
