import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AgendaTask, TaskView } from '../../../../src/shared/tasks.js';
import { api, isApiError } from '../../api.js';
import { Badge } from '../../components/ui.js';
import { formatDate } from '../../time.js';
import './TodayTasks.css';

interface Props {
  /** The agenda's tasks; undefined while it loads. */
  tasks: AgendaTask[] | undefined;
  /** The day shown: a new task is due on it unless changed. */
  date: string;
  today: string;
  /** Offline, Today is a copy: the tasks are shown, nothing can be changed. */
  readOnly: boolean;
}

/**
 * Your own work on Today (issue 16 item 6): tasks that belong to no client, from their due date until
 * ticked off. After the follow-ups, because people waiting on you come first.
 */
export function TodayTasks({ tasks, date, today, readOnly }: Props) {
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState<string | null>(null);
  const [error, setError] = useState<{ path: string; message: string } | null>(null);
  const [justDone, setJustDone] = useState<TaskView[]>([]);
  const titleInput = useRef<HTMLInputElement>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['agenda'] });

  const add = useMutation({
    mutationFn: (body: { title: string; due: string }) => api.post<TaskView>('/tasks', body),
    onSuccess: async () => {
      setTitle('');
      setDue(null);
      setError(null);
      await refresh();
      titleInput.current?.focus();
    },
    onError: (e) => {
      const field = isApiError(e) ? e.fieldErrors[0] : undefined;
      setError({ path: field?.path ?? 'title', message: field?.message ?? (e instanceof Error ? e.message : 'That did not work.') });
    },
  });
  const setDone = useMutation({
    mutationFn: ({ id, done }: { id: string; done: boolean }) => api.patch<TaskView>(`/tasks/${encodeURIComponent(id)}`, { done }),
    onSuccess: async (task) => {
      setJustDone((list) => (task.done ? [task, ...list.filter((t) => t.id !== task.id)].slice(0, 3) : list.filter((t) => t.id !== task.id)));
      await refresh();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setError({ path: 'title', message: 'The task is required: say what is to be done, for example "Prepare the proposal".' });
      titleInput.current?.focus();
      return;
    }
    add.mutate({ title: title.trim(), due: due ?? date });
  };

  const open = (tasks ?? []).filter((t) => !justDone.some((d) => d.id === t.id));
  const overdue = open.filter((t) => t.overdue).length;
  return (
    <section aria-labelledby="tasks-title" className="agenda-section today-tasks" data-testid="today-tasks">
      <h2 id="tasks-title" className="agenda-heading">
        Your tasks <span className="count">{open.length}</span>
        <span className="agenda-heading-note">your own work; no client is waiting on these{overdue ? ` · ${overdue} overdue` : ''}</span>
      </h2>
      {readOnly ? null : (
        <form className="task-add" onSubmit={submit} aria-label="Add a task" noValidate>
          <div className="task-add-title">
            <label htmlFor="task-title">New task</label>
            <input
              id="task-title" ref={titleInput} value={title} maxLength={300} placeholder="e.g. Prepare the proposal for Acme"
              onChange={(e) => setTitle(e.target.value)}
              aria-invalid={error?.path === 'title' ? true : undefined} aria-describedby={error ? 'task-add-error' : undefined}
            />
          </div>
          <div className="task-add-due">
            <label htmlFor="task-due">Due</label>
            <input id="task-due" type="date" value={due ?? date} onChange={(e) => setDue(e.target.value || null)} aria-invalid={error?.path === 'due' ? true : undefined} />
          </div>
          <button type="submit" disabled={add.isPending}>{add.isPending ? 'Adding…' : 'Add task'}</button>
          {error ? <p className="field-error task-add-error" id="task-add-error" role="alert">{error.message}</p> : null}
        </form>
      )}
      {tasks === undefined ? null : open.length === 0 ? (
        <p className="muted task-empty" data-testid="tasks-empty">
          {date === today ? 'No tasks due today.' : `No tasks due on ${formatDate(date)}.`} Tasks are your own to-dos that belong to no client —
          prepare a proposal, send a document. {readOnly ? '' : 'Add one above: it shows here from its due date until you tick it off.'}
        </p>
      ) : (
        <ul className="agenda-list task-list" data-testid="task-list">
          {open.map((task) => (
            <li key={task.id} className={task.overdue ? 'task task-overdue' : 'task'} data-testid="task">
              <input
                type="checkbox" id={`task-${task.id}`} checked={setDone.isPending && setDone.variables.id === task.id} disabled={readOnly || setDone.isPending}
                onChange={() => setDone.mutate({ id: task.id, done: true })}
              />
              <label htmlFor={`task-${task.id}`} className="task-title">{task.title}</label>
              <span className="task-due muted">{task.due === today ? 'today' : formatDate(task.due)}{task.dueTime ? `, ${task.dueTime}` : ''}</span>
              {task.overdue ? <Badge tone="danger">Overdue</Badge> : null}
            </li>
          ))}
        </ul>
      )}
      {justDone.length ? (
        <ul className="task-done-list" aria-label="Just completed">
          {justDone.map((task) => (
            <li key={task.id} data-testid="task-done">
              <span>Done: <s>{task.title}</s></span>{' '}
              <button type="button" className="button-link" onClick={() => setDone.mutate({ id: task.id, done: false })} disabled={setDone.isPending}>
                Undo<span className="visually-hidden"> completing “{task.title}”</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {setDone.isError ? <p className="field-error" role="alert">Could not change the task: {setDone.error.message}</p> : null}
    </section>
  );
}
