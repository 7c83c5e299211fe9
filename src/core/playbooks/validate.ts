import { AppError, type FieldError } from '../errors.js';
import { isTouch } from './engine.js';
import { playbookInputSchema } from './schema.js';
import { templateErrors } from './template.js';
import { branchKeys, END, type Playbook, type Step } from './types.js';

const channelOf = { call: 'call', voicemail: 'voicemail', email: 'email' } as const;

interface Edge {
  from: number;
  to: number;
  path: string;
}

function edgesOf(steps: Step[]): Edge[] {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const edges: Edge[] = [];
  steps.forEach((step, from) => {
    const targets: [string, string][] = [
      ...branchKeys.flatMap((key): [string, string][] => {
        const to = step.branches[key];
        return to === undefined ? [] : [[`steps.${from}.branches.${key}`, to]];
      }),
      [`steps.${from}.next`, step.next],
    ];
    for (const [path, id] of targets) {
      const to = index.get(id);
      if (to !== undefined) edges.push({ from, to, path });
    }
  });
  return edges;
}

/** One error per loop (back edge) that stays among steps matching `member`. */
function loops(steps: Step[], member: (s: Step) => boolean, message: (cycle: string) => string): FieldError[] {
  const edges = edgesOf(steps).filter((e) => member(steps[e.from] as Step) && member(steps[e.to] as Step));
  const state = steps.map(() => 0); // 0 unseen, 1 on the stack, 2 done
  const stack: number[] = [];
  const errors: FieldError[] = [];
  const visit = (i: number): void => {
    state[i] = 1;
    stack.push(i);
    for (const edge of edges.filter((e) => e.from === i)) {
      if (state[edge.to] === 1) {
        const cycle = [...stack.slice(stack.indexOf(edge.to)), edge.to].map((k) => steps[k]?.id).join(' → ');
        errors.push({ path: edge.path, message: `step "${steps[i]?.id ?? ''}" ${message(cycle)}` });
      } else if (state[edge.to] === 0) {
        visit(edge.to);
      }
    }
    stack.pop();
    state[i] = 2;
  };
  steps.forEach((_s, i) => {
    if (state[i] === 0) visit(i);
  });
  return errors;
}

function stepErrors(step: Step, i: number, ids: Set<string>, seen: Set<string>): FieldError[] {
  const at = `steps.${i}`;
  const name = `step "${step.id}"`;
  const errors: FieldError[] = [];
  if (step.id === END) errors.push({ path: `${at}.id`, message: `"${END}" is reserved for the end of the series` });
  if (seen.has(step.id)) errors.push({ path: `${at}.id`, message: `${name} appears twice; step ids must be unique` });
  seen.add(step.id);
  if (step.type !== 'task' && step.channel !== channelOf[step.type]) {
    errors.push({ path: `${at}.channel`, message: `${name} is a ${step.type} step, so its channel must be ${channelOf[step.type]}` });
  }
  if (step.type === 'email' && !step.template) errors.push({ path: `${at}.template`, message: `${name} is an email and needs a template` });
  if (step.type !== 'email' && step.template) errors.push({ path: `${at}.template`, message: `${name} is not an email; use script instead` });
  for (const key of branchKeys) {
    const to = step.branches[key];
    if (to !== undefined && to !== END && !ids.has(to)) {
      errors.push({ path: `${at}.branches.${key}`, message: `${name} branches on ${key} to "${to}", which is not a step` });
    }
  }
  if (step.next !== END && !ids.has(step.next)) {
    errors.push({ path: `${at}.next`, message: `${name} continues to "${step.next}", which is not a step` });
  }
  if (step.voicemailScript !== undefined && step.type !== 'call') {
    errors.push({ path: `${at}.voicemailScript`, message: `${name} is not a call; only a call can carry a message to leave on voicemail` });
  }
  if (step.voicemailScript !== undefined) {
    errors.push(...templateErrors(step.voicemailScript, `${at}.voicemailScript`).map((e) => ({ ...e, message: `${name}: ${e.message}` })));
  }
  if (step.script !== undefined) errors.push(...templateErrors(step.script, `${at}.script`).map((e) => ({ ...e, message: `${name}: ${e.message}` })));
  if (step.template) {
    for (const part of ['subject', 'body'] as const) {
      errors.push(...templateErrors(step.template[part], `${at}.template.${part}`).map((e) => ({ ...e, message: `${name}: ${e.message}` })));
    }
  }
  return errors;
}

/** The semantic problems of a well-shaped playbook, each naming its step. */
export function playbookErrors(playbook: Playbook): FieldError[] {
  if (playbook.steps.length === 0) return [{ path: 'steps', message: 'a playbook needs at least one step' }];
  const ids = new Set(playbook.steps.map((s) => s.id));
  const seen = new Set<string>();
  const errors = playbook.steps.flatMap((step, i) => stepErrors(step, i, ids, seen));
  playbook.steps.forEach((step, i) => {
    if (step.estimatedMinutes > playbook.timeBudgetMinutes) {
      errors.push({ path: `steps.${i}.estimatedMinutes`, message: `step "${step.id}" alone takes more than the time budget (${playbook.timeBudgetMinutes} minutes)` });
    }
  });
  errors.push(
    ...loops(playbook.steps, (s) => s.wait.amount === 0, (cycle) => `loops (${cycle}) with no wait on any step: give one of them a wait`),
    ...loops(playbook.steps, (s) => !isTouch(s), (cycle) => `loops (${cycle}) without ever reaching the contact, so it could never end: put a call or email in the loop`),
  );
  return errors;
}

/** Parses and checks a playbook; throws AppError('invalid') listing every problem by path. */
export function validatePlaybook(input: unknown): Playbook {
  const parsed = playbookInputSchema.safeParse(input);
  const errors: FieldError[] = parsed.success
    ? playbookErrors(parsed.data)
    : parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message }));
  const first = errors[0];
  if (first || !parsed.success) {
    throw new AppError('invalid', first ? `${first.path}: ${first.message}` : 'invalid playbook', errors);
  }
  return parsed.data;
}
