import { invitableChannels } from '../../../../src/shared/vocabulary.js';
import { isOverdue } from '../../../../src/shared/overdue.js';
import type { Contact, FollowUp } from '../../api.js';
import { channelLabel } from '../../components/NextStepFields.js';
import { Badge, QueryError, Spinner } from '../../components/ui.js';
import { useEffect, useRef } from 'react';
import { useRoute } from '../../router.js';
import { useMe } from '../../session.js';
import { formatInstant } from '../../time.js';
import type { ContactModal } from '../Contact.js';
import { InviteButton } from './InviteButton.js';
import { useContactFollowUps } from './useFollowUps.js';

const STATUS_TONE: Record<string, 'neutral' | 'danger' | 'warn' | 'ok' | 'info'> = { open: 'info', done: 'ok', missed: 'danger', skipped: 'neutral', cancelled: 'neutral' };

export function Promises({ contact, onAction }: { contact: Contact; onAction: (modal: ContactModal) => void }) {
  const me = useMe();
  const list = useContactFollowUps(contact.id);
  const items = [...(list.data?.items ?? [])];
  const open = items.filter((f) => f.status === 'open').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const past = items.filter((f) => f.status !== 'open').sort((a, b) => b.dueAt.localeCompare(a.dueAt)).slice(0, 10);
  const now = Date.now();
  // A calendar event links here with ?followUp=<id>: that one is marked and brought into view.
  const linkedId = useRoute().params.get('followUp');
  const linked = useRef<HTMLLIElement | null>(null);
  const listed = list.data !== undefined;
  useEffect(() => {
    if (listed) linked.current?.scrollIntoView({ block: 'center' });
  }, [listed, linkedId]);
  const row = (f: FollowUp) => (
    <li key={f.id} className={f.id === linkedId ? 'promise promise-linked' : 'promise'} data-testid="follow-up"
      {...(f.id === linkedId ? { ref: linked, 'aria-current': 'true' as const } : {})}>
      <div>
        <strong>{f.allDay ? `${f.dueLocal} (all day)` : `${formatInstant(f.dueAt, f.timeZone)} their time`}</strong>
        {!f.allDay && f.timeZone !== me.user.timeZone ? <span className="muted"> · {formatInstant(f.dueAt, me.user.timeZone)} yours</span> : null}
        <div className="muted">
          {channelLabel(f.channel)} · touch #{f.touchNumber} · {f.promised ? 'promised' : 'not promised'}{f.source !== 'agreement' ? ` · ${f.source}` : ''}
        </div>
        {f.agenda ? <div>{f.agenda}</div> : null}
        {f.bookedByClient && f.scheduleNote ? <div className="muted" data-testid="schedule-note">{f.scheduleNote}</div> : null}
        {f.statusReason ? <div className="muted">Reason: {f.statusReason}</div> : null}
      </div>
      <div className="badges">
        {f.bookedByClient ? <Badge tone="ok" title="They chose this time themselves, through your booking link">Booked by the client</Badge> : null}
        <Badge tone={isOverdue(f, now, me.user.timeZone) ? 'danger' : STATUS_TONE[f.status] ?? 'neutral'}>{isOverdue(f, now, me.user.timeZone) ? 'overdue' : f.status}</Badge>
      </div>
      {f.status === 'open' ? (
        <div className="row-actions">
          {contact.doNotContact ? null : (
            <>
              <button type="button" className="button-secondary" onClick={() => onAction({ kind: 'log', followUp: f })}>Log outcome</button>
              <button type="button" className="button-link" onClick={() => onAction({ kind: 'reschedule', followUp: f })}>Reschedule</button>
            </>
          )}
          <button type="button" className="button-link" onClick={() => onAction({ kind: 'cancel', followUp: f })}>Cancel</button>
          {!f.allDay && invitableChannels.includes(f.channel) && contact.email && !contact.doNotContact ? <InviteButton followUp={f} email={contact.email} /> : null}
        </div>
      ) : null}
    </li>
  );
  return (
    <section className="panel" aria-labelledby="promises-title" data-testid="promises">
      <h2 id="promises-title">Promises and follow-ups</h2>
      {list.isPending ? <Spinner /> : null}
      {list.isError ? <QueryError error={list.error} what="follow-ups" /> : null}
      {list.data && open.length === 0 ? <p className="muted">No open follow-up. {contact.doNotContact ? '' : 'Agree the next step in your next conversation.'}</p> : null}
      {open.length ? <ul className="plain">{open.map(row)}</ul> : null}
      {past.length ? (
        <details open={past.some((f) => f.id === linkedId)}>
          <summary>Earlier ({past.length})</summary>
          <ul className="plain">{past.map(row)}</ul>
        </details>
      ) : null}
    </section>
  );
}
