import type { Command } from 'commander';
import { textTable } from '../core/teamSummary.js';
import { teamFor } from '../services/team.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

/** `followthrough team`: the manager's view as a table (yours alone for a member). */
export function registerTeamCommand(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  program.command('team').description('per salesperson: promises due, late now, kept rate, agreed channel, stalled deals, contacts with no next step, touches this week')
    .option('--from <date>', 'first day (YYYY-MM-DD, your zone) promises due are counted from; default 89 days before --to')
    .option('--to <date>', 'last day (YYYY-MM-DD), inclusive; default today')
    .option('--json', 'print JSON for scripts (the GET /api/v1/team answer)')
    .addHelpText('after', [
      '',
      'Owners and admins see every member; a member sees their own figures. Late, stalled and no next step are as of now;',
      'touches count since Monday 00:00 in each person\'s zone. The lists behind each figure: GET /api/v1/team/<userId>/late (see docs/team.md).',
      '',
      'Examples:',
      '  followthrough team',
      '  followthrough team --from 2026-03-02 --to 2026-03-08',
      '  followthrough team --json',
      '',
    ].join('\n'))
    .action(async (o: { from?: string; to?: string; json?: boolean }) => {
      const view = await withActor(globals(), (deps, actor) => teamFor(deps, actor, { from: o.from, to: o.to }));
      if (o.json) return printJson(view);
      process.stdout.write(`Promises due ${view.period.from} to ${view.period.to} (${view.period.timeZone}); late, stalled and no next step as of now.\n\n`);
      const lines = textTable(view.members, view.scope === 'team' && view.members.length > 1 ? view.totals : null);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
