import type { Command } from 'commander';
import { listContacts } from '../services/contacts.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

const MAX_HITS = 100;

/** `followthrough search <words…>`: the web app's search box, best match first. */
export function registerSearchCommand(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  program.command('search').description('search contacts by name, company, email, phone (any part of the number), notes and agendas, best match first')
    .argument('<words...>', 'word starts to find, e.g. "ann acme" or a phone fragment like 0612; accents and case ignored')
    .option('--limit <n>', `how many hits (at most ${MAX_HITS})`, '20')
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', '\nExamples:\n  followthrough search ann\n  followthrough search acme budget\n  followthrough search 0612 --json\n')
    .action(async (words: string[], o: { limit: string; json?: boolean }) => {
      const q = words.join(' ');
      const limit = Math.min(MAX_HITS, Math.max(1, Number(o.limit) || 20));
      const page = await withActor(globals(), (deps, actor) => listContacts(deps, actor, { q, limit }));
      if (o.json) return printJson(page.items);
      if (page.items.length === 0) return void process.stdout.write(`No contacts match "${q}".\n`);
      for (const hit of page.items) {
        const about = [hit.company, hit.email, hit.phone].filter(Boolean).join(' · ');
        process.stdout.write(`${hit.id}  ${hit.name}${about ? `  ${about}` : ''}\n`);
        if (hit.match) process.stdout.write(`    ${hit.match}\n`);
      }
      if (page.nextCursor) process.stdout.write(`(more: --limit ${Math.min(MAX_HITS, limit * 2)} or narrow the words)\n`);
    });
}
