import { useOutboxAttention } from './Outbox.js';
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query, type Agenda, type AgendaItem, type Contact, type Page } from '../api.js';
import { CancelDialog, RescheduleDialog } from '../components/FollowUpDialogs.js';
import { LogDialog, type LogTarget } from '../components/LogDialog.js';
import { channelLabel } from '../components/NextStepFields.js';
import { Badge, EmptyState, QueryError, Spinner, useToast } from '../components/ui.js';
import { step, useShortcuts } from '../keyboard.js';
import { navigate } from '../router.js';
import { canManage, useMe } from '../session.js';
import { addDays, cityOf, formatDate, formatInstant, relativeDays, todayIn, wallOf } from '../time.js';

type Pending =
  | { kind: 'log'; target: LogTarget }
  | { kind: 'reschedule' | 'cancel'; item: AgendaItem }
  | null;

/** Sends that may or may not have gone out, or never will: said once, plainly, where the day starts. */
function MailNeedsYou() {
  const attention = useOutboxAttention();
  const count = attention.data?.items.length ?? 0;
  if (count === 0) return null;
  return (
    <p className="alert alert-warn" role="status">
      {count === 1 ? '1 email needs' : `${count} emails need`} your attention (not sent, or not sure it arrived).{' '}
      <a href="#/outbox?attention=1">See the outbox</a>
    </p>
  );
}

