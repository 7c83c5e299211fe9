import { describe, expect, it } from 'vitest';
import { builtinPlaybooks } from './builtins.js';
import { automatedMailErrors } from './compliance.js';
import type { Playbook, Step } from './types.js';

const emailStep = (body: string): Step => ({
  id: 'hello', type: 'email', channel: 'email', title: 'Hello', template: { subject: 'Hi', body },
  wait: { amount: 0, unit: 'minutes' }, branches: {}, next: 'end', estimatedMinutes: 5,
});
const playbook = (...bodies: string[]): Playbook => ({
  key: 'p', name: 'P', description: '', kind: 'hard-to-reach', maxTouches: 5, timeBudgetMinutes: 60, exitOn: ['replied'],
  steps: bodies.map((b, i) => ({ ...emailStep(b), id: `s${i}`, next: i + 1 < bodies.length ? `s${i + 1}` : 'end' })),
});
const address = { postalAddress: 'Acme Sales, 1 Main St, Springfield' };

describe('automated mail compliance', () => {
  it('accepts an opt-out line with the address as a merge field or written out (spacing and case aside)', () => {
    expect(automatedMailErrors(playbook('Hi.\n\nUnsubscribe: {{unsubscribeUrl}}\n{{sender.postalAddress}}'), address)).toEqual([]);
    expect(automatedMailErrors(playbook('Hi.\nReply STOP to opt out.\nacme sales,  1 Main St,\nSpringfield'), address)).toEqual([]);
  });

  it('names the step and what is missing', () => {
    const errors = automatedMailErrors(playbook('Hi, {{sender.postalAddress}}', 'Hi. Unsubscribe here: {{unsubscribeUrl}}'), address);
    expect(errors).toEqual([
      { path: 'steps.0.template.body', message: expect.stringContaining('opt-out line') },
      { path: 'steps.1.template.body', message: expect.stringContaining('postal address') },
    ]);
  });

  it('asks for the workspace postal address first when there is none', () => {
    const errors = automatedMailErrors(playbook('Unsubscribe: {{unsubscribeUrl}} {{sender.postalAddress}}'), { postalAddress: null });
    expect(errors).toEqual([{ path: 'steps.0.template.body', message: expect.stringMatching(/set the workspace's postal address/) }]);
  });

  it('leaves calls, voicemails and tasks alone', () => {
    const call: Playbook = { ...playbook(), steps: [{ ...emailStep(''), type: 'call', channel: 'call', template: undefined, script: 'Hello' }] };
    expect(automatedMailErrors(call, { postalAddress: null })).toEqual([]);
  });

  it('holds for every built-in playbook', () => {
    for (const builtin of builtinPlaybooks) expect(automatedMailErrors(builtin, address), builtin.key).toEqual([]);
  });
});
