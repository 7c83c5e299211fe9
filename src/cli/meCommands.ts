import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { profilePhoneSchema, profileSignatureSchema } from '../shared/index.js';
import * as accounts from '../services/accounts.js';
import type { User, Workspace } from '../store/accounts.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

const profilePatchSchema = z.object({ phone: profilePhoneSchema.optional(), signature: profileSignatureSchema.optional() });

function describeProfile(user: User, workspace: Workspace): string {
  const signature = user.signature
    ? user.signature.split('\n').map((line, i) => (i === 0 ? line : `           ${line}`)).join('\n')
    : `not set: emails are signed "${user.name}, ${workspace.name}"`;
  return [
    `${user.name} <${user.email}>`,
    `Phone:     ${user.phone ?? 'not set: scripts show a reminder where it goes, and emails that give it wait until you add it (followthrough me set --phone "+44 20 7946 0958")'}`,
    `Signature: ${signature}`,
  ].join('\n');
}

const profileJson = (user: User) => ({ name: user.name, email: user.email, phone: user.phone ?? null, signature: user.signature ?? null });

/** `followthrough me`: your profile, what clients read from you in scripts and emails. */
export function registerMeCommands(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const me = program.command('me').description('your profile: the phone number and email signature clients read in scripts and emails (show, set)');

  me.command('show', { isDefault: true }).description('show your phone number and signature (the default: `followthrough me`)').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const shown = await withActor(globals(), async (_deps, actor) => actor);
      if (o.json) return printJson(profileJson(shown.user));
      process.stdout.write(`${describeProfile(shown.user, shown.workspace)}\n`);
    });

  me.command('set').description('set your phone number and/or signature; an empty value removes it. Emails waiting for them go out')
    .option('--phone <number>', 'your phone number as clients should dial it, e.g. "+44 20 7946 0958"; "" removes it')
    .option('--signature <text>', 'your email signature; "\\n" starts a new line; "" goes back to your name and workspace')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  followthrough me set --phone "+44 20 7946 0958" --signature "Olivia Owner\\nAcme Sales"\n')
    .action(async (o: { phone?: string; signature?: string; json?: boolean }) => {
      if (o.phone === undefined && o.signature === undefined) throw new AppError('invalid', 'Give --phone, --signature or both (see followthrough me set --help).');
      const patch = profilePatchSchema.parse({ phone: o.phone, signature: o.signature?.replace(/\\n/g, '\n') });
      const updated = await withActor(globals(), async (deps, actor) => ({
        user: await accounts.updateMe(deps, actor, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))),
        workspace: actor.workspace,
      }));
      if (o.json) return printJson(profileJson(updated.user));
      process.stdout.write(`Saved.\n${describeProfile(updated.user, updated.workspace)}\n`);
    });
}
