import { Option, type Command } from 'commander';
import { spokenDue } from '../core/spokenTime.js';
import { dayRange, todayIn } from '../core/time.js';
import { followUpFulfilledBy, followUpInputSchema, interactionInputSchema, warningTitle } from '../shared/index.js';
import { channels, directions, followUpKinds, outcomeTypes, results } from '../shared/vocabulary.js';
import type { Actor, ServiceDeps } from '../services/deps.js';
import { listFollowUps } from '../services/followUps.js';
import { logInteraction, type LoggedInteraction } from '../services/logInteraction.js';
import { findContact } from './findContact.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

interface LogOptions {
  channel: string; direction?: string; result?: string; outcome?: string; notes?: string; changed?: string; followUp?: string | false; nextAt?: string;
  nextZone?: string; nextChannel?: string; nextKind?: string; agenda?: string; progress?: string; json?: boolean;
  minutes?: string; purchaseDate?: string;
}

/** The follow-up this touch fulfils: the one named, none when told so, else the shared rule the web app uses too. */
async function fulfilledFollowUpId(deps: ServiceDeps, actor: Actor, contactId: string, named: string | false | undefined): Promise<string | undefined> {
  if (named === false) return undefined;
  if (named) return named;
  const now = deps.clock();
  const today = todayIn(now, actor.user.timeZone);
  const open = await listFollowUps(deps, actor, { contactId, status: 'open', limit: 500 });
  return followUpFulfilledBy(contactId, open.items, { today, endOfTodayMs: dayRange(today, actor.user.timeZone).end })?.id;
}

/** What the web app's "Logged" view says, as lines for a terminal. */
export function describeLogged(logged: LoggedInteraction): string {
  const lines = [`Logged touch ${logged.interaction.touchNumber} (${logged.interaction.channel}).`];
  if (logged.fulfilled) lines.push(`Fulfils the ${logged.fulfilled.channel} agreed for ${spokenDue(logged.fulfilled)}.`);
  if (logged.next) lines.push(`Next step: ${logged.next.channel} on ${spokenDue(logged.next)} (${logged.next.timeZone}).`);
  for (const w of logged.warnings) lines.push(`${warningTitle(w.code)}: ${w.message}`);
  for (const s of logged.suggestions ?? []) lines.push(`After the sale: ${s.reason} Enrol them in ${s.name}: followthrough enroll <contact> ${s.playbookKey}`);
  return `${lines.join('\n')}\n`;
}

export function registerLogCommand(program: Command, globals: () => GlobalOptions): void {
  program.command('log').description('log a touch with its outcome (a conversation must end in yes, no or a next step)')
    .argument('<contact>', 'contact id, email or name')
    .addOption(new Option('--channel <channel>').choices(channels).makeOptionMandatory())
    .addOption(new Option('--result <result>').choices(results))
    .addOption(new Option('--direction <direction>', 'out: you reached them (the default); in: they reached you').choices(directions))
    .addOption(new Option('--outcome <outcome>').choices(outcomeTypes))
    .option('--notes <text>').option('--changed <text>', 'what changed since last time')
    .option('--follow-up <id>', 'the follow-up this touch fulfils (default: their follow-up due by the end of today, promises first)')
    .option('--no-follow-up', 'this touch fulfils none of their open follow-ups')
    .option('--next-at <YYYY-MM-DDTHH:mm|YYYY-MM-DD>', 'agreed next step: their local time or an all-day date (after this conversation)')
    .option('--next-zone <zone>', 'zone of --next-at (default: the contact\'s)')
    .addOption(new Option('--next-channel <channel>', 'agreed channel of the next step').choices(channels))
    .addOption(new Option('--next-kind <kind>').choices(followUpKinds))
    .option('--agenda <text>', 'agreed agenda of the next step').option('--progress <text>', 'progress to present next time')
    .option('--minutes <n>', 'time the touch took, in minutes (default: the channel\'s usual time, e.g. a call 10, a meeting 60)')
    .option('--purchase-date <YYYY-MM-DD>', 'with --outcome yes: the date of the purchase (for upgrade reminders)')
    .option('--json', 'print JSON')
    .action(async (reference: string, o: LogOptions) => {
      const next = o.nextAt
        ? followUpInputSchema.parse({
            due: /T/.test(o.nextAt) ? { local: o.nextAt, ...(o.nextZone ? { timeZone: o.nextZone } : {}) } : { date: o.nextAt },
            channel: o.nextChannel ?? o.channel, agenda: o.agenda, progress: o.progress, kind: o.nextKind,
          })
        : undefined;
      const logged = await withActor(globals(), async (deps, actor) => {
        const found = await findContact(deps, actor, reference);
        const input = interactionInputSchema.parse({
          contactId: found.id, channel: o.channel, direction: o.direction, result: o.result, notes: o.notes, changed: o.changed,
          minutes: o.minutes === undefined ? undefined : Number(o.minutes),
          followUpId: await fulfilledFollowUpId(deps, actor, found.id, o.followUp),
          outcome: o.outcome || o.purchaseDate ? { type: o.outcome, next, purchaseDate: o.purchaseDate } : undefined,
        });
        return logInteraction(deps, actor, input);
      });
      if (o.json) return printJson(logged);
      process.stdout.write(describeLogged(logged));
    });
}
