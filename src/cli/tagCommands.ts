import { Option, type Command } from 'commander';
import { bulkRequestSchema, bulkSkipHeadings, type BulkAction, type BulkSelection } from '../shared/bulk.js';
import { runBulk } from '../services/bulkActions.js';
import { listTags, tagContact, untagContact } from '../services/tags.js';
import { listViews } from '../services/savedViews.js';
import { findContact } from './findContact.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface BulkOptions {
  ids?: string; view?: string; withTag?: string[]; owner?: string; playbook?: string; to?: string; tag?: string; reason?: string;
  includeUnqualified?: boolean; preview?: boolean; json?: boolean;
}

function actionOf(type: BulkAction['type'], o: BulkOptions): BulkAction {
  switch (type) {
    case 'enrol': return { type, playbookKey: o.playbook, includeUnqualified: o.includeUnqualified ?? false };
    case 'assign': return { type, ownerId: o.to as string };
    case 'tag': case 'untag': return { type, tag: o.tag as string };
    case 'opt-out': return { type, reason: o.reason as string };
    case 'export': return { type };
  }
}

function selectionOf(o: BulkOptions): BulkSelection {
  if (o.ids) return { ids: o.ids.split(',').map((id) => id.trim()).filter(Boolean) };
  if (o.view) return { viewId: o.view };
  return { filter: { ...(o.withTag?.length ? { tag: o.withTag } : {}), ...(o.owner ? { owner: o.owner } : {}) } };
}

/** `followthrough tag`, `untag`, `tags`, `views` and `bulk` (issue 16 item 3; docs/views-and-bulk.md). */
export function registerTagCommands(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program.command('tag').description('tag a contact (new tags are created)')
    .argument('<contact>', 'id, email or a name that matches one contact').argument('<tags...>', 'one or more tags')
    .action(async (reference: string, tags: string[]) => {
      const now = await withActor(globals(), async (deps, actor) => tagContact(deps, actor, (await findContact(deps, actor, reference)).id, tags));
      process.stdout.write(`Tags: ${now.join(', ')}\n`);
    });

  program.command('untag').description('take a tag off a contact')
    .argument('<contact>', 'id, email or a name that matches one contact').argument('<tag>', 'the tag')
    .action(async (reference: string, tag: string) => {
      const now = await withActor(globals(), async (deps, actor) => untagContact(deps, actor, (await findContact(deps, actor, reference)).id, tag));
      process.stdout.write(`Tags: ${now.length ? now.join(', ') : 'none'}\n`);
    });

  program.command('tags').description('the workspace\'s tags and how many contacts wear each').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const tags = await withActor(globals(), (deps, actor) => listTags(deps, actor));
      if (o.json) return printJson(tags);
      process.stdout.write(tags.length ? `${tags.map((t) => `${t.name}  (${t.contacts})`).join('\n')}\n` : 'No tags yet.\n');
    });

  program.command('views').description('your saved views and the workspace\'s shared ones').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const views = await withActor(globals(), (deps, actor) => listViews(deps, actor));
      if (o.json) return printJson(views);
      process.stdout.write(views.length ? `${views.map((v) => `${v.id}  ${v.name}${v.shared ? ' (shared)' : ''}`).join('\n')}\n` : 'No saved views yet.\n');
    });

  program.command('bulk').description('enrol, assign, tag, untag, opt out or export many contacts; --preview says who would be skipped and why, changing nothing')
    .addArgument(program.createArgument('<action>', 'what to do').choices(['enrol', 'assign', 'tag', 'untag', 'opt-out', 'export']))
    .option('--ids <ids>', 'contact ids, comma-separated').option('--view <id>', 'every contact of a saved view')
    .option('--with-tag <tag>', 'every contact wearing this tag (repeat for several)', collect)
    .option('--owner <who>', 'with --with-tag or alone: contacts of me, none or a user id')
    .option('--playbook <key>', 'enrol: the playbook key').option('--include-unqualified', 'enrol: contacts who cannot buy or only have a passing interest too')
    .option('--to <userId>', 'assign: the new owner').option('--tag <tag>', 'tag/untag: the tag').option('--reason <why>', 'opt-out: why')
    .option('--preview', 'say what would happen; change nothing').addOption(new Option('--json', 'print the JSON answer (with the CSV for export)'))
    .addHelpText('after', [
      '', 'Examples:',
      '  followthrough bulk enrol --with-tag "Trade fair" --playbook hard-to-reach --preview',
      '  followthrough bulk tag --view 01J… --tag Renewal',
      '  followthrough bulk export --with-tag VIP --json', '',
    ].join('\n'))
    .action(async (type: BulkAction['type'], o: BulkOptions) => {
      // The API's own schema: a missing --tag, --to or --reason is named as the API names it.
      const request = bulkRequestSchema.parse({ selection: selectionOf(o), action: actionOf(type, o), preview: o.preview ?? false });
      const result = await withActor(globals(), (deps, actor) => runBulk(deps, actor, request));
      if (o.json) return printJson(result);
      if (result.csv !== undefined) return void process.stdout.write(result.csv);
      process.stdout.write(`${result.preview ? 'Preview (nothing changed): ' : ''}${result.acted} of ${result.selected} ${result.preview ? 'would be acted on' : 'done'}, ${result.skipped} skipped.\n`);
      for (const reason of result.reasons) {
        process.stdout.write(`  ${reason.count} ${bulkSkipHeadings[reason.code]}:\n`);
        for (const skip of result.skippedContacts.filter((s) => s.code === reason.code).slice(0, 20)) process.stdout.write(`    ${skip.name}: ${skip.reason}\n`);
      }
    });
}
