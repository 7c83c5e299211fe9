import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { builtinPlaybook } from './builtins.js';
import { advance, startEnrollment } from './engine.js';
import { defaultRules } from './schedule.js';
import { assertControlAllowed, controlEvent, controlRefusal, hasEnded, type EnrollmentControl } from './transitions.js';
import { enrollmentStatuses, type EngineContext, type EnrollmentState, type EnrollmentStatus } from './types.js';

const context: EngineContext = { contact: { timeZone: 'Europe/Berlin', reachable: [], doNotContact: false }, rules: defaultRules, unagreedTouches: [] };
const playbook = builtinPlaybook('voicemail-series');
const startMs = Date.UTC(2025, 5, 3, 8);
const controls: EnrollmentControl[] = ['pause', 'resume', 'exit'];

/** An enrollment of the built-in series in each status, as the engine itself leaves it. */
function stateIn(status: EnrollmentStatus): EnrollmentState {
  const active = startEnrollment(playbook, context, startMs).state;
  if (status === 'active') return active;
  const at = startMs + 60_000;
  if (status === 'paused') return advance(playbook, active, { type: 'pause', at }, context).state;
  if (status === 'exited') return advance(playbook, active, { type: 'manual-exit', at }, context).state;
  return { ...active, status: 'completed', currentStepId: null, currentDueAtMs: null, endedAtMs: at };
}

describe('enrollment transitions', () => {
  it('an ended enrollment takes no control; pause needs active, resume needs paused; exit any live one', () => {
    expect(hasEnded('completed') && hasEnded('exited')).toBe(true);
    expect(hasEnded('active') || hasEnded('paused')).toBe(false);
    expect(controlRefusal('active', 'pause')).toBeNull();
    expect(controlRefusal('paused', 'resume')).toBeNull();
    expect(controlRefusal('active', 'exit')).toBeNull();
    expect(controlRefusal('paused', 'exit')).toBeNull();
    expect(controlRefusal('paused', 'pause')).toBe('only an active enrollment can be paused');
    expect(controlRefusal('active', 'resume')).toBe('only a paused enrollment can be resumed');
    expect(controlRefusal('completed', 'exit')).toBe('this enrollment has already completed');
    expect(controlRefusal('exited', 'resume')).toBe('this enrollment has already exited');
  });

  it('a refused control is a conflict', () => {
    expect(() => assertControlAllowed('exited', 'pause')).toThrow(AppError);
    expect(() => assertControlAllowed('paused', 'pause')).toThrow(expect.objectContaining({ code: 'conflict', message: 'only an active enrollment can be paused' }));
    expect(() => assertControlAllowed('active', 'exit')).not.toThrow();
  });

  it('exit becomes the manual-exit event', () => {
    expect(controlEvent('exit', 5)).toEqual({ type: 'manual-exit', at: 5 });
    expect(controlEvent('pause', 5)).toEqual({ type: 'pause', at: 5 });
    expect(controlEvent('resume', 5)).toEqual({ type: 'resume', at: 5 });
  });

  // The service refuses with controlRefusal; the engine must ignore exactly what it refuses.
  it.each(enrollmentStatuses.flatMap((status) => controls.map((action) => [status, action] as const)))(
    'the engine agrees with the service: %s + %s', (status, action) => {
      const before = stateIn(status);
      expect(before.status).toBe(status);
      const after = advance(playbook, before, controlEvent(action, startMs + 120_000), context).state;
      const changed = after !== before && JSON.stringify(after) !== JSON.stringify(before);
      expect(changed).toBe(controlRefusal(status, action) === null);
    },
  );
});
