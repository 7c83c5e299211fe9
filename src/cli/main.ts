#!/usr/bin/env node
import { Command, Option } from 'commander';
import { loadConfig } from '../config.js';
import { channels, relationships, roles } from '../shared/vocabulary.js';
import { contactNextStepFilters, type ContactNextStepFilter } from '../shared/contacts.js';
import { spokenShortDate } from '../core/spokenTime.js';
import { localDateOf } from '../core/time.js';
import { readFile } from 'node:fs/promises';
import {
  coachInputSchema, contactInputSchema, createUserSchema, enrollInputSchema, resolveZoneName, setupSchema, warningTitle,
} from '../shared/index.js';
import { coachMessage } from '../services/coach.js';
import { enroll } from '../services/enrollments.js';
import { listPlaybooks } from '../services/playbooks.js';
import * as accounts from '../services/accounts.js';
import { issuePasswordResetFromServer } from '../services/passwords.js';
import { agendaFor } from '../services/agenda.js';
import { createContact, listContacts } from '../services/contacts.js';
import { seedDemo } from '../demo/seedDemo.js';
import { openDeps, startServer } from '../server.js';
import { startBackgroundJobs } from '../jobs/startWorker.js';
import { connect, migrateToLatest } from '../store/connect.js';
import { registerDataCommands } from './dataCommands.js';
import { registerMailCommands } from './mailCommands.js';
import { registerMeCommands } from './meCommands.js';
import { registerTaskCommands } from './taskCommands.js';
import { registerSearchCommand } from './searchCommand.js';
import { registerTeamCommand } from './teamCommand.js';
import { registerTagCommands } from './tagCommands.js';
import { registerDealsCommand } from './dealsCommand.js';
import { registerCustomFieldCommands } from './customFieldCommands.js';
import { customFieldFiltersOfArgs } from '../shared/customFields.js';
import { registerLinkCommand } from './linkCommand.js';
import { registerLogCommand } from './logCommand.js';
import { findContact } from './findContact.js';
import { formatAgenda } from './formatAgenda.js';
import { describeError, exitCodeOf, printJson } from './output.js';
import { withActor, withDeps, type GlobalOptions } from './session.js';

const program = new Command();
program
  .name('followthrough')
  .description('Followthrough: agreed follow-ups, on time, through the channel the client chose.')
  // Global options go before the command (`followthrough --user a@b.c agenda`), so a command's own
  // option of the same name (`setup --workspace <name>`) stays its own.
  .enablePositionalOptions()
  .option('--user <email>', 'act as this user (default: the first owner); before the command')
  .option('--workspace <id>', 'act in this workspace (default: the user\'s first); before the command')
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const globals = (): GlobalOptions => program.opts<GlobalOptions>();

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

