import type { AgendaItem } from '../../api.js';
import { channelLabel } from '../../components/channelLabel.js';
import { formatInstant } from '../../time.js';

/** What to have in mind before the call: opened below a row of Today. */
export function AgendaContext({ item, userZone, onReschedule, onCancel, onBookingLink }: {
  item: AgendaItem; userZone: string; onReschedule: () => void; onCancel: () => void; onBookingLink: () => void;
}) {
  const { followUp, contact, lastInteraction } = item;
  return (
    <div className="context-body">
      {/* Notes about the item itself (why it is here, why it moved) go first, in .context-notes. */}
      <div className="context-notes" data-testid="context-notes">
        {followUp.scheduleNote ? <p className="muted" data-testid="schedule-note">{followUp.scheduleNote}</p> : null}
      </div>
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
        <div data-testid="buying-process">
          <dt>How they buy</dt>
          <dd>{contact.buyingProcess ?? <span className="muted">Not known yet: ask who decides and what approval it needs.</span>}</dd>
        </div>
        {item.timeBudget?.budgetMinutes != null ? (
          <div data-testid="agenda-time-budget"><dt>Time budget</dt><dd>{item.timeBudget.summary}</dd></div>
        ) : null}
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
        {contact.phone ? <a className="button-secondary" href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>Call {contact.phone}</a> : null}
        {contact.email ? <a className="button-secondary" href={`mailto:${contact.email}${followUp.agenda ? `?subject=${encodeURIComponent(followUp.agenda.slice(0, 120))}` : ''}`}>Email</a> : null}
        <button type="button" className="button-secondary" onClick={onBookingLink}>Send booking link</button>
        <a className="button-link" href={`#/contacts/${encodeURIComponent(contact.id)}`}>Contact page</a>
        <button type="button" className="button-link" onClick={onReschedule}>Reschedule</button>
        <button type="button" className="button-link" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
