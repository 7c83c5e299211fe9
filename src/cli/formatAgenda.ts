import { localDateTimeOf } from '../core/time.js';
import type { Agenda, AgendaItem } from '../services/agenda.js';
import type { AgendaTask } from '../shared/tasks.js';

function line(item: AgendaItem, userZone: string): string[] {
  const f = item.followUp;
  const userTime = f.allDay ? `${f.dueLocal} all day` : localDateTimeOf(Date.parse(f.dueAt), userZone).replace('T', ' ');
  const who = item.contact.company ? `${item.contact.name} (${item.contact.company})` : item.contact.name;
  const flags = [f.channel, `touch ${item.touchNumber}`, f.promised ? 'promised' : null, item.contact.reachableNow ? 'reachable now' : null].filter(Boolean).join(' · ');
  return [
    `  ${item.overdue ? '!' : ' '} ${userTime}  ${who} · ${flags}`,
    `      their time: ${item.contact.localTime} ${item.contact.timeZone}${f.agenda ? ` · agenda: ${f.agenda}` : ''}`,
    `      ${item.opener}`,
  ];
}

function taskLine(task: AgendaTask): string {
  return `  ${task.overdue ? '!' : ' '} ${task.dueTime ? `${task.due} ${task.dueTime}` : `${task.due}      `}  ${task.title}  (task ${task.id})`;
}

/** The agenda as a terminal reads it: overdue promises first, then the day in time order, then your own tasks. */
export function formatAgenda(agenda: Agenda): string {
  const tasks = agenda.tasks;
  const out = [`Agenda for ${agenda.date} (${agenda.timeZone}) — ${agenda.overdue.length} overdue, ${agenda.today.length} today, ${tasks.length} ${tasks.length === 1 ? 'task' : 'tasks'}`, ''];
  if (agenda.overdue.length === 0 && agenda.today.length === 0) {
    out.push(tasks.length ? '  No follow-ups due.' : '  Nothing due. Agree a next step at the end of every conversation and it will show up here.');
  }
  if (agenda.overdue.length) out.push('OVERDUE', ...agenda.overdue.flatMap((i) => line(i, agenda.timeZone)), '');
  if (agenda.today.length) out.push('TODAY', ...agenda.today.flatMap((i) => line(i, agenda.timeZone)));
  // Your own work, no promise to a client: after the people who are waiting.
  if (tasks.length) out.push(...(out[out.length - 1] === '' ? [] : ['']), 'TASKS (followthrough task done <id>)', ...tasks.map(taskLine));
  return `${out.join('\n')}\n`;
}
