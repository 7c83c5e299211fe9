import { useEffect, useState } from 'react';
import { EnrolDialog } from '../../components/EnrolDialog.js';
import { Badge, QueryError, Spinner } from '../../components/ui.js';
import { isBuiltIn, playbookLabel, usePlaybooks } from '../../playbooks.js';
import { useMe } from '../../session.js';
import { DeletePlaybookDialog } from './DeletePlaybookDialog.js';
import { NotAvailable } from './NotAvailable.js';
import { PlaybookEditor } from './PlaybookEditor.js';
import { StepResults } from './StepResults.js';
import { StepView } from './StepView.js';

export function PlaybookPage({ id }: { id: string }) {
  const playbooks = usePlaybooks();
  const me = useMe();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [mode, setMode] = useState<'view' | 'edit' | 'duplicate'>(id === 'new' ? 'edit' : 'view');
  const [enrol, setEnrol] = useState(false);
  useEffect(() => setMode(id === 'new' ? 'edit' : 'view'), [id]);
  if (playbooks.isPending) return <Spinner />;
  if (playbooks.isError) return <QueryError error={playbooks.error} what="playbooks" />;
  if (!playbooks.data.available) return <NotAvailable />;
  const found = playbooks.data.value.items.find((p) => p.id === id || p.key === id);
  if (id === 'new') return <PlaybookEditor initial={null} />;
  if (!found) return <section><h1>Playbook not found</h1><p><a href="#/playbooks">All playbooks</a></p></section>;
  if (mode === 'edit' && !isBuiltIn(found)) return <PlaybookEditor initial={found} onCancel={() => setMode('view')} />;
  if (mode === 'duplicate') return <PlaybookEditor initial={{ ...found, id: '', key: `${found.key ?? 'playbook'}-copy`, name: `${found.name} (copy)`, builtIn: false, builtin: false }} onCancel={() => setMode('view')} />;
  return (
    <article aria-labelledby="playbook-title">
      <p className="breadcrumb"><a href="#/playbooks">Playbooks</a></p>
      <div className="page-head">
        <div>
          <h1 id="playbook-title">{playbookLabel(found)}</h1>
          {found.description ? <p>{found.description}</p> : null}
          <div className="badges">
            {isBuiltIn(found) ? <Badge tone="info">Built in</Badge> : null}
            {found.maxTouches ? <Badge>max {found.maxTouches} touches</Badge> : null}
            {found.timeBudgetMinutes ? <Badge>time budget {found.timeBudgetMinutes} min</Badge> : null}
          </div>
        </div>
        <div className="head-actions">
          <button type="button" onClick={() => setEnrol(true)}>Enrol a contact</button>
          {isBuiltIn(found)
            ? <button type="button" className="button-secondary" onClick={() => setMode('duplicate')}>Duplicate to edit</button>
            : <button type="button" className="button-secondary" onClick={() => setMode('edit')}>Edit</button>}
          {!isBuiltIn(found) && me.permissions.deletePlaybooks
            ? <button type="button" className="button-danger" onClick={() => setConfirmDelete(true)}>Delete…</button> : null}
        </div>
      </div>
      <StepResults playbook={found} />
      <ol className="steps" data-testid="steps">
        {(found.steps ?? []).map((s, i) => <StepView key={s.id ?? i} step={s} index={i} steps={found.steps ?? []} />)}
      </ol>
      {enrol ? <EnrolDialog playbookId={found.id} onClose={() => setEnrol(false)} /> : null}
      {confirmDelete && !isBuiltIn(found) && me.permissions.deletePlaybooks ? <DeletePlaybookDialog playbook={found} onClose={() => setConfirmDelete(false)} /> : null}
    </article>
  );
}
