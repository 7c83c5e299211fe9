import { z } from 'zod';
import { defaultRules } from '../core/playbooks/schedule.js';
import type { WorkspaceRules } from '../core/playbooks/types.js';
import { defaultMaxSilenceDays, maxSilenceDaysOf } from '../core/silence.js';
import { hhmmSchema } from '../shared/common.js';
import { Remembered } from '../shared/remembered.js';
import { membersMaySchema, noMemberGrants } from '../shared/permissions.js';
import type { Workspace } from '../store/accounts.js';

const silenceDays = z.number().int().min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days (ten years)').optional();

export const workspaceSettingsSchema = z.object({
  frequencyCap: z.object({ maxTouches: z.number().int().min(1).max(50), perDays: z.number().int().min(1).max(90) }).nullable(),
  quietHours: z.object({ from: hhmmSchema, to: hhmmSchema }).nullable(),
  allowMultipleEnrollments: z.boolean(),
  /** Minutes committed to each contact unless one has their own (seed 003); null: only playbooks' budgets. */
  timeBudgetMinutes: z.number().int().min(1).max(100_000).nullable(),
  /** The sender's postal address, printed in every automated email (required by anti-spam law and by mailbox providers). */
  postalAddress: z.string().trim().min(5).max(300).nullable(),
  /** The longest each relationship may go untouched before the contact is flagged silent (core/silence.ts has the defaults). */
  maxSilenceDays: z.strictObject({ prospect: silenceDays, customer: silenceDays, 'referral-source': silenceDays, partner: silenceDays })
    .describe('days per relationship; a relationship left out takes its default (prospect 30, customer 90, referral-source 90, partner 60)'),
  /** What an owner allows members beyond their role (core/permissions.ts `may`); all false by default. */
  membersMay: membersMaySchema.describe('what members may do besides their usual work; only an owner changes it'),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

/** PATCH /workspace/settings: any rule, and in membersMay any of its switches (the others keep their value). */
export const workspaceSettingsPatchSchema = workspaceSettingsSchema.partial().extend({ membersMay: membersMaySchema.partial().optional() });
export type WorkspaceSettingsPatch = z.infer<typeof workspaceSettingsPatchSchema>;

/** The stored settings with a patch applied: what it leaves out stays, membersMay merged switch by switch. */
export function patchedSettings(workspace: Workspace, patch: WorkspaceSettingsPatch): Record<string, unknown> {
  const given = <T extends object>(values: T) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const settings = { ...workspace.settings, ...given(patch) };
  return patch.membersMay ? { ...settings, membersMay: { ...settingsOf(workspace).membersMay, ...given(patch.membersMay) } } : settings;
}

const storedSettingsSchema = workspaceSettingsSchema.partial();

// Every request asks for its workspace's settings, some many times, and each request reads the
// workspace anew: what they come to is kept by their stored value, parsed once per value.
const effectiveSettings = new Remembered<Readonly<WorkspaceSettings>>(1_000);

/** A workspace's settings over the defaults; a stored value that no longer parses falls back. */
export function settingsOf(workspace: Workspace): Readonly<WorkspaceSettings> {
  return effectiveSettings.get(String(JSON.stringify(workspace.settings)), () => effectiveOf(workspace.settings));
}

function effectiveOf(stored: unknown): Readonly<WorkspaceSettings> {
  const defaults: WorkspaceSettings = { ...defaultRules, allowMultipleEnrollments: false, postalAddress: null, timeBudgetMinutes: null, maxSilenceDays: defaultMaxSilenceDays, membersMay: noMemberGrants };
  const result = storedSettingsSchema.safeParse(stored);
  const settings = result.success ? { ...defaults, ...Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined)) } : defaults;
  return Object.freeze({ ...settings, maxSilenceDays: maxSilenceDaysOf(settings.maxSilenceDays) });
}

export function rulesOf(workspace: Workspace): WorkspaceRules {
  const { frequencyCap, quietHours } = settingsOf(workspace);
  return { frequencyCap, quietHours };
}
