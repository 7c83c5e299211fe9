import { beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/shared/tasks.js';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
/** Each command without blocking the test worker (a blocked worker misses vitest's calls on a busy machine). */
const cli = (...args: string[]) => sandbox.runAsync(...args);

/** Issue 16 item 6: `followthrough task add|list|done`, and the agenda prints tasks after the follow-ups. */
describe('followthrough task', { timeout: 120_000 }, () => {
  beforeAll(() => sandbox.setUp({ timeZone: 'Europe/Berlin' }), 300_000);

  const added = async (...args: string[]): Promise<TaskView> => {
    const run = await cli('task', 'add', ...args, '--json');
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as TaskView;
  };

  it('adds tasks (due today unless --due says otherwise), lists them earliest first, and completes one', async () => {
    const later = await added('Prepare proposal', '--due', '2099-12-08');
    const late = await added('Send the document', '--due', '2020-01-02', '--notes', 'the signed NDA');
    const today = await added('Call the printer', '--time', '15:00');
    expect(today).toMatchObject({ dueTime: '15:00', timeZone: 'Europe/Berlin', contactId: null });
    expect(late.notes).toBe('the signed NDA');

    const text = await cli('task', 'add', 'Book the venue', '--due', '2099-12-09');
    expect(text.stdout).toMatch(/^Added: \S+ {2}2099-12-09 {2}Book the venue\n$/);

    const list = await cli('task', 'list');
    expect(list.status, list.stderr).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines.map((l) => l.split('  ')[0])).toEqual([late.id, today.id, later.id, expect.any(String)]);

    const agenda = await cli('agenda');
    expect(agenda.stdout).toMatch(/, 2 tasks\n/);
    expect(agenda.stdout).toContain('TASKS (followthrough task done <id>)');
    expect(agenda.stdout).toMatch(/ {2}! 2020-01-02 {8}Send the document {2}\(task /);
    expect(agenda.stdout).not.toContain('Prepare proposal');

    const done = await cli('task', 'done', late.id);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toBe(`Done: ${late.id}  2020-01-02  Send the document  (done)\n`);
    expect((await cli('agenda')).stdout).not.toContain('Send the document');
    expect((await cli('task', 'list', '--status', 'done')).stdout).toContain(late.id);
    expect((await cli('task', 'done', late.id, '--undo')).stdout).toMatch(/^Open again: /);
    expect((await cli('agenda')).stdout).toContain('Send the document');
  });

  it('refuses bad input in words, with a non-zero exit, and adds nothing', async () => {
    const before = (await cli('task', 'list', '--status', 'all', '--json')).stdout;
    const badDate = await cli('task', 'add', 'Prepare', '--due', '2026-13-01');
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toBe('followthrough: The due date must be a date like 2026-12-31.\n');
    const blank = await cli('task', 'add', ' ');
    expect(blank.status).toBe(2);
    expect(blank.stderr).toMatch(/The task is required/);
    expect((await cli('task', 'add', 'x', '--time', '3pm')).stderr).toMatch(/The due time must be a time like 14:30/);
    expect((await cli('task', 'list', '--status', 'later')).stderr).toMatch(/Status must be one of: open, done, all/);
    expect((await cli('task', 'done', 'no-such-task')).stderr).toBe('followthrough: task not found\n');
    expect((await cli('task', 'list', '--status', 'all', '--json')).stdout).toBe(before);
  });

  it('explains itself with --help', async () => {
    for (const args of [['task'], ['task', 'add'], ['task', 'list'], ['task', 'done']]) {
      const help = await cli(...args, '--help');
      expect(help.status, args.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/^Usage: followthrough task/);
    }
    expect((await cli('task', 'add', '--help')).stdout).toContain('followthrough task add "Prepare proposal" --due 2026-12-08');
  });
});
