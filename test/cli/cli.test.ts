import { describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: process.env.TZ ?? 'UTC' } });
const cli = sandbox.run;

// Each command is a fresh Node process compiling TypeScript on the fly: allow for a loaded machine.
describe('the followthrough CLI', { timeout: 60_000 }, () => {

  it('has --help on every command', () => {
    for (const command of [[], ['agenda'], ['log'], ['contact', 'add'], ['user', 'add'], ['token', 'create'], ['demo'], ['serve'], ['migrate'], ['setup'], ['contacts']]) {
      const run = cli(...command, '--help');
      expect(run.status, command.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/Usage: followthrough/);
    }
  }, 300_000);

  it('tells a fresh install to set up first, in one line', () => {
    const run = cli('agenda');
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/followthrough setup|followthrough demo/);
  });

  it('demo fills a workspace and `agenda` prints its agenda', () => {
    const demo = cli('demo', '--contacts', '120');
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/Demo data: 120 contacts/);
    const agenda = cli('agenda');
    expect(agenda.status, agenda.stderr).toBe(0);
    expect(agenda.stdout).toMatch(/^Agenda for \d{4}-\d{2}-\d{2} \(/);
    expect(agenda.stdout).toMatch(/OVERDUE/);
    expect(agenda.stdout).toMatch(/their time: /);
    const json = cli('agenda', '--json');
    const parsed = JSON.parse(json.stdout) as { overdue: unknown[]; today: unknown[] };
    expect(parsed.overdue.length + parsed.today.length).toBeGreaterThan(0);
  }, 120_000);

  it('adds a contact and logs a meeting with an agreed next step', () => {
    const added = cli('contact', 'add', 'Priya Raman', '--email', 'priya@lotus.example', '--time-zone', 'Asia/Kolkata', '--company', 'Lotus Labs');
    expect(added.status, added.stderr).toBe(0);
    const logged = cli('log', 'priya@lotus.example', '--channel', 'meeting', '--outcome', 'next-step', '--next-at', '2030-01-15T11:30', '--next-channel', 'video', '--agenda', 'security review');
    expect(logged.status, logged.stderr).toBe(0);
    expect(logged.stdout).toMatch(/Next step: video on Tue 15 Jan, 11:30 their time \(Asia\/Kolkata\)/);
  });

  it('refuses a conversation logged without an outcome: non-zero exit, one line naming the field', () => {
    const run = cli('log', 'priya@lotus.example', '--channel', 'call', '--result', 'connected');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^followthrough: Outcome: a conversation must end/);
  });

  it('refuses an unknown time zone with a one-line error naming the field', () => {
    const run = cli('contact', 'add', 'Nobody', '--time-zone', 'Mars/Olympus');
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Time zone: .*not a time zone we know/);
  });
});
