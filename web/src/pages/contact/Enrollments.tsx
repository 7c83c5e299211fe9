import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Contact } from '../../api.js';
import { EnrollmentStory } from '../../components/EnrollmentStory.js';
import { label, QueryError, Spinner } from '../../components/ui.js';
import { currentStepText, playbookLabel, useEnrollments, usePlaybooks, type Enrollment } from '../../playbooks.js';
import { useMe } from '../../session.js';
import { formatInstant } from '../../time.js';

export function Enrollments({ contact }: { contact: Contact }) {
  const client = useQueryClient();
  const me = useMe();
  const enrollments = useEnrollments(contact.id);
  const playbooks = usePlaybooks();
  const names = new Map((playbooks.data?.available ? playbooks.data.value.items : []).flatMap((p) => [[p.id, playbookLabel(p)], [p.key ?? p.id, playbookLabel(p)]] as [string, string][]));
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'pause' | 'resume' | 'exit' }) => api.post<Enrollment>(`/enrollments/${id}/${action}`, {}),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['enrollments'] });
      void client.invalidateQueries({ queryKey: ['followUps'] });
      void client.invalidateQueries({ queryKey: ['agenda'] });
    },
  });
  return (
    <section className="panel" aria-labelledby="enrollments-title">
      <h2 id="enrollments-title">Playbooks</h2>
      {enrollments.isPending ? <Spinner /> : null}
      {enrollments.isError ? <QueryError error={enrollments.error} what="enrollments" /> : null}
      {enrollments.data && !enrollments.data.available ? <p className="muted">Playbooks are not available on this server yet.</p> : null}
      {enrollments.data?.available ? (
        enrollments.data.value.items.length === 0 ? <p className="muted">Not enrolled in any playbook.</p> : (
          <ul className="plain" data-testid="enrollments">
            {enrollments.data.value.items.map((e) => (
              <li key={e.id} className="promise">
                <div>
                  <strong>{e.playbookName ?? names.get(e.playbookId ?? '') ?? names.get(e.playbookKey ?? '') ?? e.playbookKey ?? 'Playbook'}</strong>
                  <div className="muted">
                    {label(e.state)}{currentStepText(e.currentStep) ? ` · ${currentStepText(e.currentStep)}` : ''}
                    {typeof e.touches === 'number' ? ` · ${e.touches} touch${e.touches === 1 ? '' : 'es'}` : ''}
                    {e.exitReason ? ` · ${e.exitReason.replace(/-/g, ' ')}` : ''}
                  </div>
                  {e.nextFollowUp ? <div className="muted">Next step due {formatInstant(e.nextFollowUp.dueAt, me.user.timeZone)} your time</div> : null}
                  <EnrollmentStory enrollment={e} />
                </div>
                {e.state === 'active' || e.state === 'paused' ? (
                  <div className="row-actions">
                    {e.state === 'active'
                      ? <button type="button" className="button-link" onClick={() => act.mutate({ id: e.id, action: 'pause' })}>Pause</button>
                      : contact.doNotContact ? null : <button type="button" className="button-link" onClick={() => act.mutate({ id: e.id, action: 'resume' })}>Resume</button>}
                    <button type="button" className="button-link" onClick={() => act.mutate({ id: e.id, action: 'exit' })}>Exit</button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
      {act.isError ? <p className="field-error" role="alert">{act.error.message}</p> : null}
    </section>
  );
}
