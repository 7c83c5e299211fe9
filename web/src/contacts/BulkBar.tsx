/**
 * Bulk actions on the contacts page (issue 16 item 3): with contacts selected, or every contact of
 * the filters, choose what to do; the server previews who it reaches and who it skips and why
 * (the same rules as doing it one by one), and nothing happens until that preview is confirmed.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bulkSkipHeadings, type BulkAction, type BulkResult, type BulkSelection } from '../../../src/shared/bulk.js';
import { api } from '../api.js';
import { Dialog, ErrorSummary, Field, FormErrors, useToast } from '../components/ui.js';
import { playbookLabel, usePlaybooks } from '../playbooks.js';
import { useMe, useUsers } from '../session.js';
import { useTags } from './TagChips.js';

type Kind = BulkAction['type'];
const TITLES: Record<Kind, string> = {
  enrol: 'Enrol in a playbook', assign: 'Assign an owner', tag: 'Add a tag', untag: 'Remove a tag', 'opt-out': 'Opt out', export: 'Export as CSV',
};
const VERB: Record<Kind, string> = { enrol: 'enrol', assign: 'assign', tag: 'tag', untag: 'untag', 'opt-out': 'opt out', export: 'export' };
const DONE: Record<Kind, string> = { enrol: 'enrolled', assign: 'assigned', tag: 'tagged', untag: 'untagged', 'opt-out': 'opted out', export: 'exported' };

export function BulkBar({ selection, count, onClear }: { selection: BulkSelection; count: number | null; onClear(): void }) {
  const [kind, setKind] = useState<Kind | null>(null);
  // "Select all" names no ids: the server counts what the filters match (a preview changes nothing).
  const matching = useQuery({
    queryKey: ['bulk-count', selection], enabled: count === null,
    queryFn: () => api.post<BulkResult>('/contacts/bulk', { selection, action: { type: 'export' }, preview: true }),
  });
  const total = count ?? matching.data?.selected ?? null;
  const what = total === null ? 'Every contact matching the filters' : `${count === null ? 'All ' : ''}${total} contact${total === 1 ? '' : 's'}${count === null ? ' matching the filters' : ''}`;
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions" data-testid="bulk-bar">
      <strong>{what} selected</strong>
      <div className="bulk-actions">
        {(Object.keys(TITLES) as Kind[]).map((k) => (
          <button key={k} type="button" className="button-secondary" onClick={() => setKind(k)}>{TITLES[k]}</button>
        ))}
        <button type="button" className="button-link" onClick={onClear}>Clear selection</button>
      </div>
      {kind ? <BulkDialog kind={kind} selection={selection} onClose={() => setKind(null)} onDone={() => { setKind(null); onClear(); }} /> : null}
    </div>
  );
}

function download(csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'contacts.csv';
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function BulkDialog({ kind, selection, onClose, onDone }: { kind: Kind; selection: BulkSelection; onClose(): void; onDone(): void }) {
  const me = useMe();
  const users = useUsers();
  const playbooks = usePlaybooks();
  const tags = useTags();
  const client = useQueryClient();
  const toast = useToast();
  const [value, setValue] = useState(kind === 'assign' ? me.user.id : '');
  const [preview, setPreview] = useState<BulkResult | null>(null);
  const list = playbooks.data?.available ? playbooks.data.value.items : [];

  const action = (): BulkAction => {
    if (kind === 'enrol') {
      const playbook = list.find((p) => p.id === value);
      return playbook?.key ? { type: 'enrol', playbookKey: playbook.key, includeUnqualified: false } : { type: 'enrol', playbookId: value, includeUnqualified: false };
    }
    if (kind === 'assign') return { type: 'assign', ownerId: value };
    if (kind === 'tag' || kind === 'untag') return { type: kind, tag: value.trim() };
    if (kind === 'opt-out') return { type: 'opt-out', reason: value.trim() };
    return { type: 'export' };
  };
  const run = useMutation({
    mutationFn: (isPreview: boolean) => api.post<BulkResult>('/contacts/bulk', { selection, action: action(), preview: isPreview }),
    onSuccess: (result) => {
      if (result.preview) return setPreview(result);
      if (result.csv !== undefined) download(result.csv);
      for (const key of ['contacts', 'contact', 'enrollments', 'agenda', 'followUps', 'tags']) void client.invalidateQueries({ queryKey: [key] });
      toast(`${result.acted} ${DONE[kind]}${result.skipped ? `, ${result.skipped} skipped` : ''}.`);
      onDone();
    },
  });
  const errors = FormErrors.from(run.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate(kind !== 'export' && preview === null);
  };
  const change = (next: string) => { setValue(next); setPreview(null); };
  const fieldError = errors.field('action.playbookId', 'action.playbookKey', 'action.ownerId', 'action.tag', 'action.reason');

  return (
    <Dialog title={TITLES[kind]} onClose={onClose} testId="bulk-dialog">
      <form onSubmit={submit} noValidate className="stack">
        <ErrorSummary errors={errors} claimed={['action']} title="Nothing was changed" />
        {kind === 'enrol' ? (
          <Field label="Playbook" error={fieldError}>
            {(p) => (
              <select {...p} value={value} onChange={(e) => change(e.target.value)}>
                <option value="">Choose a playbook</option>
                {list.map((pb) => <option key={pb.id} value={pb.id}>{playbookLabel(pb)}</option>)}
              </select>
            )}
          </Field>
        ) : null}
        {kind === 'assign' ? (
          <Field label="New owner" error={fieldError}>
            {(p) => (
              <select {...p} value={value} onChange={(e) => change(e.target.value)}>
                {users.data?.items.map((u) => <option key={u.id} value={u.id}>{u.id === me.user.id ? `${u.name} (me)` : u.name}</option>)}
              </select>
            )}
          </Field>
        ) : null}
        {kind === 'tag' || kind === 'untag' ? (
          <Field label="Tag" error={fieldError}>
            {(p) => (
              <>
                <input {...p} list="bulk-tag-names" value={value} onChange={(e) => change(e.target.value)} maxLength={40} />
                <datalist id="bulk-tag-names">{tags.data?.items.map((t) => <option key={t.id} value={t.name} />)}</datalist>
              </>
            )}
          </Field>
        ) : null}
        {kind === 'opt-out' ? (
          <Field label="Why they opted out" hint="Kept in each contact's consent record." error={fieldError}>
            {(p) => <input {...p} value={value} onChange={(e) => change(e.target.value)} />}
          </Field>
        ) : null}
        {kind === 'export' ? <p>The selected contacts download as a CSV file, in the workspace export's columns.</p> : null}
        {preview ? <PreviewSummary kind={kind} result={preview} /> : null}
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>Cancel</button>
          <button type="submit" disabled={run.isPending || (preview !== null && preview.acted === 0)}>
            {kind === 'export' ? 'Download CSV' : preview ? `Confirm: ${VERB[kind]} ${preview.acted}` : 'Preview'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function PreviewSummary({ kind, result }: { kind: Kind; result: BulkResult }) {
  return (
    <div className="bulk-preview" role="status" data-testid="bulk-preview">
      <p><strong>{result.acted} will be {DONE[kind]}</strong>{result.skipped ? `, ${result.skipped} skipped` : ''} (of {result.selected} selected).</p>
      {result.reasons.length ? (
        <ul className="bulk-reasons">
          {result.reasons.map((r) => (
            <li key={r.code}>
              <details>
                <summary>{r.count} skipped: {bulkSkipHeadings[r.code]}</summary>
                <ul>
                  {result.skippedContacts.filter((s) => s.code === r.code).map((s) => <li key={s.id}><strong>{s.name}</strong>: {s.reason}</li>)}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
