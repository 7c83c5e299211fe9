import { useOutboxAttention } from './Outbox.js';
import { Suspense, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Agenda, type AgendaItem, type Contact, type CopyTimed, type Page } from '../api.js';
import { agendaPath, arrivedAgenda, fetchAgenda } from '../earlyAgenda.js';
import type { LogTarget } from '../components/LogDialog.js';
import { EmptyState, QueryError, Spinner, useToast } from '../components/ui.js';
import { step, useShortcuts } from '../keyboard.js';
import { navigate } from '../router.js';
import { canManage, useMe } from '../session.js';
import { addDays, cityOf, formatDate, formatInstant, relativeDays, todayIn } from '../time.js';
import { AgendaFilters, isFiltered, matches, NO_FILTER, type AgendaFilter } from './today/AgendaFilters.js';
import { AgendaRow } from './today/AgendaRow.js';
import { AttentionCounts } from './today/AttentionCounts.js';
import { ClientCancellations } from './today/ClientCancellations.js';
import { TodayTasks } from './today/TodayTasks.js';
import { BookingLinkDialog, CancelDialog, LogDialog, preloadTodayDialogs, RescheduleDialog } from './today/lazyDialogs.js';

type Pending =
  | { kind: 'log'; target: LogTarget }
  | { kind: 'reschedule' | 'cancel' | 'booking-link'; item: AgendaItem }
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

/** The agenda as Today keeps it: with when it was copied, if the service worker answered offline. */
const asShown = ({ data, copiedAt }: CopyTimed<Agenda>) => ({ ...data, copiedAt });

