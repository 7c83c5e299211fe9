import { Option, type Command } from 'commander';
import { loadConfig } from '../config.js';
import { mailSecurities, putMailSettingsSchema, type MailSettingsView } from '../shared/mailSettings.js';
import { deleteMailSettings, getMailSettings, putMailSettings, type MailScope } from '../services/mailSettings.js';
import { sendTestMail } from '../services/testMail.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

interface SetOptions {
  scope: MailScope;
  from: string;
  fromName?: string;
  smtpHost: string;
  smtpPort?: string;
  smtpSecurity?: string;
  smtpUser?: string;
  imapHost?: string;
  imapPort?: string;
  imapSecurity?: string;
  imapUser?: string;
  hourlyCap?: string;
  dailyCap?: string;
}

const scopeOption = () => new Option('--scope <scope>', 'your own mailbox, or the workspace\'s (owner/admin)').choices(['me', 'workspace']).default('me');
const asNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));

function describe(view: MailSettingsView): string {
  const smtp = `${view.smtp.security === 'tls' ? 'smtps' : 'smtp'}://${view.smtp.user ? `${view.smtp.user}@` : ''}${view.smtp.host}:${view.smtp.port}` +
    ` (${view.smtp.security}${view.smtp.passwordSet ? ', password stored' : ''})`;
  const imap = view.imap ? `${view.imap.user ?? ''}@${view.imap.host}:${view.imap.port} (${view.imap.security}${view.imap.passwordSet ? ', password stored' : ''})` : 'not set (replies are not read)';
  return [
    `${view.scope === 'me' ? 'Your mailbox' : 'Workspace mailbox'}: ${view.fromName ? `${view.fromName} ` : ''}<${view.fromAddress}>`,
    `  SMTP: ${smtp}`, `  IMAP: ${imap}`, `  Caps: ${view.hourlyCap} an hour, ${view.dailyCap} a day`,
  ].join('\n');
}

/**
 * `followthrough mail …`. Passwords come from the environment (FT_SMTP_PASSWORD, FT_IMAP_PASSWORD),
 * never from arguments, which other users of the machine can read in the process list.
 */
export function registerMailCommands(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const mail = program.command('mail').description('mailboxes that send follow-up email (and read replies): show, set, test, remove');

  mail.command('show').description('show the workspace mailbox and yours (passwords are never shown)').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const settings = await withActor(globals(), (deps, actor) => getMailSettings(deps, actor, loadConfig().smtpUrl !== undefined));
      if (o.json) return printJson(settings);
      const lines = [settings.me ? describe(settings.me) : 'Your mailbox: not set', settings.workspace ? describe(settings.workspace) : 'Workspace mailbox: not set'];
      lines.push(`Mail goes out through: ${{ me: 'your mailbox', workspace: 'the workspace mailbox', server: 'the server (SMTP_URL)', none: 'nothing yet — set a mailbox with `followthrough mail set`' }[settings.effective]}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  mail.command('set').description('set a mailbox; passwords from FT_SMTP_PASSWORD / FT_IMAP_PASSWORD (left unset: the stored one is kept)')
    .addOption(scopeOption())
    .requiredOption('--from <address>', 'the From address')
    .option('--from-name <name>', 'the name shown with it')
    .requiredOption('--smtp-host <host>', 'SMTP server')
    .option('--smtp-port <port>', 'SMTP port (default 587)')
    .addOption(new Option('--smtp-security <mode>', 'tls (465), starttls (587) or none (loopback only)').choices([...mailSecurities]))
    .option('--smtp-user <user>', 'SMTP login')
    .option('--imap-host <host>', 'IMAP server, to read replies')
    .option('--imap-port <port>', 'IMAP port (default 993)')
    .addOption(new Option('--imap-security <mode>', 'tls (993), starttls or none').choices([...mailSecurities]))
    .option('--imap-user <user>', 'IMAP login (default: the From address)')
    .option('--hourly-cap <n>', 'at most this many sends an hour (default 20)')
    .option('--daily-cap <n>', 'at most this many sends a day (default 200)')
    .action(async (o: SetOptions) => {
      const input = putMailSettingsSchema.parse({
        fromAddress: o.from, fromName: o.fromName ?? null,
        smtp: { host: o.smtpHost, port: asNumber(o.smtpPort), security: o.smtpSecurity, user: o.smtpUser ?? null, password: process.env.FT_SMTP_PASSWORD || undefined },
        imap: o.imapHost ? { host: o.imapHost, port: asNumber(o.imapPort), security: o.imapSecurity, user: o.imapUser ?? null, password: process.env.FT_IMAP_PASSWORD || undefined } : null,
        hourlyCap: asNumber(o.hourlyCap), dailyCap: asNumber(o.dailyCap),
      });
      const saved = await withActor(globals(), (deps, actor) => putMailSettings(deps, actor, o.scope, input));
      process.stdout.write(`Saved.\n${describe(saved)}\nSend a test: followthrough mail test --scope ${o.scope}\n`);
    });

  mail.command('test').description('send a test mail through a mailbox and print what the server answered')
    .addOption(new Option('--scope <scope>', 'which mailbox').choices(['me', 'workspace', 'server']).default('me'))
    .option('--to <address>', 'your own address: test mail goes only to you')
    .action(async (o: { scope: MailScope | 'server'; to?: string }) => {
      const config = loadConfig();
      const result = await withActor(globals(), (deps, actor) => sendTestMail(deps, actor, o.scope, o.to, { url: config.smtpUrl, caps: config.smtpCaps }));
      process.stdout.write(`Test mail sent to ${result.to} through ${o.scope === 'me' ? 'your mailbox' : `the ${o.scope} mailbox`}; the server said: ${result.response}\n`);
    });

  mail.command('remove').description('remove a mailbox (mail then goes through the next one: yours → workspace → server)').addOption(scopeOption())
    .action(async (o: { scope: MailScope }) => {
      await withActor(globals(), (deps, actor) => deleteMailSettings(deps, actor, o.scope));
      process.stdout.write('Removed.\n');
    });
}
