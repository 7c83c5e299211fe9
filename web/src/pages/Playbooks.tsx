import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { channels, followUpKinds } from '../../../src/shared/vocabulary.js';
import { api, isMissing } from '../api.js';
import { EnrolDialog } from '../components/EnrolDialog.js';
import { MergePreview } from '../components/MergePreview.js';
import { channelLabel } from '../components/NextStepFields.js';
import { Badge, EmptyState, ErrorSummary, Field, FormErrors, label, QueryError, Spinner, useToast } from '../components/ui.js';
import { navigate } from '../router.js';
import type { Insights } from './Insights.js';
import {
  branchWords, END_STEP, idFromTitle, isBuiltIn, optional, playbookLabel, stepKind, stepName, targetText, usePlaybooks, type Playbook, type PlaybookStep,
} from '../playbooks.js';

const STEP_TYPES = ['call', 'voicemail', 'email', 'task'] as const;
const WAIT_UNITS = ['minutes', 'hours', 'business-days', 'days', 'months'] as const;
const BRANCH_KEYS = ['voicemail', 'no-answer', 'connected', 'replied', 'bounced', 'done'] as const;
const EXIT_CONDITIONS = ['replied', 'outcome', 'said-no', 'opted-out'] as const;
/** The template fields the server fills (an unknown one is refused when the playbook is saved). */
const MERGE_FIELDS = [
  'contact.firstName', 'contact.name', 'contact.company', 'contact.title', 'contact.interest', 'agenda', 'progress',
  'lastConversationDate', 'suggestedTimes', 'user.name', 'user.firstName', 'user.phone', 'user.signature',
  'referrer.name', 'referrer.firstName', 'product.name', 'purchaseDate', 'customerSince', 'customerYears',
  // Every email step must carry these two (the server refuses it otherwise).
  'sender.postalAddress', 'unsubscribeUrl',
];

function NotAvailable() {
  return (
    <EmptyState title="Playbooks are not available yet">
      <p>This server does not offer the playbooks API yet. Follow-ups you agree in conversations work as usual.</p>
    </EmptyState>
  );
}

export function PlaybooksPage() {
  const playbooks = usePlaybooks();
  const [enrolIn, setEnrolIn] = useState<Playbook | null>(null);
  const items = playbooks.data?.available ? playbooks.data.value.items : [];
  const builtIns = items.filter(isBuiltIn);
  const own = items.filter((p) => !isBuiltIn(p));
  return (
    <section aria-labelledby="playbooks-title">
      <div className="page-head">
        <h1 id="playbooks-title">Playbooks</h1>
        {playbooks.data?.available ? <a className="button" href="#/playbooks/new">New playbook</a> : null}
      </div>
      <p className="muted">Series of steps for the hard to reach and the five kinds of follow-up. A "no" or an opt-out stops every series at once.</p>
      {playbooks.isPending ? <Spinner label="Loading playbooks…" /> : null}
      {playbooks.isError ? <QueryError error={playbooks.error} what="playbooks" /> : null}
      {playbooks.data && !playbooks.data.available ? <NotAvailable /> : null}
      {playbooks.data?.available ? (
        <>
          <PlaybookList title="Built in" items={builtIns} onEnrol={setEnrolIn} />
          <PlaybookList title="Your workspace's own" items={own} onEnrol={setEnrolIn} empty="None yet. Start from a built-in (open it and choose Duplicate) or create a new one." />
        </>
      ) : null}
      {enrolIn ? <EnrolDialog playbookId={enrolIn.id} onClose={() => setEnrolIn(null)} /> : null}
    </section>
  );
}

