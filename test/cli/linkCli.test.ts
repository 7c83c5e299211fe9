import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC', PUBLIC_URL: 'https://crm.example' } });
const cli = sandbox.run;

const json = <T>(run: { stdout: string; stderr: string }): T => {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON: ${run.stdout} ${run.stderr}`);
  }
};
interface Link {
  url: string; agenda: string | null; channels: string[]; durationMinutes: number; days: number; state: string;
  slots: { start: string; local: string }[]; email: { status: string; to?: string; reason?: string } | null;
}
const URL_LINE = /^https:\/\/crm\.example\/book\/[A-Za-z0-9_-]{43}$/m;
const tomorrowUtc = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** Issue 13: `followthrough link <contact>` makes a booking link, prints it with the first times in words, and can email it. */
describe('followthrough link', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp({ timeZone: 'Europe/Berlin' });
    for (const [name, email] of [['Ana Souza', 'ana@example.com'], ['Ben Booker', 'ben@example.com'], ['Dan Declined', 'dan@example.com']]) {
      const added = await sandbox.runAsync('contact', 'add', name!, '--email', email!, '--time-zone', 'America/New_York', '--interest', 'warehouse robots');
      expect(added.status, added.stderr).toBe(0);
    }
  }, 300_000);

  it('prints the URL, when it closes, and the first times offered in their zone, in words', () => {
    const run = cli('link', 'Ana Souza', '--agenda', 'the pricing for 40 seats', '--channels', 'call,video', '--minutes', '45', '--days', '14');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Booking link for Ana Souza \(shown once: only its hash is kept\):\n/);
    expect(run.stdout).toMatch(URL_LINE);
    expect(run.stdout).toMatch(/^Open until \w{3} \d{1,2} \w{3}, \d{2}:\d{2} your time\.$/m);
    expect(run.stdout).toContain('They choose a call or a video call, 45 minutes, over the next 14 days.\nAgenda: the pricing for 40 seats\n');
    expect(run.stdout).toContain('First times offered, their time (America/New_York):');
    // Berlin 09:00–17:00 meets New York 09:00–17:00 from 09:00 to 11:00 their time: a 45-minute call starts by 10:00 (by 11:00 in the weeks their clocks change on different days).
    const times = run.stdout.split('\n').filter((l) => /^ {2}\w{3} \d{1,2} \w{3}, \d{2}:\d{2}$/.test(l));
    expect(times.length).toBeGreaterThan(0);
    expect(times.length).toBeLessThanOrEqual(5);
    for (const line of times) expect(line).toMatch(/, (09|10|11):(00|30)$/);
    expect(run.stdout).not.toMatch(/T\d{2}:\d{2}|Z\b/);
  });

  it('is made for their next open follow-up, whose agenda it carries, and prints JSON', () => {
    const agreed = cli('log', 'Ben Booker', '--channel', 'call', '--result', 'connected', '--outcome', 'next-step', '--next-at', tomorrowUtc(), '--next-channel', 'email', '--agenda', 'a time for the demo');
    expect(agreed.status, agreed.stderr).toBe(0);
    const run = cli('link', 'ben@example.com', '--json');
    expect(run.status, run.stderr).toBe(0);
    const link = json<Link>(run);
    expect(link).toMatchObject({ agenda: 'a time for the demo', channels: ['call', 'video'], durationMinutes: 30, days: 10, state: 'open', email: null });
    expect(link.url).toMatch(URL_LINE);
  });

  it('--email without a mailbox: says why it was not sent, gives the email to send by hand, and exits non-zero; the link stands', () => {
    const run = cli('link', 'Ana Souza', '--email');
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(URL_LINE);
    expect(run.stdout).toMatch(/^Not emailed: You have no mailbox to send from yet/m);
    expect(run.stdout).toContain('Subject: Choose a time that suits you');
    expect(run.stdout).toContain('Hi Ana,\n\nRather than send times back and forth, here is a link where you can choose a time that suits you: the day, the time, and whether you would rather have a call or a video call (30 minutes).');
    expect(run.stdout).toContain('\n\nI would like to hear how things are going with warehouse robots.\n\n');
    const url = URL_LINE.exec(run.stdout)?.[0] ?? '???';
    expect(run.stdout.split(url).length).toBe(3); // printed once as the link, once in the email
    expect(run.stdout).toMatch(/Best,\nSam\n$/);
  });

  it('--email with a mailbox: queues the email in the outbox and says so', async () => {
    const run = await sandbox.runAsyncWith({ SMTP_URL: 'smtp://127.0.0.1:2' }, 'link', 'Ana Souza', '--email', '--agenda', 'the pilot in Leeds');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Emailed to ana@example\.com \("Choose a time that suits you"\): queued in the outbox, sent through your mailbox by the worker\.$/m);
    const asJson = await sandbox.runAsyncWith({ SMTP_URL: 'smtp://127.0.0.1:2' }, 'link', 'Ana Souza', '--email', '--json');
    expect(json<Link>(asJson).email).toMatchObject({ status: 'queued', to: 'ana@example.com' });
  });

  it('refuses what it cannot offer, and a contact who said no, in one line each', () => {
    const email = cli('link', 'Ana Souza', '--channels', 'call,email');
    expect(email.status).toBe(2);
    expect(email.stderr.trim().split('\n')).toHaveLength(1);
    expect(email.stderr).toMatch(/^followthrough: .*can only offer a call, meeting, video call or coffee/);

    expect(cli('log', 'Dan Declined', '--channel', 'call', '--result', 'connected', '--outcome', 'no').status).toBe(0);
    const declined = cli('link', 'Dan Declined');
    expect(declined.status).toBe(2);
    expect(declined.stderr.trim().split('\n')).toHaveLength(1);
    expect(declined.stdout).toBe('');
  });

  it('explains itself in --help', () => {
    const help = cli('link', '--help');
    expect(help.status).toBe(0);
    for (const option of ['--agenda', '--minutes', '--channels', '--days', '--email', '--json']) expect(help.stdout).toContain(option);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('chooses the day, the time and the channel themselves');
  });
});
