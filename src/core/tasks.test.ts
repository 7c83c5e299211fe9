import { describe, expect, it } from 'vitest';
import { compareTasks, isTaskOverdue, mayHandleTask, taskDueInstant, tasksOnAgenda, type TaskTiming } from './tasks.js';

const NOW = Date.parse('2026-12-07T09:00:00Z'); // 10:00 in Berlin
const TODAY = '2026-12-07';

const task = (id: string, fields: Partial<TaskTiming> = {}): TaskTiming => ({
  id, dueLocal: TODAY, dueTime: null, dueTimeZone: null, doneAt: null, createdAt: '2026-12-01T00:00:00.000Z', ...fields,
});
const timed = (id: string, dueLocal: string, dueTime: string) => task(id, { dueLocal, dueTime, dueTimeZone: 'Europe/Berlin' });

describe('taskDueInstant', () => {
  it('is the wall time in its zone, or null for a task due some time that day', () => {
    expect(taskDueInstant(timed('a', TODAY, '14:30'))).toBe(Date.parse('2026-12-07T13:30:00Z'));
    expect(taskDueInstant(task('b'))).toBeNull();
  });
});

describe('isTaskOverdue', () => {
  it('once its day has passed, or its time today has', () => {
    expect(isTaskOverdue(task('a', { dueLocal: '2026-12-06' }), TODAY, NOW)).toBe(true);
    expect(isTaskOverdue(task('b'), TODAY, NOW)).toBe(false);
    expect(isTaskOverdue(timed('c', TODAY, '09:59'), TODAY, NOW)).toBe(true);
    expect(isTaskOverdue(timed('d', TODAY, '10:00'), TODAY, NOW)).toBe(true);
    expect(isTaskOverdue(timed('e', TODAY, '10:01'), TODAY, NOW)).toBe(false);
    expect(isTaskOverdue(task('f', { dueLocal: '2026-12-06', doneAt: '2026-12-06T10:00:00.000Z' }), TODAY, NOW)).toBe(false);
  });
});

describe('tasksOnAgenda', () => {
  const all = [
    task('future', { dueLocal: '2026-12-08' }),
    task('some-time-today', { createdAt: '2026-12-02T00:00:00.000Z' }),
    timed('at-four', TODAY, '16:00'),
    task('older-untimed', { dueLocal: '2026-12-03' }),
    timed('at-nine', TODAY, '09:00'),
    task('done', { dueLocal: '2026-12-05', doneAt: '2026-12-05T12:00:00.000Z' }),
    task('some-time-today-first', { createdAt: '2026-11-30T00:00:00.000Z' }),
  ];

  it('today: everything open due by today, earliest first, timed before untimed, overdue flagged', () => {
    expect(tasksOnAgenda(all, TODAY, TODAY, NOW).map(({ task: t, overdue }) => [t.id, overdue])).toEqual([
      ['older-untimed', true], ['at-nine', true], ['at-four', false], ['some-time-today-first', false], ['some-time-today', false],
    ]);
  });

  it('a later day: just its own, none overdue; a past day: its own still open, each overdue', () => {
    expect(tasksOnAgenda(all, '2026-12-08', TODAY, NOW)).toEqual([{ task: all[0], overdue: false }]);
    expect(tasksOnAgenda(all, '2026-12-03', TODAY, NOW)).toEqual([{ task: all[3], overdue: true }]);
    expect(tasksOnAgenda(all, '2026-12-05', TODAY, NOW)).toEqual([]);
  });

  it('orders the same whatever order they come in', () => {
    const expected = tasksOnAgenda(all, TODAY, TODAY, NOW).map((e) => e.task.id);
    expect(tasksOnAgenda([...all].reverse(), TODAY, TODAY, NOW).map((e) => e.task.id)).toEqual(expected);
    expect([...all].sort(compareTasks).map((t) => t.id)).toEqual([...all].reverse().sort(compareTasks).map((t) => t.id));
  });
});

describe('mayHandleTask', () => {
  it('a member their own only; owners and admins anyone\'s', () => {
    expect(mayHandleTask('member', 'u1', 'u1')).toBe(true);
    expect(mayHandleTask('member', 'u1', 'u2')).toBe(false);
    expect(mayHandleTask('admin', 'u1', 'u2')).toBe(true);
    expect(mayHandleTask('owner', 'u1', 'u2')).toBe(true);
  });
});
