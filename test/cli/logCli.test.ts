import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
const cli = sandbox.run;

const json = <T>(run: { stdout: string; stderr: string }): T => {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON: ${run.stdout} ${run.stderr}`);
  }
};
const todayUtc = () => new Date().toISOString().slice(0, 10);
/**
 * The commands run on the real clock: a step agreed for today and logged after midnight UTC is a late
 * promise. A test that agrees and then logs does not start in a UTC day's last two minutes.
 */
const notNearMidnight = async (): Promise<void> => {
  const left = 86_400_000 - (Date.now() % 86_400_000);
  if (left < 120_000) await new Promise((resolve) => setTimeout(resolve, left + 1_000));
};
interface Agenda { overdue: { followUp: { id: string } }[]; today: { followUp: { id: string }; contact: { name: string } }[] }

/** Issue 9 items 3, 4 and 11 through the CLI: `log` fulfils the open promise, prints warnings in words, refuses a past next step. */
describe('followthrough log', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp();
    for (const name of ['Ada Byron', 'Alan Turing', 'Edsger Dijkstra']) {
      const added = cli('contact', 'add', name, '--time-zone', 'UTC');
      expect(added.status, added.stderr).toBe(0);
    }
  }, 300_000);

  it('links the touch to the promise due today, so Today does not list the person twice', async () => {
    await notNearMidnight();
    const agreed = cli('log', 'Ada Byron', '--channel', 'meeting', '--outcome', 'next-step', '--next-at', todayUtc(), '--next-channel', 'call', '--agenda', 'the pilot');
    expect(agreed.status, agreed.stderr).toBe(0);
    expect(json<Agenda>(cli('agenda', '--json')).today.filter((i) => i.contact.name === 'Ada Byron')).toHaveLength(1);

    const logged = cli('log', 'Ada Byron', '--channel', 'call', '--result', 'connected', '--outcome', 'no-agreement');
    expect(logged.status, logged.stderr).toBe(0);
    expect(logged.stdout).toMatch(/^Logged touch 2 \(call\)\.\nFulfils the call agreed for \w{3} \d{1,2} \w{3} \(all day\)\.\n$/);
    expect(json<Agenda>(cli('agenda', '--json')).today.filter((i) => i.contact.name === 'Ada Byron')).toHaveLength(0);
  });

  it('prints the warnings in words, as the web app does', () => {
    cli('log', 'Alan Turing', '--channel', 'meeting', '--outcome', 'next-step', '--next-at', todayUtc(), '--next-channel', 'coffee', '--agenda', 'the paper');
    const logged = cli('log', 'Alan Turing', '--channel', 'call', '--result', 'connected', '--outcome', 'no-agreement');
    expect(logged.status, logged.stderr).toBe(0);
    expect(logged.stdout).toMatch(/^Not the channel they chose: They chose a coffee, and this was a call: a broken promise of form\.$/m);
    expect(logged.stdout).not.toMatch(/warning \[|T\d{2}:\d{2}/);
  });

  it('leaves the promise open with --no-follow-up', async () => {
    await notNearMidnight();
    cli('log', 'Edsger Dijkstra', '--channel', 'meeting', '--outcome', 'next-step', '--next-at', todayUtc(), '--next-channel', 'call');
    const logged = cli('log', 'Edsger Dijkstra', '--channel', 'email', '--no-follow-up');
    expect(logged.status, logged.stderr).toBe(0);
    expect(logged.stdout).not.toMatch(/Fulfils/);
    expect(json<Agenda>(cli('agenda', '--json')).today.filter((i) => i.contact.name === 'Edsger Dijkstra')).toHaveLength(1);
  });

  it('refuses a next step in the past: one line naming the next step, in words, and nothing logged', () => {
    const before = json<Agenda>(cli('agenda', '--json'));
    const run = cli('log', 'Edsger Dijkstra', '--channel', 'call', '--result', 'connected', '--outcome', 'next-step', '--next-at', '2026-11-01T10:00');
    expect(run.status).not.toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^followthrough: The next step \(Sun 1 Nov, 10:00 their time\) is before the conversation it was agreed in/);
    expect(json<Agenda>(cli('agenda', '--json'))).toEqual(before);
  });
});
