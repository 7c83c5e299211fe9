import type { Dispatch, SetStateAction } from 'react';
import { channels } from '../../../../src/shared/vocabulary.js';
import { MergePreview } from '../../components/MergePreview.js';
import { channelLabel } from '../../components/NextStepFields.js';
import { Field, label, type FormErrors } from '../../components/ui.js';
import { branchWords } from '../../playbooks.js';
import { CoachFindings } from './CoachFindings.js';
import { retitle, type EditableStep } from './editableStep.js';

const STEP_TYPES = ['call', 'voicemail', 'email', 'task'] as const;
const WAIT_UNITS = ['minutes', 'hours', 'business-days', 'days', 'months'] as const;
const BRANCH_KEYS = ['voicemail', 'no-answer', 'connected', 'replied', 'bounced', 'done'] as const;

/** One step of the playbook editor: what it does, its wording, and where each result leads. */
export function StepEditor({ step: s, index: i, targets, errors, setSteps }: {
  step: EditableStep;
  index: number;
  /** The steps a branch can lead to, and the end of the series. */
  targets: { id: string; title: string }[];
  errors: FormErrors;
  setSteps: Dispatch<SetStateAction<EditableStep[]>>;
}) {
  const setStep = (j: number, patch: Partial<EditableStep>) => setSteps((all) => all.map((x, k) => (k === j ? { ...x, ...patch } : x)));
  return (
    <li className="card step-editor" aria-label={`Step ${i + 1}`}>
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
  );
}