program.command('serve').description('run the web app and API (migrates first)').action(async () => {
  const running = await startServer(loadConfig());
  process.stdout.write(`Followthrough listening on ${running.url}\n`);
  const stop = () => { void running.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});

program.command('worker').description('run the background jobs (send the outbox through stored mailboxes or SMTP_URL, morning digests) without the web app (migrates first)').action(async () => {
  const config = loadConfig();
  const store = connect(config.databaseUrl);
  await migrateToLatest(store.db);
  const worker = startBackgroundJobs(config, openDeps(config, store), (event, detail) => {
    if (event.endsWith('.error')) process.stderr.write(`${JSON.stringify({ event, ...detail })}\n`);
  });
  process.stdout.write('Followthrough worker: sending the outbox, queueing morning digests\n');
  const stop = () => { void worker.stop().then(() => store.close()).then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});

program.command('migrate').description('apply pending database migrations').action(async () => {
  const config = loadConfig();
  const store = connect(config.databaseUrl);
  try {
    const applied = await migrateToLatest(store.db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await store.close();
  }
});

program.command('setup').description('first run: create the owner and workspace')
  .requiredOption('--email <email>').requiredOption('--password <password>').requiredOption('--name <name>')
  .requiredOption('--workspace <name>', 'workspace name').option('--time-zone <zone>', 'IANA zone', Intl.DateTimeFormat().resolvedOptions().timeZone)
  .action(async (o: { email: string; password: string; name: string; workspace: string; timeZone: string }) => {
    const input = setupSchema.parse({ email: o.email, password: o.password, name: o.name, workspace: o.workspace, timeZone: o.timeZone });
    const result = await withDeps((deps) => accounts.setup(deps, input));
    process.stdout.write(`Set up ${result.workspace.name} for ${result.user.email}.\nAPI token (shown once): ${result.token}\n`);
  });

const user = program.command('user').description('manage users');
user.command('add').description('add a user to the workspace')
  .requiredOption('--email <email>').requiredOption('--password <password>').requiredOption('--name <name>')
  .addOption(new Option('--role <role>').choices(roles).default('member')).option('--time-zone <zone>')
  .action(async (o: { email: string; password: string; name: string; role: string; timeZone?: string }) => {
    const input = createUserSchema.parse(o);
    const added = await withActor(globals(), (deps, actor) => accounts.addUser(deps, actor, input));
    process.stdout.write(`Added ${added.email} as ${added.role}.\n`);
  });

user.command('reset').description('print a one-time link to choose a new password (24 hours; for an owner who lost theirs, too)')
  .argument('<email>', 'whose password')
  .action(async (email: string) => {
    const issued = await withDeps((deps) => issuePasswordResetFromServer(deps, email));
    process.stdout.write(`One-time link for ${issued.email} (valid until ${issued.expiresAt}; shown once):\n${issued.resetUrl ?? ''}\n`);
  });

const token = program.command('token').description('manage API tokens');
token.command('create').description('create an API token (printed once)').argument('<name>', 'what the token is for')
  .action(async (name: string) => {
    const created = await withActor(globals(), (deps, actor) => accounts.createToken(deps, actor, name));
    process.stdout.write(`${created.token}\n`);
  });

const contact = program.command('contact').description('manage contacts');
contact.command('add').description('add a contact with their protocol').argument('<name>')
  .option('--email <email>').option('--phone <phone>').option('--company <company>').option('--title <title>')
  .option('--time-zone <zone>', 'their time zone: a zone name or a city, e.g. Europe/Berlin or Berlin (default: yours)')
  .addOption(new Option('--channel <channel>', 'preferred channel').choices(channels))
  .addOption(new Option('--relationship <relationship>').choices(relationships))
  .option('--interest <text...>', 'what they care about')
  .option('--json', 'print JSON')
  .action(async (name: string, o: { email?: string; phone?: string; company?: string; title?: string; timeZone?: string; channel?: string; relationship?: string; interest?: string[]; json?: boolean }) => {
    const input = contactInputSchema.parse({
      name, email: o.email, phone: o.phone, company: o.company, title: o.title,
      // A city is as good as a zone name here ("Berlin"); anything else is left for the schema to refuse in words.
      timeZone: o.timeZone === undefined ? undefined : resolveZoneName(o.timeZone, Intl.supportedValuesOf('timeZone')) ?? o.timeZone,
      preferredChannel: o.channel, relationship: o.relationship, interests: o.interest,
    });
    const created = await withActor(globals(), (deps, actor) => createContact(deps, actor, input));
    if (o.json) printJson(created);
    else process.stdout.write(`Added ${created.name} (${created.id}) in ${created.timeZone}.\n`);
  });

program.command('contacts').description('list or search contacts').argument('[query]')
  .option('--limit <n>', 'how many', '50').option('--json', 'print JSON')
  .addOption(new Option('--next-step <which>', 'none: nothing planned with them (do-not-contact left out); stalled: an open opportunity with nothing planned').choices(contactNextStepFilters))
  .option('--silent', 'only those untouched for longer than their relationship allows (workspace settings)')
  .option('--field <filter...>', 'by a custom field: key=value, key.from=…, key.to=… (numbers, dates), key.has=… (several choices); see `followthrough fields`')
  .action(async (query: string | undefined, o: { limit: string; json?: boolean; nextStep?: ContactNextStepFilter; silent?: boolean; field?: string[] }) => {
    const { page, zone } = await withActor(globals(), async (deps, actor) => ({
      zone: actor.user.timeZone,
      page: await listContacts(deps, actor, {
        q: query, limit: Math.min(500, Math.max(1, Number(o.limit) || 50)), nextStep: o.nextStep, silent: o.silent ? true : undefined,
        customFields: customFieldFiltersOfArgs(o.field ?? []),
      }),
    }));
    if (o.json) return printJson(page);
    if (page.items.length === 0) {
      if (query) return void process.stdout.write(`No contacts match "${query}".\n`);
      return void process.stdout.write(o.nextStep || o.silent || o.field?.length ? 'No contacts match.\n' : 'No contacts yet. Add one with `followthrough contact add "Name"` or run `followthrough demo`.\n');
    }
    for (const c of page.items) {
      const flags = [
        c.company, c.timeZone, c.preferredChannel, c.doNotContact ? 'DO NOT CONTACT' : null,
        c.stalled ? 'stalled: an open opportunity with nothing planned' : c.noNextStep ? 'no next step' : null,
        c.silentSince ? `silent since ${spokenShortDate(localDateOf(Date.parse(c.silentSince), zone))}` : null,
      ].filter(Boolean).join(' · ');
      process.stdout.write(`${c.id}  ${c.name}  ${flags}\n`);
    }
  });

registerLogCommand(program, globals);
registerLinkCommand(program, globals);

program.command('agenda').description('today\'s agenda (or another date\'s): follow-ups, then your own tasks')
  .option('--date <YYYY-MM-DD>', 'the day, in your zone').option('--json', 'print JSON for scripts')
  .action(async (o: { date?: string; json?: boolean }) => {
    const agenda = await withActor(globals(), (deps, actor) => agendaFor(deps, actor, o.date));
    if (o.json) printJson(agenda);
    else process.stdout.write(formatAgenda(agenda));
  });

program.command('playbooks').description('list the built-in and workspace playbooks').option('--json', 'print JSON')
  .action(async (o: { json?: boolean }) => {
    const list = await withActor(globals(), (deps, actor) => listPlaybooks(deps, actor));
    if (o.json) return printJson(list);
    for (const p of list) {
      process.stdout.write(`${p.key.padEnd(20)} ${p.builtin ? 'built-in ' : 'workspace'}  ${p.steps.length} steps, at most ${p.maxTouches} touches  ${p.name}\n`);
    }
  });

program.command('enroll').description('enrol a contact in a playbook').argument('<contact>', 'contact id, email or name').argument('<playbook>', 'playbook key or id')
  .option('--start-at <instant>', 'ISO instant to start from (default: now)').option('--agreed', 'the first step is a time the client agreed to')
  .option('--json', 'print JSON')
  .action(async (reference: string, playbook: string, o: { startAt?: string; agreed?: boolean; json?: boolean }) => {
    const enrolled = await withActor(globals(), async (deps, actor) => {
      const found = await findContact(deps, actor, reference);
      const input = enrollInputSchema.parse({ contactId: found.id, playbookKey: playbook, startAt: o.startAt, agreed: o.agreed });
      return enroll(deps, actor, input);
    });
    if (o.json) return printJson(enrolled);
    const next = enrolled.nextFollowUp;
    process.stdout.write(`Enrolled in ${enrolled.playbookKey}.${next ? ` First step: ${next.channel} at ${next.dueLocal} ${next.timeZone}.` : ''}\n`);
    for (const w of enrolled.warnings) process.stdout.write(`${warningTitle(w.code)}: ${w.message}\n`);
  });

program.command('coach').description('coach a draft message (from a file or stdin): generic openers, no interest, no next step, pressure')
  .argument('[file]', 'the draft; reads stdin when absent').option('--contact <contact>', 'contact id, email or name, to check their interests')
  .option('--json', 'print JSON')
  .action(async (file: string | undefined, o: { contact?: string; json?: boolean }) => {
    const text = file ? await readFile(file, 'utf8') : await readStdin();
    const report = await withActor(globals(), async (deps, actor) => {
      const contact = o.contact ? await findContact(deps, actor, o.contact) : null;
      return coachMessage(deps, actor, { text: coachInputSchema.parse({ text }).text, contactId: contact?.id });
    });
    if (o.json) return printJson(report);
    if (report.findings.length === 0) process.stdout.write('No findings: specific, about them, with a next step.\n');
    for (const f of report.findings) process.stdout.write(`${f.code}: ${f.message}${f.end - f.start < text.length ? ` ("${text.slice(f.start, f.end)}")` : ''}\n`);
    if (report.suggestedOpener) process.stdout.write(`Try opening with: ${report.suggestedOpener}\n`);
  });

program.command('demo').description('fill a workspace with realistic demo data (creates a demo owner on a fresh install)')
  .option('--contacts <n>', 'how many contacts', '300')
  .action(async (o: { contacts: string }) => {
    await withDeps(async (deps) => {
      if (!(await accounts.isSetUp(deps))) {
        const password = 'followthrough-demo';
        await accounts.setup(deps, { email: 'demo@followthrough.local', password, name: 'Demo Seller', workspace: 'Demo workspace', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });
        process.stdout.write(`Created demo owner: demo@followthrough.local / ${password}\n`);
      }
      const actor = await accounts.localActor(deps, globals().user, globals().workspace);
      const total = Math.max(1, Math.min(100_000, Number(o.contacts) || 300));
      const summary = await seedDemo(deps, actor, {
        contacts: total,
        onProgress: (done, all) => { if (process.stdout.isTTY) process.stdout.write(`\rseeding ${done}/${all}`); },
      });
      if (process.stdout.isTTY) process.stdout.write('\n');
      process.stdout.write(`Demo data: ${summary.contacts} contacts, ${summary.interactions} interactions, ${summary.followUps} open follow-ups (${summary.today} today, ${summary.overdue} overdue).\n`);
    });
  });

registerDataCommands(program);
registerMailCommands(program);
registerMeCommands(program);
registerTaskCommands(program);
registerTagCommands(program);
registerSearchCommand(program);
registerTeamCommand(program);
registerDealsCommand(program);
registerCustomFieldCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`followthrough: ${describeError(error)}\n`);
  process.exit(exitCodeOf(error));
});