export function TodayPage({ date }: { date: string | null }) {
  const me = useMe();
  const userZone = me.user.timeZone;
  const agenda = useQuery({
    queryKey: ['agenda', date ?? 'today'],
    queryFn: () => api.get<Agenda>(`/agenda${query({ date })}`),
  });
  const [selected, setSelected] = useState(-1);
  const [pending, setPending] = useState<Pending>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const items = agenda.data ? [...agenda.data.overdue, ...agenda.data.today] : [];

  const openLog = (item: AgendaItem) => setPending({ kind: 'log', target: { contact: item.contact, followUp: item.followUp } });

  useShortcuts({
    j: () => setSelected((i) => step(i, 1, items.length)),
    k: () => setSelected((i) => step(i, -1, items.length)),
    l: () => {
      const item = items[selected < 0 ? 0 : selected];
      if (item) openLog(item);
    },
  });

  useEffect(() => {
    if (selected < 0) return;
    const card = listRef.current?.querySelectorAll<HTMLElement>('[data-card]')[selected];
    card?.focus();
    card?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const shownDate = agenda.data?.date ?? date ?? todayIn(userZone);
  const today = todayIn(userZone);
  const goTo = (d: string) => {
    setSelected(-1);
    navigate('/', d === today ? {} : { date: d });
  };

  return (
    <section aria-labelledby="today-title">
      <div className="page-head">
        <h1 id="today-title">{shownDate === today ? 'Today' : formatDate(shownDate, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}</h1>
        <div className="date-nav" role="group" aria-label="Choose the day">
          <button type="button" className="button-secondary" onClick={() => goTo(addDays(shownDate, -1))} aria-label="Previous day">‹</button>
          <label className="visually-hidden" htmlFor="agenda-date">Day</label>
          <input id="agenda-date" type="date" value={shownDate} onChange={(e) => e.target.value && goTo(e.target.value)} />
          <button type="button" className="button-secondary" onClick={() => goTo(addDays(shownDate, 1))} aria-label="Next day">›</button>
          {shownDate !== today ? <button type="button" className="button-link" onClick={() => goTo(today)}>Back to today</button> : null}
        </div>
      </div>
      <p className="muted">Times in your zone ({userZone}) first, then the contact's own. Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>l</kbd> logs.</p>
      <MailNeedsYou />
      {agenda.isPending ? <Spinner label="Loading your day…" /> : null}
      {agenda.isError ? <QueryError error={agenda.error} what="the agenda" /> : null}
      {agenda.data ? (
        items.length === 0 ? <NothingDue date={shownDate} isToday={shownDate === today} /> : (
          <div ref={listRef}>
            {agenda.data.overdue.length ? (
              <section aria-labelledby="overdue-title" className="agenda-section">
                <h2 id="overdue-title">Overdue <span className="count">{agenda.data.overdue.length}</span></h2>
                <p className="muted">Promises first: these people are waiting to hear from you.</p>
                <ol className="cards" data-testid="overdue-list">
                  {agenda.data.overdue.map((item, i) => (
                    <AgendaCard key={item.followUp.id} item={item} userZone={userZone} today={today} selected={selected === i}
                      onSelect={() => setSelected(i)} onLog={() => openLog(item)}
                      onReschedule={() => setPending({ kind: 'reschedule', item })} onCancel={() => setPending({ kind: 'cancel', item })} />
                  ))}
                </ol>
              </section>
            ) : null}
            <section aria-labelledby="due-title" className="agenda-section">
              <h2 id="due-title">{shownDate === today ? 'Due today' : `Due ${relativeDays(shownDate, today)}`} <span className="count">{agenda.data.today.length}</span></h2>
              {agenda.data.today.length === 0 ? <p className="muted">Nothing else is due on this day.</p> : (
                <ol className="cards" data-testid="today-list">
                  {agenda.data.today.map((item, j) => {
                    const i = j + (agenda.data?.overdue.length ?? 0);
                    return (
                      <AgendaCard key={item.followUp.id} item={item} userZone={userZone} today={today} selected={selected === i}
                        onSelect={() => setSelected(i)} onLog={() => openLog(item)}
                        onReschedule={() => setPending({ kind: 'reschedule', item })} onCancel={() => setPending({ kind: 'cancel', item })} />
                    );
                  })}
                </ol>
              )}
            </section>
          </div>
        )
      ) : null}
      {pending?.kind === 'log' ? <LogDialog target={pending.target} onClose={() => setPending(null)} /> : null}
      {pending?.kind === 'reschedule' ? (
        <RescheduleDialog followUp={pending.item.followUp} contactName={pending.item.contact.name} contactZone={pending.item.contact.timeZone} onClose={() => setPending(null)} />
      ) : null}
      {pending?.kind === 'cancel' ? <CancelDialog followUp={pending.item.followUp} contactName={pending.item.contact.name} onClose={() => setPending(null)} /> : null}
    </section>
  );
}

function AgendaCard({ item, userZone, today, selected, onSelect, onLog, onReschedule, onCancel }: {
  item: AgendaItem; userZone: string; today: string; selected: boolean;
  onSelect: () => void; onLog: () => void; onReschedule: () => void; onCancel: () => void;
}) {
  const { followUp, contact, lastInteraction } = item;
  const titleId = `card-${followUp.id}`;
  const yourTime = followUp.allDay ? 'All day' : formatInstant(followUp.dueAt, userZone, item.overdue || wallOf(Date.parse(followUp.dueAt), userZone).date !== today);
  const theirTime = followUp.allDay ? `all day ${followUp.dueLocal}` : contact.localTime;
  const sameZone = contact.timeZone === userZone;
  return (
    <li
      className={`card agenda-card${item.overdue ? ' overdue' : ''}${selected ? ' selected' : ''}`}
      data-card
      data-testid="agenda-card"
      tabIndex={-1}
      aria-labelledby={titleId}
      onFocus={onSelect}
    >
      <div className="card-head">
        <div>
          <h3 id={titleId} className="card-title">
            <a href={`#/contacts/${encodeURIComponent(contact.id)}`}>{contact.name}</a>
            {contact.company ? <span className="muted"> · {contact.company}</span> : null}
          </h3>
          <p className="times" data-testid="card-times">
            <span className="time-yours"><strong>{yourTime}</strong> your time</span>
            {sameZone ? null : (
              <span className="time-theirs"> · <strong>{theirTime}</strong> their time ({cityOf(contact.timeZone)})</span>
            )}
          </p>
        </div>
        <div className="badges">
          {item.overdue ? <Badge tone="danger">Overdue</Badge> : null}
          {followUp.promised ? <Badge tone="info" title="They asked for this contact">Promised</Badge> : null}
          <Badge title="Touch number: persistence until a definite answer">Touch #{item.touchNumber}</Badge>
          <Badge tone={contact.reachableNow ? 'ok' : 'neutral'}>{contact.reachableNow ? 'Reachable now' : 'Not reachable now'}</Badge>
        </div>
      </div>
      <p className="channel-line">
        By <strong>{channelLabel(followUp.channel).toLowerCase()}</strong>
        {contact.preferredChannel && contact.preferredChannel !== followUp.channel ? <span className="muted"> (prefers {channelLabel(contact.preferredChannel).toLowerCase()})</span> : null}
        {followUp.kind !== 'next-step' ? <span className="muted"> · {followUp.kind.replace(/-/g, ' ')}</span> : null}
      </p>
      <p className="opener"><span className="opener-label">Opener</span> {item.opener}</p>
      <dl className="context">
        {followUp.agenda ? <div><dt>Agreed agenda</dt><dd>{followUp.agenda}</dd></div> : null}
        {followUp.progress ? <div><dt>Progress to present</dt><dd>{followUp.progress}</dd></div> : null}
        <div>
          <dt>Last conversation</dt>
          <dd>
            {lastInteraction ? (
              <>
                {formatInstant(lastInteraction.occurredAt, userZone)} by {channelLabel(lastInteraction.channel).toLowerCase()}
                {lastInteraction.result ? `, ${lastInteraction.result.replace(/-/g, ' ')}` : ''}
                {lastInteraction.notes ? <span className="note">{lastInteraction.notes}</span> : null}
              </>
            ) : 'None logged yet.'}
          </dd>
        </div>
        {lastInteraction?.changed ? <div><dt>What changed</dt><dd>{lastInteraction.changed}</dd></div> : null}
        {contact.interests.length ? (
          <div><dt>Interests</dt><dd><ul className="chips">{contact.interests.map((t, i) => <li key={i}>{t}</li>)}</ul></dd></div>
        ) : null}
      </dl>
      {item.checklist.length ? (
        <details className="checklist" open>
          <summary>Checklist</summary>
          <ul>{item.checklist.map((c, i) => <li key={i}>{c}</li>)}</ul>
        </details>
      ) : null}
      {item.script ? (
        <details className="script">
          <summary>Script</summary>
          <pre>{item.script}</pre>
        </details>
      ) : null}
      <div className="card-actions">
        <button type="button" onClick={onLog} data-testid="log-button">Log outcome</button>
        {contact.phone ? <a className="button-secondary" href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>Call {contact.phone}</a> : null}
        {contact.email ? <a className="button-secondary" href={`mailto:${contact.email}${followUp.agenda ? `?subject=${encodeURIComponent(followUp.agenda.slice(0, 120))}` : ''}`}>Email</a> : null}
        <button type="button" className="button-link" onClick={onReschedule}>Reschedule</button>
        <button type="button" className="button-link" onClick={onCancel}>Cancel</button>
      </div>
    </li>
  );
}

function NothingDue({ date, isToday }: { date: string; isToday: boolean }) {
  const contacts = useQuery({ queryKey: ['contacts', 'any'], queryFn: () => api.get<Page<Contact>>('/contacts?limit=1') });
  if (contacts.isPending) return <Spinner />;
  if (contacts.data && contacts.data.items.length === 0) return <EmptyWorkspace />;
  return (
    <EmptyState title={isToday ? 'Nothing due today' : `Nothing due on ${formatDate(date)}`}>
      <p>No follow-ups are due{isToday ? ' today' : ' on this day'} and none are overdue.</p>
      <p>Good moments to <a href="#/pipeline">agree next steps for stalled opportunities</a> or <a href="#/contacts">look through your contacts</a>.</p>
    </EmptyState>
  );
}

export function EmptyWorkspace() {
  const me = useMe();
  return (
    <EmptyState title="Your workspace is empty">
      <p>Followthrough fills your day with the follow-ups your clients agreed to. Add a contact and log your first conversation, or look around with demo data first.</p>
      <div className="actions actions-start">
        {canManage(me) ? <LoadDemoButton /> : null}
        <a className="button-secondary" href="#/contacts?new=1">Add a contact</a>
      </div>
    </EmptyState>
  );
}

export function LoadDemoButton() {
  const client = useQueryClient();
  const toast = useToast();
  const load = useMutation({
    mutationFn: () => api.post<{ contacts: number; followUps: number; today: number; overdue: number }>('/demo', {}),
    onSuccess: async (summary) => {
      await client.invalidateQueries();
      toast(`Demo data loaded: ${summary.contacts} contacts, ${summary.today} follow-ups today, ${summary.overdue} overdue.`);
    },
  });
  return (
    <>
      <button type="button" onClick={() => load.mutate()} disabled={load.isPending} data-testid="load-demo">
        {load.isPending ? 'Loading demo data…' : 'Load demo data'}
      </button>
      {load.isError ? <p className="field-error" role="alert">Could not load demo data: {load.error.message}</p> : null}
    </>
  );
}
