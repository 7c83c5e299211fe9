import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query, type Contact, type Opportunity, type Page } from '../../api.js';
import { Badge, Field, FormErrors, Spinner } from '../../components/ui.js';
import { formatInstant } from '../../time.js';
import { CustomFieldValuesPanel } from '../../customFields/CustomFieldValues.js';

export function Opportunities({ contact }: { contact: Contact }) {
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const list = useQuery({
    queryKey: ['opportunities', 'contact', contact.id],
    queryFn: () => api.get<Page<Opportunity>>(`/opportunities${query({ contactId: contact.id, limit: 50 })}`),
  });
  const create = useMutation({
    mutationFn: () => api.post<Opportunity>('/opportunities', { contactId: contact.id, title: title.trim() }),
    onSuccess: () => {
      setTitle('');
      void client.invalidateQueries({ queryKey: ['opportunities'] });
    },
  });
  const errors = FormErrors.from(create.error);
  const hasOpen = list.data?.items.some((o) => o.status === 'open');
  return (
    <section className="panel" aria-labelledby="opps-title">
      <h2 id="opps-title">Opportunities</h2>
      {list.isPending ? <Spinner /> : null}
      {list.data?.items.length === 0 ? <p className="muted">No opportunity yet.</p> : null}
      {list.data?.items.length ? (
        <ul className="plain">
          {list.data.items.map((o) => (
            <li key={o.id} className="promise">
              <div>
                <strong>{o.title}</strong>
                <div className="muted">
                  {o.touches} touch{o.touches === 1 ? '' : 'es'}{o.closedOnTouch ? ` · closed on touch #${o.closedOnTouch}` : ''}
                  {o.nextFollowUp ? ` · next: ${formatInstant(o.nextFollowUp.dueAt, o.nextFollowUp.timeZone)} their time` : ''}
                </div>
              </div>
              <div className="badges">
                <Badge tone={o.status === 'won' ? 'ok' : o.status === 'lost' ? 'danger' : 'info'}>{o.status}</Badge>
                {o.stalled ? <Badge tone="warn">Stalled: no next step</Badge> : null}
              </div>
              <CustomFieldValuesPanel entity="deal" recordId={o.id} values={o.customFields} headingLevel={3} />
            </li>
          ))}
        </ul>
      ) : null}
      {list.data && !hasOpen && !contact.doNotContact ? (
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); create.mutate(); }} noValidate>
          <Field label="Open an opportunity" error={errors.field('title', 'contactId') ?? (errors.detail && !errors.errors.length ? errors.detail : undefined)}>
            {(p) => <input {...p} value={title} placeholder="e.g. Team licence for 20 seats" onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          <button type="submit" className="button-secondary" disabled={create.isPending}>Open</button>
        </form>
      ) : null}
    </section>
  );
}
