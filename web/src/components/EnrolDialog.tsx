import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query, type Contact, type Page } from '../api.js';
import { playbookLabel, usePlaybooks, type Enrollment, type Playbook } from '../playbooks.js';
import { channelLabel } from './NextStepFields.js';
import { QualificationWarning } from './QualificationWarning.js';
import { formatInstant } from '../time.js';
import { instantOf } from '../wallTime.js';
import { useMe } from '../session.js';
import { Dialog, DialogActions, ErrorSummary, Field, FormErrors, Spinner, useToast } from './ui.js';

/**
 * "Enrolled in Hard to reach. First step: phone call on Tue 8 Dec, 10:00 their time (16:00 your time)",
 * and why it was moved, when something moved it.
 */
function enrolledMessage(enrollment: Enrollment, playbook: Playbook | undefined, userZone: string): string {
  const name = playbook ? playbookLabel(playbook) : 'the playbook';
  const next = enrollment.nextFollowUp;
  if (!next) return enrollment.state === 'active' ? `Enrolled in ${name}.` : `Enrolled in ${name}; it has already ended (${String(enrollment.exitReason ?? enrollment.state).replace(/-/g, ' ')}).`;
  const yours = next.timeZone === userZone ? '' : ` (${formatInstant(next.dueAt, userZone, false)} your time)`;
  const when = `${formatInstant(next.dueAt, next.timeZone)} their time${yours}`;
  return `Enrolled in ${name}. First step: ${channelLabel(next.channel).toLowerCase()} on ${when}.${next.scheduleNote ? ` ${next.scheduleNote}.` : ''}`;
}

/** Enrol a contact in a playbook: either may be fixed by the page that opens the dialog. */
export function EnrolDialog({ contact, playbookId, onClose }: {
  contact?: Pick<Contact, 'id' | 'name' | 'interest' | 'canBuy'>;
  playbookId?: string;
  onClose: () => void;
}) {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const playbooks = usePlaybooks();
  const [chosenPlaybook, setChosenPlaybook] = useState(playbookId ?? '');
  const [search, setSearch] = useState('');
  const [contactId, setContactId] = useState(contact?.id ?? '');
  const [startAt, setStartAt] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const candidates = useQuery({
    queryKey: ['contacts', 'enrol-search', search],
    queryFn: () => api.get<Page<Contact>>(`/contacts${query({ q: search.trim(), doNotContact: 'false', limit: 20 })}`),
    enabled: !contact,
  });
  const enrol = useMutation({
    mutationFn: (body: unknown) => api.post<Enrollment>('/enrollments', body),
    onSuccess: (enrollment) => {
      void client.invalidateQueries({ queryKey: ['enrollments'] });
      void client.invalidateQueries({ queryKey: ['agenda'] });
      void client.invalidateQueries({ queryKey: ['followUps'] });
      toast(enrolledMessage(enrollment, list.find((p) => p.id === chosenPlaybook || p.key === chosenPlaybook), me.user.timeZone));
      onClose();
    },
  });
  const errors = FormErrors.from(enrol.error, local);
  const list = playbooks.data?.available ? playbooks.data.value.items : [];
  const chosenContact = contact ?? candidates.data?.items.find((c) => c.id === contactId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!contactId) problems.contactId = 'Choose a contact.';
    if (!chosenPlaybook) problems.playbookId = 'Choose a playbook.';
    setLocal(problems);
    if (Object.keys(problems).length) return enrol.reset();
    const playbook = list.find((p) => p.id === chosenPlaybook);
    const [startDate = '', startTime = ''] = startAt.split('T');
    const startMs = startAt ? instantOf(startDate, startTime.slice(0, 5), me.user.timeZone) ?? NaN : NaN;
    enrol.mutate({
      contactId,
      ...(playbook?.key ? { playbookKey: playbook.key } : { playbookId: chosenPlaybook }),
      ...(Number.isNaN(startMs) ? {} : { startAt: new Date(startMs).toISOString() }),
    });
  };
  return (
    <Dialog title={contact ? `Enrol ${contact.name} in a playbook` : 'Enrol a contact'} onClose={onClose} testId="enrol-dialog">
      {playbooks.isPending ? <Spinner /> : null}
      {playbooks.data && !playbooks.data.available ? (
        <p className="alert alert-info" role="note">Playbooks are not available on this server yet.</p>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <ErrorSummary errors={errors} claimed={['contactId', 'playbookId', 'playbookKey', 'startAt']} title="Not enrolled" />
          {contact ? null : (
            <>
              <Field label="Find a contact">
                {(p) => <input {...p} type="search" value={search} onChange={(e) => setSearch(e.target.value)} data-autofocus />}
              </Field>
              <Field label="Contact" error={errors.field('contactId')}>
                {(p) => (
                  <select {...p} name="contactId" value={contactId} onChange={(e) => setContactId(e.target.value)}>
                    <option value="">Choose…</option>
                    {candidates.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}{c.company ? ` (${c.company})` : ''}</option>)}
                  </select>
                )}
              </Field>
            </>
          )}
          {playbookId ? null : (
            <Field label="Playbook" error={errors.field('playbookId', 'playbookKey')}>
              {(p) => (
                <select {...p} name="playbook" value={chosenPlaybook} onChange={(e) => setChosenPlaybook(e.target.value)} data-autofocus={contact ? true : undefined}>
                  <option value="">Choose…</option>
                  {list.map((pb) => <option key={pb.id} value={pb.id}>{playbookLabel(pb)}</option>)}
                </select>
              )}
            </Field>
          )}
          <Field label="Start (your time, optional)" hint="The first step lands at the first moment inside their reachable hours." error={errors.field('startAt')}>
            {(p) => <input {...p} type="datetime-local" value={startAt} onChange={(e) => setStartAt(e.target.value)} />}
          </Field>
          <QualificationWarning contact={chosenContact} />
          <DialogActions onCancel={onClose} disabled={enrol.isPending}>Enrol</DialogActions>
        </form>
      )}
    </Dialog>
  );
}
