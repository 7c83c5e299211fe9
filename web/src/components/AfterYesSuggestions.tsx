import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type LogResult } from '../api.js';
import type { Enrollment } from '../playbooks.js';
import { useMe } from '../session.js';
import { formatDate, formatInstant } from '../time.js';
import { channelLabel } from './NextStepFields.js';

type Suggestion = NonNullable<LogResult['suggestions']>[number];

/** After a yes: the after-sale playbooks, each one click away (seed 003: service, then thanks). */
export function AfterYesSuggestions({ contactId, suggestions }: { contactId: string; suggestions: Suggestion[] }) {
  if (!suggestions.length) return null;
  return (
    <section className="stack" data-testid="after-yes" aria-label="Keep looking after them">
      <p><strong>Keep looking after them:</strong> service after the sale, and thanks.</p>
      <ul className="plain stack">
        {suggestions.map((s) => <li key={s.playbookKey}><SuggestionButton contactId={contactId} suggestion={s} /></li>)}
      </ul>
    </section>
  );
}

function SuggestionButton({ contactId, suggestion }: { contactId: string; suggestion: Suggestion }) {
  const me = useMe();
  const client = useQueryClient();
  const enrol = useMutation({
    mutationFn: () => api.post<Enrollment>('/enrollments', { contactId, playbookKey: suggestion.playbookKey }),
    onSuccess: () => {
      for (const key of ['enrollments', 'agenda', 'followUps']) void client.invalidateQueries({ queryKey: [key] });
    },
  });
  if (enrol.isSuccess) {
    const next = enrol.data.nextFollowUp;
    const first = next ? ` First step: ${channelLabel(next.channel).toLowerCase()} on ${next.allDay ? formatDate(next.dueLocal.slice(0, 10)) : `${formatInstant(next.dueAt, me.user.timeZone)} your time`}.` : '';
    return <p role="status" data-testid="after-yes-enrolled">Enrolled in {suggestion.name}.{first}</p>;
  }
  return (
    <div className="stack">
      <button type="button" className="button-secondary" onClick={() => enrol.mutate()} disabled={enrol.isPending}>Enrol in {suggestion.name}</button>
      <p className="muted">{suggestion.reason}</p>
      {enrol.error ? (
        <p className="field-error" role="alert">
          {isApiError(enrol.error) && enrol.error.rule === 'conflict'
            ? `Not enrolled in ${suggestion.name}: they are already in a playbook, and this workspace runs one at a time (Settings can allow several).`
            : enrol.error.message}
        </p>
      ) : null}
    </div>
  );
}
