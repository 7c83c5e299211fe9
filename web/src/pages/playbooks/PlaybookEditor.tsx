import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { followUpKinds } from '../../../../src/shared/vocabulary.js';
import { api } from '../../api.js';
import { ErrorSummary, Field, FormErrors, label, useToast } from '../../components/ui.js';
import { navigate } from '../../router.js';
import { END_STEP, idFromTitle, type Playbook } from '../../playbooks.js';
import { fromEditable, toEditable, type EditableStep } from './editableStep.js';
import { StepEditor } from './StepEditor.js';

const EXIT_CONDITIONS = ['replied', 'outcome', 'said-no', 'opted-out'] as const;
/** The template fields the server fills (an unknown one is refused when the playbook is saved). */
const MERGE_FIELDS = [
  'contact.firstName', 'contact.name', 'contact.company', 'contact.title', 'contact.interest', 'agenda', 'progress',
  'lastConversationDate', 'suggestedTimes', 'user.name', 'user.firstName', 'user.phone', 'user.signature',
  'referrer.name', 'referrer.firstName', 'product.name', 'purchaseDate', 'customerSince', 'customerYears',
  // Every email step must carry these two (the server refuses it otherwise).
  'sender.postalAddress', 'unsubscribeUrl',
];

/** A new playbook, or changes to one of the workspace's own: its steps, their wording and where each result leads. */
export function PlaybookEditor({ initial, onCancel }: { initial: Playbook | null; onCancel?: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const existing = initial?.id ? initial : null;
  const [meta, setMeta] = useState({
    key: initial?.key ?? '', name: initial?.name ?? '', description: initial?.description ?? '', kind: String(initial?.kind ?? 'hard-to-reach'),
    maxTouches: String(initial?.maxTouches ?? 6), timeBudgetMinutes: String(initial?.timeBudgetMinutes ?? 60),
    exitOn: (initial?.exitOn as string[] | undefined) ?? ['replied', 'outcome', 'said-no', 'opted-out'],
  });
  const [steps, setSteps] = useState<EditableStep[]>(() => (initial?.steps ?? []).map(toEditable));
  // A new playbook's key follows its name unless someone types one under "Advanced".
  const [keyTouched, setKeyTouched] = useState(false);
  const key = existing || keyTouched ? meta.key.trim() : idFromTitle(meta.name, [], 'playbook');
  const save = useMutation({
    mutationFn: (body: unknown) => existing
      ? api.put<Playbook>(`/playbooks/${encodeURIComponent(existing.id)}`, body)
      : api.post<Playbook>('/playbooks', body),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['playbooks'] });
      toast(`Playbook ${saved.name ?? ''} saved`);
      navigate(`/playbooks/${encodeURIComponent(saved.id ?? saved.key ?? '')}`);
      onCancel?.();
    },
  });
  const errors = FormErrors.from(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      key, name: meta.name.trim(), description: meta.description.trim(), kind: meta.kind,
      maxTouches: Number(meta.maxTouches) || 0, timeBudgetMinutes: Number(meta.timeBudgetMinutes) || 0, exitOn: meta.exitOn,
      steps: steps.map(fromEditable),
      ...(initial?.recurrence ? { recurrence: initial.recurrence } : {}),
    });
  };
  const targets = [
    { id: END_STEP, title: 'End the series' },
    ...steps.flatMap((s, i) => (s.id ? [{ id: s.id, title: s.title.trim() || `Step ${i + 1}` }] : [])),
  ];
  return (
    <section aria-labelledby="editor-title">
      <p className="breadcrumb"><a href="#/playbooks">Playbooks</a></p>
      <h1 id="editor-title">{existing ? `Edit ${existing.name}` : 'New playbook'}</h1>
      <form className="stack" noValidate onSubmit={submit}>
        <ErrorSummary errors={errors} claimed={['key', 'name', 'description', 'kind', 'maxTouches', 'timeBudgetMinutes', 'exitOn', 'steps']} title="The playbook was not saved" />
        <div className="row">
          <Field label="Name" error={errors.field('name')}>{(p) => <input {...p} name="playbookName" value={meta.name} onChange={(e) => setMeta({ ...meta, name: e.target.value })} />}</Field>
        </div>
        <details open={!!errors.field('key')}>
          <summary>Advanced: the key for the API and the command line</summary>
          <Field label="Key" hint="Made from the name; lowercase letters, digits and dashes. It cannot change once saved." error={errors.field('key')}>
            {(p) => <input {...p} name="playbookKey" value={key} disabled={!!existing} onChange={(e) => { setKeyTouched(true); setMeta({ ...meta, key: e.target.value }); }} />}
          </Field>
        </details>
        <Field label="Description" error={errors.field('description')}>{(p) => <textarea {...p} rows={2} value={meta.description} onChange={(e) => setMeta({ ...meta, description: e.target.value })} />}</Field>
        <div className="row">
          <Field label="Kind" error={errors.field('kind')}>
            {(p) => <select {...p} value={meta.kind} onChange={(e) => setMeta({ ...meta, kind: e.target.value })}>{followUpKinds.map((k) => <option key={k} value={k}>{label(k)}</option>)}</select>}
          </Field>
          <Field label="Maximum touches" error={errors.field('maxTouches')}>{(p) => <input {...p} type="number" min={1} value={meta.maxTouches} onChange={(e) => setMeta({ ...meta, maxTouches: e.target.value })} />}</Field>
          <Field label="Time budget (minutes)" hint="How much time you commit per contact." error={errors.field('timeBudgetMinutes')}>
            {(p) => <input {...p} type="number" min={1} value={meta.timeBudgetMinutes} onChange={(e) => setMeta({ ...meta, timeBudgetMinutes: e.target.value })} />}
          </Field>
        </div>
        <fieldset>
          <legend>Stop the series when</legend>
          <div className="days">
            {EXIT_CONDITIONS.map((c) => (
              <label key={c} className="day">
                <input type="checkbox" checked={meta.exitOn.includes(c)} disabled={c === 'said-no' || c === 'opted-out'}
                  onChange={(e) => setMeta({ ...meta, exitOn: e.target.checked ? [...meta.exitOn, c] : meta.exitOn.filter((x) => x !== c) })} />
                {label(c)}
              </label>
            ))}
          </div>
          <p className="hint">"Said no" and "opted out" always stop a series.</p>
        </fieldset>
        <details className="merge-help">
          <summary>Merge fields for scripts and templates</summary>
          <p>Write <code>{'{{contact.firstName}}'}</code> and the like; values are filled in and escaped when the step is due.</p>
          <ul className="chips">{MERGE_FIELDS.map((f) => <li key={f}><code>{`{{${f}}}`}</code></li>)}</ul>
        </details>
        <h2>Steps</h2>
        {errors.field('steps') && !steps.some((_, i) => errors.field(`steps.${i}`)) ? <div className="field-error" role="alert">{errors.field('steps')}</div> : null}
        <ol className="steps">
          {steps.map((s, i) => <StepEditor key={i} step={s} index={i} targets={targets} errors={errors} setSteps={setSteps} />)}
        </ol>
        <div className="actions actions-start">
          <button type="button" className="button-secondary" onClick={() => setSteps((all) => [...all, { ...toEditable({ id: idFromTitle('', all.map((s) => s.id), `step-${all.length + 1}`), type: 'call', channel: 'call', title: '' }, all.length), autoId: true }])}>Add a step</button>
        </div>
        <div className="actions">
          {onCancel ? <button type="button" className="button-secondary" onClick={onCancel}>Cancel</button> : <a className="button-secondary" href="#/playbooks">Cancel</a>}
          <button type="submit" disabled={save.isPending}>Save playbook</button>
        </div>
      </form>
    </section>
  );
}