function PlaybookList({ title, items, onEnrol, empty }: { title: string; items: Playbook[]; onEnrol: (p: Playbook) => void; empty?: string }) {
  return (
    <section className="agenda-section" aria-label={title}>
      <h2>{title} <span className="count">{items.length}</span></h2>
      {items.length === 0 && empty ? <p className="muted">{empty}</p> : null}
      <ul className="cards" data-testid="playbook-list">
        {items.map((p) => (
          <li key={p.id} className="card" data-testid="playbook">
            <div className="card-head">
              <div>
                <h3 className="card-title"><a href={`#/playbooks/${encodeURIComponent(p.id)}`}>{playbookLabel(p)}</a></h3>
                {p.description ? <p>{p.description}</p> : null}
              </div>
              <div className="badges">
                {p.kind ? <Badge>{label(String(p.kind))}</Badge> : null}
                <Badge>{p.steps?.length ?? 0} steps</Badge>
                {p.maxTouches ? <Badge>max {p.maxTouches} touches</Badge> : null}
              </div>
            </div>
            <div className="card-actions">
              <button type="button" className="button-secondary" onClick={() => onEnrol(p)}>Enrol a contact</button>
              <a className="button-link" href={`#/playbooks/${encodeURIComponent(p.id)}`}>Steps</a>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PlaybookPage({ id }: { id: string }) {
  const playbooks = usePlaybooks();
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
        </div>
      </div>
      <StepResults playbook={found} />
      <ol className="steps" data-testid="steps">
        {(found.steps ?? []).map((s, i) => <StepView key={s.id ?? i} step={s} index={i} steps={found.steps ?? []} />)}
      </ol>
      {enrol ? <EnrolDialog playbookId={found.id} onClose={() => setEnrol(false)} /> : null}
    </article>
  );
}

function waitText(wait: unknown): string {
  if (!wait || typeof wait !== 'object') return '';
  const w = wait as { amount?: number; unit?: string };
  if (!w.amount) return 'right away';
  const unit = String(w.unit ?? '').replace(/-/g, ' ');
  return `after ${w.amount} ${w.amount === 1 ? unit.replace(/s$/, '') : unit}`;
}

function StepView({ step, index, steps }: { step: PlaybookStep; index: number; steps: PlaybookStep[] }) {
  const template = step.template as { subject?: string; body?: string } | undefined;
  const branches = step.branches && typeof step.branches === 'object' ? Object.entries(step.branches as Record<string, string>) : [];
  const leadsTo = [
    ...branches.map(([k, v]) => `If ${branchWords[k] ?? k.replace(/-/g, ' ')}: ${targetText(v, steps)}`),
    ...(step.next ? [`Otherwise: ${targetText(String(step.next), steps)}`] : []),
  ];
  return (
    <li className="card step" data-testid="step">
      <div className="card-head">
        <h2 className="card-title">{index + 1}. {stepName(step, index)}</h2>
        <div className="badges">
          <Badge tone="info">{label(stepKind(step))}</Badge>
          {step.channel ? <Badge>{channelLabel(String(step.channel))}</Badge> : null}
          {waitText(step.wait) ? <Badge>{waitText(step.wait)}</Badge> : null}
        </div>
      </div>
      {step.script ? <details open><summary>Script</summary><pre>{step.script}</pre></details> : null}
      {step.voicemailScript ? <details open><summary>If you get voicemail, leave this message</summary><pre>{step.voicemailScript}</pre></details> : null}
      {template?.body ? (
        <details open>
          <summary>Email template</summary>
          <p><strong>Subject:</strong> {template.subject}</p>
          <pre>{template.body}</pre>
        </details>
      ) : null}
      {leadsTo.length ? (
        <ul className="plain muted" aria-label="What happens next">
          {leadsTo.map((line) => <li key={line}>{line}</li>)}
        </ul>
      ) : null}
    </li>
  );
}

/** Per-step results from the insights API (the last 90 days). */
function StepResults({ playbook }: { playbook: Playbook }) {
  const insights = useQuery({ queryKey: ['insights', 'steps'], queryFn: () => optional<Insights>('/insights') });
  if (!insights.data?.available) return null;
  const rows = insights.data.value.byStep.filter((r) => r.playbookKey === playbook.key);
  if (!rows.length) return <p className="muted">No results per step yet: they appear once contacts have gone through this playbook.</p>;
  const pct = (r: { rate: number | null }) => (r.rate === null ? '—' : `${Math.round(r.rate * 100)}%`);
  return (
    <section className="panel" aria-labelledby="step-results-title">
      <h2 id="step-results-title">Results per step (last 90 days)</h2>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th scope="col">Step</th><th scope="col">Touches</th><th scope="col">Connected</th><th scope="col">Replied</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.stepId}>
                <td>{r.stepTitle ?? 'A step no longer in this playbook'}</td>
                <td>{r.touches}</td>
                <td>{pct(r.connect)}</td>
                <td>{pct(r.reply)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Editor

interface EditableStep {
  id: string; type: string; channel: string; title: string; script: string; voicemailScript: string; subject: string; body: string;
  waitAmount: string; waitUnit: string; branches: Record<string, string>; next: string; estimatedMinutes: string;
  /** A step added here: its id follows its title until saved. */
  autoId: boolean;
}

const toEditable = (s: PlaybookStep, i: number): EditableStep => {
  const template = s.template as { subject?: string; body?: string } | undefined;
  const wait = (s.wait ?? {}) as { amount?: number; unit?: string };
  return {
    id: s.id ?? `step-${i + 1}`, type: String(s.type ?? s.kind ?? 'call'), channel: String(s.channel ?? 'call'), title: String(s.title ?? s.name ?? ''),
    script: s.script ?? '', voicemailScript: s.voicemailScript ?? '', subject: template?.subject ?? '', body: template?.body ?? '',
    waitAmount: String(wait.amount ?? 0), waitUnit: wait.unit ?? 'business-days',
    branches: { ...((s.branches ?? {}) as Record<string, string>) }, next: String(s.next ?? 'end'), estimatedMinutes: String(s.estimatedMinutes ?? 5),
    autoId: false,
  };
};

/** A new step's id follows its title; every branch that pointed at the old id follows too. */
function retitle(steps: EditableStep[], i: number, title: string): EditableStep[] {
  const step = steps[i];
  if (!step) return steps;
  if (!step.autoId) return steps.map((s, j) => (j === i ? { ...s, title } : s));
  const id = idFromTitle(title, steps.filter((_, j) => j !== i).map((s) => s.id), `step-${i + 1}`);
  const follow = (target: string) => (target === step.id ? id : target);
  return steps.map((s, j) => ({
    ...s,
    ...(j === i ? { title, id } : {}),
    next: follow(s.next),
    branches: Object.fromEntries(Object.entries(s.branches).map(([k, v]) => [k, follow(v)])),
  }));
}

const fromEditable = (s: EditableStep) => ({
  id: s.id.trim(), type: s.type, channel: s.channel, title: s.title.trim(),
  ...(s.script.trim() ? { script: s.script } : {}),
  ...(s.type === 'call' && s.voicemailScript.trim() ? { voicemailScript: s.voicemailScript } : {}),
  ...(s.type === 'email' ? { template: { subject: s.subject, body: s.body } } : {}),
  wait: { amount: Number(s.waitAmount) || 0, unit: s.waitUnit },
  branches: Object.fromEntries(Object.entries(s.branches).filter(([, v]) => v)),
  next: s.next || 'end',
  estimatedMinutes: Number(s.estimatedMinutes) || 0,
});

function PlaybookEditor({ initial, onCancel }: { initial: Playbook | null; onCancel?: () => void }) {
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
  const setStep = (i: number, patch: Partial<EditableStep>) => setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
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
          {steps.map((s, i) => (
            <li key={i} className="card step-editor" aria-label={`Step ${i + 1}`}>
              <Field label="Title" error={errors.field(`steps.${i}.title`)}>{(p) => <input {...p} value={s.title} onChange={(e) => setSteps((all) => retitle(all, i, e.target.value))} />}</Field>
              <div className="row">
                <Field label="Type" error={errors.field(`steps.${i}.type`)}>
                  {(p) => <select {...p} value={s.type} onChange={(e) => setStep(i, { type: e.target.value })}>{STEP_TYPES.map((t) => <option key={t} value={t}>{label(t)}</option>)}</select>}
                </Field>
                <Field label="Channel" error={errors.field(`steps.${i}.channel`)}>
                  {(p) => <select {...p} value={s.channel} onChange={(e) => setStep(i, { channel: e.target.value })}>{channels.map((c) => <option key={c} value={c}>{channelLabel(c)}</option>)}</select>}
                </Field>
                <Field label="Wait" error={errors.field(`steps.${i}.wait.amount`)}>{(p) => <input {...p} type="number" min={0} value={s.waitAmount} onChange={(e) => setStep(i, { waitAmount: e.target.value })} />}</Field>
                <Field label="Unit" error={errors.field(`steps.${i}.wait.unit`, `steps.${i}.wait`)}>
                  {(p) => <select {...p} value={s.waitUnit} onChange={(e) => setStep(i, { waitUnit: e.target.value })}>{WAIT_UNITS.map((u) => <option key={u} value={u}>{label(u)}</option>)}</select>}
                </Field>
              </div>
              {s.type === 'email' ? (
                <>
                  <Field label="Subject" error={errors.field(`steps.${i}.template.subject`)}>{(p) => <input {...p} value={s.subject} onChange={(e) => setStep(i, { subject: e.target.value })} />}</Field>
                  <Field label="Email body" error={errors.field(`steps.${i}.template.body`, `steps.${i}.template`)}>
                    {(p) => <textarea {...p} rows={6} value={s.body} onChange={(e) => setStep(i, { body: e.target.value })} />}
                  </Field>
                  <CoachFindings text={s.body} />
                  <MergePreview text={`${s.subject}\n${s.body}`} />
                </>
              ) : (
                <>
                  <Field label="Script" error={errors.field(`steps.${i}.script`)}>{(p) => <textarea {...p} rows={4} value={s.script} onChange={(e) => setStep(i, { script: e.target.value })} />}</Field>
                  <CoachFindings text={s.script} />
                  <MergePreview text={s.script} />
                  {s.type === 'call' ? (
                    <Field label="If you get voicemail, leave this message" hint="Logging the call as &quot;Left a voicemail&quot; means it was left: one call, one touch." error={errors.field(`steps.${i}.voicemailScript`)}>
                      {(p) => <textarea {...p} rows={3} value={s.voicemailScript} onChange={(e) => setStep(i, { voicemailScript: e.target.value })} />}
                    </Field>
                  ) : null}
                </>
              )}
              <fieldset>
                <legend>Branches on the result</legend>
                <div className="row">
                  {BRANCH_KEYS.map((k) => (
                    <Field key={k} label={`If ${branchWords[k] ?? label(k)}`} error={errors.field(`steps.${i}.branches.${k}`)}>
                      {(p) => (
                        <select {...p} value={s.branches[k] ?? ''} onChange={(e) => setStep(i, { branches: { ...s.branches, [k]: e.target.value } })}>
                          <option value="">As otherwise</option>
                          {targets.map((t) => <option key={t.id} value={t.id}>{t.title}</option>)}
                        </select>
                      )}
                    </Field>
                  ))}
                  <Field label="Otherwise" error={errors.field(`steps.${i}.next`)}>
                    {(p) => <select {...p} value={s.next} onChange={(e) => setStep(i, { next: e.target.value })}>{targets.map((t) => <option key={t.id} value={t.id}>{t.title}</option>)}</select>}
                  </Field>
                </div>
              </fieldset>
              <details open={!!errors.field(`steps.${i}.id`)}>
                <summary>Advanced: step id</summary>
                <Field label="Step id" hint="Made from the title; the API and reports use it. Changing it on a live playbook moves nobody." error={errors.field(`steps.${i}.id`)}>
                  {(p) => <input {...p} value={s.id} onChange={(e) => setStep(i, { id: e.target.value, autoId: false })} />}
                </Field>
              </details>
              {errors.field(`steps.${i}`) ? <div className="field-error" role="alert">{errors.field(`steps.${i}`)}</div> : null}
              <div className="row-actions">
                <button type="button" className="button-link" disabled={i === 0} onClick={() => setSteps((all) => { const c = [...all]; const [x] = c.splice(i, 1); if (x) c.splice(i - 1, 0, x); return c; })}>Move up</button>
                <button type="button" className="button-link" onClick={() => setSteps((all) => all.filter((_, j) => j !== i))}>Remove step {i + 1}</button>
              </div>
            </li>
          ))}
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

interface CoachFinding { code: string; message: string; start?: number; end?: number }

/** The message coach's findings for a script or template, shown inline as you write. */
function CoachFindings({ text }: { text: string }) {
  const [debounced, setDebounced] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(text), 500);
    return () => window.clearTimeout(timer);
  }, [text]);
  const coach = useQuery({
    queryKey: ['coach', debounced],
    queryFn: async () => {
      try {
        return await api.post<{ findings: CoachFinding[]; suggestedOpener?: string }>('/coach', { text: debounced });
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    enabled: debounced.trim().length > 10,
    staleTime: Infinity,
  });
  if (!coach.data?.findings.length) return null;
  return (
    <div className="alert alert-warn coach" role="status">
      <strong>Coach</strong>
      <ul>{coach.data.findings.map((f, i) => <li key={i}><strong>{label(f.code)}:</strong> {f.message}</li>)}</ul>
      {coach.data.suggestedOpener ? <p>Try: <em>{coach.data.suggestedOpener}</em></p> : null}
    </div>
  );
}

