import { describe, expect, it } from 'vitest';
import { AppError, type FieldError } from '../errors.js';
import { builtinPlaybook } from './builtins.js';
import { validatePlaybook } from './validate.js';
import type { Playbook, Step } from './types.js';

const step = (id: string, over: Partial<Step> = {}): Step => ({
  id, type: 'call', channel: 'call', title: id, script: 'Hi {{contact.firstName}}',
  wait: { amount: 1, unit: 'business-days' }, branches: {}, next: 'end', estimatedMinutes: 5, ...over,
});
const playbook = (steps: Step[], over: Partial<Playbook> = {}): Playbook => ({
  key: 'mine', name: 'Mine', description: '', kind: 'hard-to-reach', steps, maxTouches: 5, timeBudgetMinutes: 60,
  exitOn: ['replied', 'outcome'], ...over,
});

function errorsOf(input: unknown): FieldError[] {
  try {
    validatePlaybook(input);
  } catch (e) {
    if (e instanceof AppError && e.code === 'invalid') return e.errors;
    throw e;
  }
  throw new Error('expected the playbook to be rejected');
}

describe('validatePlaybook', () => {
  it('accepts a good playbook and returns it', () => {
    const good = playbook([step('a', { next: 'b' }), step('b', { branches: { voicemail: 'a' } })]);
    expect(validatePlaybook(good)).toEqual(good);
    expect(validatePlaybook(builtinPlaybook('voicemail-series')).key).toBe('voicemail-series');
  });

  it('keeps a voicemail message to calls, with merge fields it knows', () => {
    expect(validatePlaybook(playbook([step('a', { voicemailScript: 'Hi {{contact.firstName}}' })])).steps[0]?.voicemailScript).toBe('Hi {{contact.firstName}}');
    const email = { type: 'email' as const, channel: 'email' as const, template: { subject: 's', body: 'b' }, script: undefined };
    const errors = errorsOf(playbook([step('a', { ...email, voicemailScript: 'Hi' })]));
    expect(errors).toEqual([{ path: 'steps.0.voicemailScript', message: expect.stringContaining('only a call can carry a message to leave on voicemail') }]);
    expect(errorsOf(playbook([step('a', { voicemailScript: 'Hi {{nope}}' })]))[0]?.path).toBe('steps.0.voicemailScript');
  });

  it('names the step that branches to a missing step', () => {
    const errors = errorsOf(playbook([step('a', { next: 'b' }), step('b'), step('c', { branches: { voicemail: 'nowhere' } })]));
    expect(errors).toEqual([{ path: 'steps.2.branches.voicemail', message: expect.stringContaining('"c" branches on voicemail to "nowhere"') }]);
    expect(errorsOf(playbook([step('a', { next: 'ghost' })]))[0]?.path).toBe('steps.0.next');
  });

  it('rejects a loop in which no step waits, naming where it closes', () => {
    const zero = { amount: 0, unit: 'minutes' } as const;
    const errors = errorsOf(playbook([
      step('a', { wait: zero, next: 'b' }),
      step('b', { wait: zero, branches: { 'no-answer': 'a' } }),
    ]));
    expect(errors).toEqual([{ path: 'steps.1.branches.no-answer', message: expect.stringContaining('a → b → a') }]);
    // One wait anywhere in the loop is enough.
    expect(validatePlaybook(playbook([step('a', { wait: zero, next: 'b' }), step('b', { branches: { 'no-answer': 'a' } })]))).toBeTruthy();
  });

  it('rejects a loop that never reaches the contact, since it could never end', () => {
    const task = (id: string, next: string): Step => step(id, { type: 'task', channel: 'other', next, script: 'Prepare' });
    const errors = errorsOf(playbook([task('prep', 'review'), task('review', 'prep')]));
    expect(errors.map((e) => e.path)).toEqual(['steps.1.next']);
    expect(errors[0]?.message).toBe('step "review" loops (prep → review → prep) without ever reaching the contact, so it could never end: put a call or email in the loop');
  });

  it('rejects unknown merge fields in scripts and templates', () => {
    const errors = errorsOf(playbook([
      step('a', { script: 'Hi {{contact.nickname}}', next: 'b' }),
      step('b', { type: 'email', channel: 'email', script: undefined, template: { subject: 'About {{agenda}}', body: 'Dear {{ first_name }}' } }),
    ]));
    expect(errors.map((e) => e.path)).toEqual(['steps.0.script', 'steps.1.template.body']);
    expect(errors[0]?.message).toContain('step "a": unknown merge field {{contact.nickname}}');
    expect(errorsOf(playbook([step('a', { script: 'Hi {{contact.firstName}' })]))[0]?.message).toContain('unclosed');
  });

  it('rejects no steps, duplicate ids and a reserved id', () => {
    expect(errorsOf(playbook([]))).toEqual([{ path: 'steps', message: 'a playbook needs at least one step' }]);
    expect(errorsOf(playbook([step('a'), step('a')]))).toEqual([{ path: 'steps.1.id', message: expect.stringContaining('twice') }]);
    expect(errorsOf(playbook([step('end')]))[0]?.path).toBe('steps.0.id');
  });

  it('checks each step against its type', () => {
    expect(errorsOf(playbook([step('a', { channel: 'email' })]))[0]?.path).toBe('steps.0.channel');
    expect(errorsOf(playbook([step('a', { type: 'email', channel: 'email' })]))[0]?.path).toBe('steps.0.template');
    expect(errorsOf(playbook([step('a', { estimatedMinutes: 90 })]))[0]?.path).toBe('steps.0.estimatedMinutes');
  });

  it('reports the shape of a malformed body by path', () => {
    const paths = errorsOf({ ...playbook([step('a')]), maxTouches: 0, steps: [{ ...step('a'), wait: { amount: 1, unit: 'weeks' } }] }).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['maxTouches', 'steps.0.wait.unit']));
    expect(errorsOf(null)[0]?.path).toBe('(body)');
    expect(errorsOf({ ...playbook([step('a')]), recurrence: { basis: 'anchor', anchor: 'birthday', every: { amount: 1, unit: 'years' } } })[0]?.path)
      .toBe('recurrence.anchor');
  });

  it('lists every problem at once, the first in the message', () => {
    try {
      validatePlaybook(playbook([step('a', { next: 'x' }), step('a', { script: '{{nope}}' })]));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.errors.map((x) => x.path)).toEqual(['steps.0.next', 'steps.1.id', 'steps.1.script']);
      expect(err.message).toMatch(/^steps\.0\.next: /);
    }
  });
});
