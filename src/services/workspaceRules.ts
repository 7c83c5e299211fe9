import { z } from 'zod';
import { defaultRules } from '../core/playbooks/schedule.js';
import type { WorkspaceRules } from '../core/playbooks/types.js';
import { hhmmSchema } from '../shared/common.js';
import type { Workspace } from '../store/accounts.js';

export const workspaceSettingsSchema = z.object({
  frequencyCap: z.object({ maxTouches: z.number().int().min(1).max(50), perDays: z.number().int().min(1).max(90) }).nullable(),
  quietHours: z.object({ from: hhmmSchema, to: hhmmSchema }).nullable(),
  allowMultipleEnrollments: z.boolean(),
  /** The sender's postal address, printed in every automated email (required by anti-spam law and by mailbox providers). */
  postalAddress: z.string().trim().min(5).max(300).nullable(),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

/** A workspace's settings over the defaults; a stored value that no longer parses falls back. */
export function settingsOf(workspace: Workspace): WorkspaceSettings {
  const defaults: WorkspaceSettings = { ...defaultRules, allowMultipleEnrollments: false, postalAddress: null };
  const parsed = workspaceSettingsSchema.partial().safeParse(workspace.settings);
  return parsed.success ? { ...defaults, ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) } : defaults;
}

export function rulesOf(workspace: Workspace): WorkspaceRules {
  const { frequencyCap, quietHours } = settingsOf(workspace);
  return { frequencyCap, quietHours };
}
