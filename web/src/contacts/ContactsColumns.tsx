/** The contacts list's extra columns, sort and columns controls, and the select-all bar (issue 16 item 3). */
import { useId } from 'react';
import { viewColumns, type ViewColumn } from '../../../src/shared/savedViews.js';
import type { Contact } from '../api.js';
import { label } from '../components/ui.js';
import { navigate } from '../router.js';
import { useMe } from '../session.js';
import { formatInstant } from '../time.js';
import type { useBulkSelection } from './useBulkSelection.js';
import { columnsOf } from './viewParams.js';

const COLUMN_LABELS: Record<ViewColumn, string> = {
  company: 'Company', email: 'Email', phone: 'Phone', owner: 'Owner', relationship: 'Relationship', tags: 'Tags',
  lastTouch: 'Last touch', nextStep: 'Next step', created: 'Added',
};

/** The columns a view chose beyond the row's usual ones. */
export function ContactExtraColumns({ contact, columns }: { contact: Contact; columns: ViewColumn[] }) {
  const me = useMe();
  return (
    <>
      {columns.includes('email') && contact.email ? <span>{contact.email}</span> : null}
      {columns.includes('phone') && contact.phone ? <span>{contact.phone}</span> : null}
      {columns.includes('lastTouch') ? <span>Last touch: {contact.lastTouchAt ? formatInstant(contact.lastTouchAt, me.user.timeZone, false) : 'never'}</span> : null}
      {columns.includes('created') ? <span>Added {formatInstant(contact.createdAt, me.user.timeZone, false)}</span> : null}
    </>
  );
}

/** Sort and columns, written into the URL (and so into a view saved from it). */
export function ViewLayout({ params }: { params: URLSearchParams }) {
  const sortId = useId();
  const columns = columnsOf(params);
  const set = (key: string, value: string | undefined) => {
    const next: Record<string, string | undefined> = Object.fromEntries(params);
    next[key] = value;
    navigate('/contacts', next, { replace: true });
  };
  const toggle = (column: ViewColumn, on: boolean) => set('cols', viewColumns.filter((c) => (c === column ? on : columns.includes(c))).join(','));
  return (
    <>
      <div className="field">
        <label htmlFor={sortId}>Sort</label>
        <select id={sortId} value={params.get('sort') ?? 'name'} onChange={(e) => set('sort', e.target.value === 'name' ? undefined : e.target.value)}>
          <option value="name">Name</option>
          <option value="created">Newest first</option>
          <option value="lastTouch">Last touched first</option>
          <option value="nextDue">Next step soonest</option>
        </select>
      </div>
      <details className="columns-picker">
        <summary>Columns</summary>
        <fieldset>
          <legend className="visually-hidden">Columns to show</legend>
          {viewColumns.map((c) => (
            <div className="checkbox" key={c}>
              <input id={`col-${c}`} type="checkbox" checked={columns.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
              <label htmlFor={`col-${c}`}>{COLUMN_LABELS[c] ?? label(c)}</label>
            </div>
          ))}
        </fieldset>
      </details>
    </>
  );
}

/** Tick the loaded rows at once, or every contact the filters match. */
export function SelectAllBar({ bulk, pageIds, more }: { bulk: ReturnType<typeof useBulkSelection>; pageIds: string[]; more: boolean }) {
  const allPicked = bulk.all || (pageIds.length > 0 && pageIds.every((id) => bulk.isPicked(id)));
  return (
    <div className="select-all">
      <div className="checkbox">
        <input id="pick-page" type="checkbox" checked={allPicked} onChange={(e) => bulk.pickPage(pageIds, e.target.checked)} />
        <label htmlFor="pick-page">Select the {pageIds.length} shown</label>
      </div>
      {!bulk.all && (more || allPicked) ? (
        <button type="button" className="button-link" onClick={bulk.selectAll}>Select every contact matching these filters</button>
      ) : null}
    </div>
  );
}