export function TodayPage({ date }: { date: string | null }) {
  const me = useMe();
  const userZone = me.user.timeZone;
  const agenda = useQuery({
    queryKey: ['agenda', date ?? 'today'],
    queryFn: async () => {
      // Offline, the service worker answers with the last agenda fetched, and says when it was fetched.
      return asShown(await fetchAgenda(agendaPath(date)));
    },
    placeholderData: () => {
      const arrived = arrivedAgenda(agendaPath(date));
      return arrived && asShown(arrived);
    },
    // Clients book and cancel on their own, and who is reachable now changes by the minute: ask each
    // minute and on every visit. Unchanged, the server answers 304 to the browser's ETag at little cost.
    staleTime: 0,
    refetchInterval: 60_000,
  });
  const [selected, setSelected] = useState(-1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [filter, setFilter] = useState<AgendaFilter>(NO_FILTER);
  const [pending, setPending] = useState<Pending>(null);
  const toggles = useRef(new Map<string, HTMLButtonElement>());
  const all = agenda.data ? [...agenda.data.overdue, ...agenda.data.today] : [];
  const overdue = agenda.data?.overdue.filter((item) => matches(filter, item)) ?? [];
  const due = agenda.data?.today.filter((item) => matches(filter, item)) ?? [];
  const shown = [...overdue, ...due];
  const listed = agenda.data !== undefined;
  useEffect(() => {
    if (listed) preloadTodayDialogs();
  }, [listed]);

  const openLog = (item: AgendaItem) => setPending({ kind: 'log', target: { contact: item.contact, followUp: item.followUp } });

  /** j/k: select, focus and bring the row into view; an open context follows the selection. */
  const move = (delta: number) => {
    const next = step(selected, delta, shown.length);
    const item = shown[next];
    if (!item) return;
    setSelected(next);
    if (openId) setOpenId(item.followUp.id);
    const toggle = toggles.current.get(item.followUp.id);
    toggle?.focus({ preventScroll: true });
    toggle?.closest('li')?.scrollIntoView({ block: 'nearest' });
  };

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    l: () => {
      const item = shown[selected < 0 ? 0 : selected];
      if (item) openLog(item);
    },
  });

  const shownDate = agenda.data?.date ?? date ?? todayIn(userZone);
  const today = todayIn(userZone);
  const isToday = shownDate === today;
  const goTo = (d: string) => {
    setSelected(-1);
    setOpenId(null);
    navigate('/', d === today ? {} : { date: d });
  };
  const changeFilter = (next: AgendaFilter) => {
    setSelected(-1);
    setFilter(next);
  };

  const row = (item: AgendaItem, index: number) => (
    <AgendaRow
      key={item.followUp.id}
      ref={(el) => { if (el) toggles.current.set(item.followUp.id, el); else toggles.current.delete(item.followUp.id); }}
      item={item} userZone={userZone} today={today} isToday={isToday} selected={selected === index} open={openId === item.followUp.id}
      onToggle={() => {
        setSelected(index);
        setOpenId((id) => (id === item.followUp.id ? null : item.followUp.id));
      }}
      onLog={() => openLog(item)}
      onReschedule={() => setPending({ kind: 'reschedule', item })}
      onCancel={() => setPending({ kind: 'cancel', item })}
      onBookingLink={() => setPending({ kind: 'booking-link', item })}
    />
  );

  return (
    <section aria-labelledby="today-title">
      <div className="page-head">
        <h1 id="today-title">{isToday ? 'Today' : formatDate(shownDate, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}</h1>
        <div className="date-nav" role="group" aria-label="Choose the day">
          <button type="button" className="button-secondary" onClick={() => goTo(addDays(shownDate, -1))} aria-label="Previous day">‹</button>
          <label className="visually-hidden" htmlFor="agenda-date">Day</label>
          <input id="agenda-date" type="date" value={shownDate} onChange={(e) => e.target.value && goTo(e.target.value)} />
          <button type="button" className="button-secondary" onClick={() => goTo(addDays(shownDate, 1))} aria-label="Next day">›</button>
          {isToday ? null : <button type="button" className="button-link" onClick={() => goTo(today)}>Back to today</button>}
        </div>
      </div>
      <p className="muted page-hint">
        Your time ({cityOf(userZone)}) first, then theirs. Open a row for the opener, checklist and script.
        <span className="keyboard-hint" data-testid="keyboard-hint"> Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>l</kbd> logs.</span>
      </p>
      <MailNeedsYou />
      {isToday ? <ClientCancellations items={agenda.data?.clientCancellations} userZone={userZone} /> : null}
      <AttentionCounts />
      {agenda.data?.copiedAt ? (
        <p className="alert alert-warn" role="status" data-testid="offline-agenda">
          Offline — this is the agenda as of {formatInstant(agenda.data.copiedAt, userZone)}; it may have changed.
        </p>
      ) : null}
      {agenda.isPending ? <Spinner label="Loading your day…" /> : null}
      {agenda.isError ? <QueryError error={agenda.error} what="the agenda" /> : null}
      {agenda.data ? (
        all.length === 0 ? <NothingDue date={shownDate} isToday={isToday} /> : (
          <>
            <div className="agenda-bar">
              <AgendaSummary overdue={agenda.data.overdue} due={agenda.data.today} tasks={agenda.data.tasks?.length ?? 0} shown={shown.length} filtered={isFiltered(filter)} dayWord={isToday ? 'today' : `on ${formatDate(shownDate)}`} />
              <AgendaFilters items={all} filter={filter} onChange={changeFilter} />
            </div>
            {shown.length === 0 ? <p className="muted">Nothing matches these filters. <button type="button" className="button-link" onClick={() => changeFilter(NO_FILTER)}>Show all</button></p> : null}
            {overdue.length ? (
              <section aria-labelledby="overdue-title" className="agenda-section">
                <h2 id="overdue-title" className="agenda-heading">
                  Overdue <span className="count">{overdue.length}</span>
                  <span className="agenda-heading-note">promises first: these people are waiting to hear from you</span>
                </h2>
                <ol className="agenda-list" data-testid="overdue-list">{overdue.map((item, i) => row(item, i))}</ol>
              </section>
            ) : null}
            {due.length ? (
              <section aria-labelledby="due-title" className="agenda-section">
                <h2 id="due-title" className="agenda-heading">
                  {isToday ? 'Due today' : `Due ${relativeDays(shownDate, today)}`} <span className="count">{due.length}</span>
                  {shownDate < today ? <span className="agenda-heading-note">still open, so overdue now</span> : null}
                </h2>
                <ol className="agenda-list" data-testid="today-list">{due.map((item, j) => row(item, j + overdue.length))}</ol>
              </section>
            ) : agenda.data.today.length === 0 ? <p className="muted">Nothing else is due on this day.</p> : null}
          </>
        )
      ) : null}
      {agenda.data || !agenda.isPending ? <TodayTasks tasks={agenda.data?.tasks} date={shownDate} today={today} readOnly={Boolean(agenda.data?.copiedAt)} /> : null}
      <Suspense fallback={null}>
        {pending?.kind === 'log' ? <LogDialog target={pending.target} onClose={() => setPending(null)} /> : null}
        {pending?.kind === 'reschedule' ? (
          <RescheduleDialog followUp={pending.item.followUp} contactName={pending.item.contact.name} contactZone={pending.item.contact.timeZone} onClose={() => setPending(null)} />
        ) : null}
        {pending?.kind === 'booking-link' ? <BookingLinkDialog target={{ contact: pending.item.contact, followUp: pending.item.followUp }} onClose={() => setPending(null)} /> : null}
        {pending?.kind === 'cancel' ? <CancelDialog followUp={pending.item.followUp} contactName={pending.item.contact.name} onClose={() => setPending(null)} /> : null}
      </Suspense>
    </section>
  );
}

/** The day in one line, above the list, so both counts are on the first screen however long the list. */
function AgendaSummary({ overdue, due, tasks, shown, filtered, dayWord }: { overdue: AgendaItem[]; due: AgendaItem[]; tasks: number; shown: number; filtered: boolean; dayWord: string }) {
  const promised = [...overdue, ...due].filter((item) => item.followUp.promised).length;
  const parts = [
    overdue.length ? `${overdue.length} overdue` : null,
    `${due.length} due ${dayWord}`,
    promised ? `${promised} promised` : null,
    tasks ? `${tasks} ${tasks === 1 ? 'task' : 'tasks'} of your own` : null,
  ].filter(Boolean);
  return (
    <p className="agenda-summary" data-testid="agenda-summary" role="status">
      <strong>{parts.join(' · ')}</strong>
      {filtered ? <span className="muted"> · Showing {shown} of {overdue.length + due.length}</span> : null}
    </p>
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
        <a className="button-secondary" href="#/import">Import contacts</a>
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
