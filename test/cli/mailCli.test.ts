import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll } from '../helpers/closeAll.js';
import { useCliSandbox } from '../helpers/cli.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';

const PASSWORD = 'cli-smtp-pw-9Yt!';
const SECRETS_KEY = 'cli test secrets key, at least 32 chars';
const sandbox = useCliSandbox();
let smtp: TestSmtpServer;
/** Asynchronous, so the SMTP server in this process keeps answering while the CLI talks to it. */
const cli = sandbox.runAsyncWith;

describe('followthrough mail (CLI)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    smtp = await startSmtpServer({ auth: { user: 'sam', pass: PASSWORD } });
    await sandbox.setUp({ email: 'sam@example.com', timeZone: 'Europe/Paris' });
  });
  afterAll(() => closeAll(smtp));

  it('has --help on every mail command', async () => {
    for (const command of [['mail'], ['mail', 'show'], ['mail', 'set'], ['mail', 'test'], ['mail', 'remove']]) {
      const run = await cli({}, ...command, '--help');
      expect(run.status, command.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/Usage: followthrough mail/);
    }
  });

  it('sets a mailbox with the password from the environment, shows it without the password, and sends a test mail', async () => {
    const port = new URL(smtp.url).port;
    const args = ['mail', 'set', '--from', 'sam@acme.example', '--from-name', 'Sam at Acme', '--smtp-host', '127.0.0.1', '--smtp-port', port, '--smtp-security', 'none', '--smtp-user', 'sam'];

    const refused = await cli({ FT_SMTP_PASSWORD: PASSWORD }, ...args);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/smtp\.password: .*SECRETS_KEY/);

    const saved = await cli({ FT_SMTP_PASSWORD: PASSWORD, SECRETS_KEY }, ...args);
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.stdout).toMatch(/password stored/);

    const shown = await cli({ SECRETS_KEY }, 'mail', 'show');
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/Your mailbox: Sam at Acme <sam@acme\.example>/);
    expect(shown.stdout).toMatch(/Mail goes out through: your mailbox/);
    const json = await cli({ SECRETS_KEY }, 'mail', 'show', '--json');
    for (const out of [saved.stdout, shown.stdout, json.stdout, shown.stderr]) expect(out).not.toContain(PASSWORD);

    const tested = await cli({ SECRETS_KEY }, 'mail', 'test');
    expect(tested.status, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/Test mail sent to sam@example\.com through your mailbox; the server said: 250/);
    expect(smtp.messages.map((m) => m.to)).toEqual([['sam@example.com']]);
  });

  it('names the problem in one line when the key no longer opens the stored password', async () => {
    const run = await cli({ SECRETS_KEY: 'a different key that is 32+ characters' }, 'mail', 'test');
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain(PASSWORD);
  });
});
