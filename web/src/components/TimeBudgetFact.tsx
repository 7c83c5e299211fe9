import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TimeBudgetView } from '../../../src/shared/timeBudget.js';
import { api, type Contact } from '../api.js';
import { Field, FormErrors } from './ui.js';

/**
 * Seed 003, "how much time you'll commit to following up with each prospect": the time spent on the
 * contact against the budget, and the budget set for them (their playbooks stop when it is used up).
 */
export function TimeBudgetFact({ contact }: { contact: Contact }) {
  const client = useQueryClient();
  const budget = useQuery({
    queryKey: ['contact', contact.id, 'time-budget', contact.timeSpentMinutes, contact.timeBudgetMinutes],
    queryFn: () => api.get<TimeBudgetView>(`/contacts/${contact.id}/time-budget`),
  });
  const [editing, setEditing] = useState(false);
  const [minutes, setMinutes] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (value: number | null) => api.patch<Contact>(`/contacts/${contact.id}`, { timeBudgetMinutes: value }),
    onSuccess: (updated) => {
      client.setQueryData(['contact', updated.id], updated);
      void client.invalidateQueries({ queryKey: ['contact', contact.id, 'time-budget'] });
      setEditing(false);
    },
  });
  const errors = FormErrors.from(save.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = minutes.trim();
    if (text && (!/^\d{1,6}$/.test(text) || Number(text) < 1 || Number(text) > 100_000)) {
      setLocal({ timeBudgetMinutes: 'Time budget: a whole number of minutes from 1 to 100000, or empty for the usual budget.' });
      return save.reset();
    }
    setLocal({});
    save.mutate(text ? Number(text) : null);
  };
  return (
    <div className="wide" data-testid="time-budget">
      <dt>Time budget</dt>
      <dd>
        <span data-testid="time-budget-summary">{budget.data?.summary ?? '…'}</span>{' '}
        {editing ? (
          <form onSubmit={submit} noValidate className="row">
            <Field label="Time budget (minutes)" error={errors.field('timeBudgetMinutes')}
              hint="Left empty: your team's usual budget, or their playbook's.">
              {(p) => (
                <input {...p} name="timeBudgetMinutes" type="text" inputMode="numeric" style={{ maxWidth: '8rem' }}
                  value={minutes} onChange={(e) => setMinutes(e.target.value)} data-autofocus />
              )}
            </Field>
            <div className="actions actions-start">
              <button type="submit" disabled={save.isPending}>Save budget</button>
              <button type="button" className="button-secondary" onClick={() => setEditing(false)}>Cancel</button>
            </div>
          </form>
        ) : (
          <button type="button" className="button-link" onClick={() => { setMinutes(contact.timeBudgetMinutes ? String(contact.timeBudgetMinutes) : ''); setEditing(true); }}>
            Set their time budget
          </button>
        )}
      </dd>
    </div>
  );
}
