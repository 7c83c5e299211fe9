import { useState } from 'react';
import { DEFAULT_REACHABLE_TEXT } from '../../../../src/shared/defaults.js';
import { qualificationWarnings } from '../../../../src/shared/warnings.js';
import type { Contact } from '../../api.js';
import { channelLabel } from '../../components/NextStepFields.js';
import { DAY_NAMES } from '../../components/ReachableFields.js';
import { TimeBudgetFact } from '../../components/TimeBudgetFact.js';
import { label } from '../../components/ui.js';
import { useUsers } from '../../session.js';
import { ProtocolEditor } from './ProtocolEditor.js';

const windowsText = (c: Contact): string =>
  c.reachable.length ? c.reachable.map((w) => `${daysText(w.days)} ${w.from}–${w.to}`).join('; ') : `Not set (${DEFAULT_REACHABLE_TEXT} assumed)`;

function daysText(days: number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  if (sorted.join() === '1,2,3,4,5') return 'Mon–Fri';
  if (sorted.length === 7) return 'Every day';
  return sorted.map((d) => DAY_NAMES[d - 1]).join(', ');
}

/** How this person wants to be followed up, editable in place. */
export function ProtocolPanel({ contact }: { contact: Contact }) {
  const users = useUsers();
  const [editing, setEditing] = useState(false);
  const owner = users.data?.items.find((u) => u.id === contact.ownerId);

  if (editing) return <ProtocolEditor contact={contact} onClose={() => setEditing(false)} />;
  return (
    <section className="panel" aria-labelledby="protocol-title" data-testid="protocol-panel">
      <div className="panel-head">
        <h2 id="protocol-title">Protocol</h2>
        <button type="button" className="button-secondary" onClick={() => setEditing(true)}>Edit</button>
      </div>
      <dl className="facts">
        <div><dt>Time zone</dt><dd>{contact.timeZone}</dd></div>
        <div><dt>Preferred channel</dt><dd>{contact.preferredChannel ? channelLabel(contact.preferredChannel) : 'Not known yet'}</dd></div>
        <div><dt>Reachable</dt><dd>{windowsText(contact)} <span className="muted">their time</span></dd></div>
        <div><dt>Cares about</dt><dd>{contact.interests.length ? <ul className="chips">{contact.interests.map((t, i) => <li key={i}>{t}</li>)}</ul> : 'Not known yet'}</dd></div>
        <div><dt>How they buy</dt><dd>{contact.buyingProcess ?? 'Not known yet'}</dd></div>
        {contact.referredBy ? <div><dt>Referred by</dt><dd>{contact.referredBy}</dd></div> : null}
        <div><dt>Interest</dt><dd>{label(contact.interest)}</dd></div>
        <div><dt>Can buy</dt><dd>{label(contact.canBuy)}</dd></div>
        <div><dt>Authority</dt><dd>{contact.authority ?? 'Not known yet'}</dd></div>
        <div><dt>Email</dt><dd>{contact.email ?? '—'}</dd></div>
        <div><dt>Phone</dt><dd>{contact.phone ?? '—'}</dd></div>
        <div><dt>Owner</dt><dd>{owner?.name ?? '—'}</dd></div>
        <TimeBudgetFact contact={contact} />
        {contact.notes ? <div className="wide"><dt>Notes</dt><dd className="note">{contact.notes}</dd></div> : null}
      </dl>
      {qualificationWarnings(contact).map((w) => <p key={w.code} className="alert alert-warn" role="note">{w.message}</p>)}
    </section>
  );
}
