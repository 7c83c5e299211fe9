import { forwardRef } from 'react';
import type { AgendaItem } from '../../api.js';
import { channelLabel } from '../../components/channelLabel.js';
import { Badge, label } from '../../components/ui.js';
import { cityOf, formatDate, formatInstant, wallOf } from '../../time.js';
import { AgendaContext } from './AgendaContext.js';

export interface RowActions {
  onToggle: () => void;
  onLog: () => void;
  onReschedule: () => void;
  onCancel: () => void;
  onBookingLink: () => void;
}

/**
 * One follow-up in one line: times, who, channel, agenda, badges and "Log outcome". Its context opens
 * in place below the row. Focus never scrolls or re-selects anything, so a click always lands.
 */
export const AgendaRow = forwardRef<HTMLButtonElement, {
  item: AgendaItem; userZone: string; today: string; isToday: boolean; selected: boolean; open: boolean;
} & RowActions>(function AgendaRow({ item, userZone, today, isToday, selected, open, onToggle, onLog, onReschedule, onCancel, onBookingLink }, toggleRef) {
  const { followUp, contact } = item;
  const contextId = `context-${followUp.id}`;
  const nameId = `name-${followUp.id}`;
  const dueDate = followUp.allDay ? followUp.dueLocal.slice(0, 10) : wallOf(Date.parse(followUp.dueAt), userZone).date;
  const otherDay = item.overdue || dueDate !== today;
  const yourTime = followUp.allDay ? (otherDay ? `${formatDate(dueDate)}, all day` : 'All day') : formatInstant(followUp.dueAt, userZone, otherDay);
  const theirTime = followUp.allDay ? null : contact.localTime;
  const sameZone = contact.timeZone === userZone;
  const prefers = contact.preferredChannel && contact.preferredChannel !== followUp.channel ? contact.preferredChannel : null;
  return (
    <li className={`agenda-row${item.overdue ? ' overdue' : ''}${selected ? ' selected' : ''}${open ? ' open' : ''}`} data-testid="agenda-card">
      <div className="row-line">
        <button
          ref={toggleRef}
          type="button"
          className="row-toggle"
          aria-expanded={open}
          aria-controls={contextId}
          data-testid="row-toggle"
          onClick={onToggle}
        >
          <span className="row-cell row-time" data-testid="card-times">
            <span className="time-yours"><strong>{yourTime}</strong><span className="visually-hidden"> your time</span></span>
            {sameZone || !theirTime ? null : (
              <span className="time-theirs">{theirTime} <span className="visually-hidden">their time </span>in {cityOf(contact.timeZone)}</span>
            )}
          </span>
          <span className="row-cell row-who">
            <span className="row-name" id={nameId} data-testid="row-name">{contact.name}</span>
            {contact.company ? <span className="row-sub" title={contact.company}>{contact.company}</span> : null}
          </span>
          <span className="row-cell row-channel">
            <span>{channelLabel(followUp.channel)}</span>
            {prefers ? <span className="row-sub" title={`They prefer ${channelLabel(prefers).toLowerCase()}`}>prefers {channelLabel(prefers).toLowerCase()}</span> : null}
          </span>
          <span className="row-cell row-agenda">
            <span className="row-agenda-text" title={followUp.agenda ?? undefined}>{followUp.agenda ?? (followUp.kind === 'next-step' ? 'No agenda agreed' : label(followUp.kind))}</span>
            {item.playbook ? <span className="row-sub">{item.playbook.name ?? 'A deleted playbook'}</span> : null}
          </span>
          <span className="row-cell badges">
            {item.overdue ? <Badge tone="danger">Overdue</Badge> : null}
            {followUp.bookedByClient ? <Badge tone="ok" title="They chose this time themselves, through your booking link">Booked by the client</Badge> : null}
            {followUp.promised ? <Badge tone="info" title="They asked for this contact">Promised</Badge> : null}
            <Badge title="Touch number: persistence until a definite answer">Touch #{item.touchNumber}</Badge>
            {isToday && contact.reachableNow ? <Badge tone="ok">Reachable now</Badge> : null}
          </span>
        </button>
        <button type="button" className="row-log" onClick={onLog} data-testid="log-button" aria-describedby={nameId}>Log outcome</button>
      </div>
      {/* Drawn when opened: a closed row's context was most of Today's first render, for nothing shown. */}
      <div id={contextId} className="row-context" data-testid="row-context" hidden={!open}>
        {open ? <AgendaContext item={item} userZone={userZone} onReschedule={onReschedule} onCancel={onCancel} onBookingLink={onBookingLink} /> : null}
      </div>
    </li>
  );
});
