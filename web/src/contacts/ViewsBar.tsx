/**
 * Saved views on the contacts page (issue 16 item 3): open one (its filters, sort and columns fill
 * the URL), save what the page shows now as a view of your own or shared with the workspace, and
 * rename, update or delete a view you may edit.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedView } from '../../../src/shared/savedViews.js';
import { api, type Page } from '../api.js';
import { Dialog, DialogActions, ErrorSummary, Field, FormErrors, useToast } from '../components/ui.js';
import { navigate } from '../router.js';
import { useMe } from '../session.js';
import { ViewLayout } from './ContactsColumns.js';
import { definitionOf, paramsOf } from './viewParams.js';
import './contactsViews.css';

export const useViews = () => useQuery({ queryKey: ['views'], queryFn: () => api.get<Page<SavedView>>('/views') });

export function ViewsBar({ params }: { params: URLSearchParams }) {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const views = useViews();
  const [dialog, setDialog] = useState<'save' | 'rename' | null>(null);
  const openId = params.get('view') ?? '';
  const open = views.data?.items.find((v) => v.id === openId);
  const refresh = () => void client.invalidateQueries({ queryKey: ['views'] });

  const update = useMutation({
    mutationFn: (view: SavedView) => api.patch<SavedView>(`/views/${view.id}`, { definition: definitionOf(params, me.user.id) }),
    onSuccess: (view) => { refresh(); toast(`"${view.name}" now shows these filters`); },
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) => api.delete(`/views/${view.id}`),
    onSuccess: (_, view) => { refresh(); toast(`"${view.name}" deleted`); navigate('/contacts', {}, { replace: true }); },
  });

  const choose = (id: string) => {
    const view = views.data?.items.find((v) => v.id === id);
    navigate('/contacts', view ? paramsOf(view.definition, view.id, me.user.id) : {}, { replace: true });
  };

  return (
    <div className="views-bar" data-testid="views-bar">
      <div className="field">
        <label htmlFor="contacts-view">View</label>
        <select id="contacts-view" value={open ? open.id : ''} onChange={(e) => choose(e.target.value)}>
          <option value="">All contacts</option>
          {views.data?.items.map((v) => <option key={v.id} value={v.id}>{v.name}{v.shared ? ' (shared)' : ''}</option>)}
        </select>
      </div>
      <ViewLayout params={params} />
      <div className="views-actions">
        <button type="button" className="button-secondary" onClick={() => setDialog('save')}>Save as view</button>
        {open?.editable ? (
          <>
            <button type="button" className="button-secondary" onClick={() => update.mutate(open)} disabled={update.isPending}>Update view</button>
            <button type="button" className="button-secondary" onClick={() => setDialog('rename')}>Rename</button>
            <button type="button" className="button-secondary" onClick={() => { if (window.confirm(`Delete the view "${open.name}"?`)) remove.mutate(open); }}>Delete view</button>
          </>
        ) : null}
      </div>
      {dialog ? (
        <ViewDialog
          view={dialog === 'rename' ? open : undefined}
          params={params}
          onClose={() => setDialog(null)}
          onSaved={(view) => { refresh(); setDialog(null); toast(`View "${view.name}" saved`); navigate('/contacts', paramsOf(view.definition, view.id, me.user.id), { replace: true }); }}
        />
      ) : null}
    </div>
  );
}

function ViewDialog({ view, params, onClose, onSaved }: { view?: SavedView | undefined; params: URLSearchParams; onClose(): void; onSaved(view: SavedView): void }) {
  const me = useMe();
  const [name, setName] = useState(view?.name ?? '');
  const [shared, setShared] = useState(view?.shared ?? false);
  const save = useMutation({
    mutationFn: () => view
      ? api.patch<SavedView>(`/views/${view.id}`, { name, shared })
      : api.post<SavedView>('/views', { name, shared, definition: definitionOf(params, me.user.id) }),
    onSuccess: onSaved,
  });
  const errors = FormErrors.from(save.error);
  const submit = (event: FormEvent) => { event.preventDefault(); save.mutate(); };
  return (
    <Dialog title={view ? `Rename "${view.name}"` : 'Save these filters as a view'} onClose={onClose} testId="view-dialog">
      <form onSubmit={submit} noValidate className="stack">
        <ErrorSummary errors={errors} claimed={['name', 'shared']} title="The view was not saved" />
        <Field label="Name" error={errors.field('name')}>
          {(p) => <input {...p} name="name" value={name} onChange={(e) => setName(e.target.value)} data-autofocus />}
        </Field>
        <div className="checkbox">
          <input id="view-shared" type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          <label htmlFor="view-shared">Share with the workspace (everyone sees it; you, admins and owners can change it)</label>
        </div>
        {!view ? <p className="muted">It keeps the search, filters, sort and columns the page shows now.</p> : null}
        <DialogActions onCancel={onClose} disabled={save.isPending}>Save view</DialogActions>
      </form>
    </Dialog>
  );
}
