import { Option, type Command } from 'commander';
import { customFieldEntities, type CustomFieldEntity } from '../shared/customFields.js';
import { listCustomFields } from '../services/customFields.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

/** `followthrough fields`: the workspace's custom fields (defined under Settings → Custom fields; docs/custom-fields.md). */
export function registerCustomFieldCommands(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  program.command('fields').description('the workspace\'s custom fields on contacts and deals: key, label, type, options')
    .addOption(new Option('--entity <entity>', 'only those on contacts or on deals').choices(customFieldEntities))
    .option('--json', 'print JSON for scripts (the GET /api/v1/custom-fields answer)')
    .addHelpText('after', [
      '',
      'Owners and admins define them under Settings → Custom fields (or POST /api/v1/custom-fields).',
      'Filter contacts by one: followthrough contacts --field budget.from=1000 --field plan=Pro',
      '',
    ].join('\n'))
    .action(async (o: { entity?: CustomFieldEntity; json?: boolean }) => {
      const fields = await withActor(globals(), (deps, actor) => listCustomFields(deps, actor, o.entity));
      if (o.json) return printJson({ items: fields });
      if (fields.length === 0) return void process.stdout.write('No custom fields yet. Owners and admins add them under Settings → Custom fields.\n');
      for (const f of fields) {
        process.stdout.write(`${f.entity.padEnd(8)}${f.key.padEnd(24)}${f.label}  (${f.type}${f.options.length ? `: ${f.options.join(', ')}` : ''})\n`);
      }
    });
}
