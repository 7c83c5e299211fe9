/**
 * A contact's or a deal's custom fields (issue 16 item 2): shown as a definition list, edited with
 * the input each type needs — text, number, date, a select for one choice, checkboxes for several,
 * a web address. The server checks every value (core/customFields.ts) and names the field it refuses.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CustomFieldEntity, CustomFieldValue, CustomFieldValues, CustomFieldView } from '../../../src/shared/customFields.js';
import { api } from '../api.js';
import { ErrorSummary, Field, FormErrors, useToast } from '../components/ui.js';
import { useCustomFields } from './useCustomFields.js';
import './customFields.css';

type Draft = Record<string, string | string[]>;

const shown = (value: CustomFieldValue | undefined): string => (value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value));

const draftOf = (fields: CustomFieldView[], values: CustomFieldValues): Draft =>
  Object.fromEntries(fields.map((f) => {
    const value = values[f.key];
    return [f.key, f.type === 'choices' ? (Array.isArray(value) ? value : []) : value === undefined ? '' : String(value)];
  }));

/** What changed, as the API takes it: null clears a field. */
function changesOf(fields: CustomFieldView[], before: Draft, after: Draft): Record<string, CustomFieldValue | null> {
  const changes: Record<string, CustomFieldValue | null> = {};
  for (const field of fields) {
    const was = before[field.key];
    const now = after[field.key];
    if (JSON.stringify(was) === JSON.stringify(now) || now === undefined) continue;
    if (Array.isArray(now)) changes[field.key] = now.length > 0 ? now : null;
    else changes[field.key] = now.trim() === '' ? null : now.trim();
  }
  return changes;
}

export function CustomFieldValuesPanel({ entity, recordId, values, headingLevel = 2 }: {
  entity: CustomFieldEntity;
  recordId: string;
  values: CustomFieldValues | undefined;
  headingLevel?: 2 | 3;
}) {
  const fields = useCustomFields(entity);
  const [editing, setEditing] = useState(false);
  if (!fields.data || fields.data.length === 0) return null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const titleId = `custom-fields-${entity}-${recordId}`;
  const current = values ?? {};
  const body = editing
    ? <ValuesForm entity={entity} recordId={recordId} fields={fields.data} values={current} onDone={() => setEditing(false)} />
    : (
      <>
        <dl className="facts">
          {fields.data.map((f) => (
            <div key={f.key}>
              <dt>{f.label}</dt>
              <dd>{f.type === 'url' && current[f.key] ? <a href={String(current[f.key])} rel="noreferrer noopener" target="_blank">{shown(current[f.key])}</a> : shown(current[f.key]) || <span className="muted">—</span>}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className="button-link" onClick={() => setEditing(true)} aria-describedby={titleId}>Edit</button>
      </>
    );
  if (headingLevel === 3) {
    return <div className="stack custom-fields" data-testid={`custom-fields-${entity}`}><Heading id={titleId}>Fields</Heading>{body}</div>;
  }
  return (
    <section className="panel custom-fields" aria-labelledby={titleId} data-testid={`custom-fields-${entity}`}>
      <Heading id={titleId}>Fields</Heading>
      {body}
    </section>
  );
}

function ValuesForm({ entity, recordId, fields, values, onDone }: {
  entity: CustomFieldEntity; recordId: string; fields: CustomFieldView[]; values: CustomFieldValues; onDone(): void;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const [before] = useState(() => draftOf(fields, values));
  const [draft, setDraft] = useState(before);
  const path = entity === 'contact' ? `/contacts/${encodeURIComponent(recordId)}` : `/opportunities/${encodeURIComponent(recordId)}`;
  const save = useMutation({
    mutationFn: () => api.patch(path, { customFields: changesOf(fields, before, draft) }),
    onSuccess: async () => {
      await Promise.all(entity === 'contact'
        ? [client.invalidateQueries({ queryKey: ['contact', recordId] }), client.invalidateQueries({ queryKey: ['contacts'] })]
        : [client.invalidateQueries({ queryKey: ['opportunities'] })]);
      toast('Fields saved');
      onDone();
    },
  });
  const errors = FormErrors.from(save.error);
  const set = (key: string, value: string | string[]) => setDraft({ ...draft, [key]: value });
  return (
    <form className="stack" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); save.mutate(); }}>
      <ErrorSummary errors={errors} claimed={fields.map((f) => `customFields.${f.key}`)} title="Not saved" />
      {fields.map((f) => <ValueInput key={f.key} field={f} value={draft[f.key] ?? ''} error={errors.field(`customFields.${f.key}`)} onChange={(v) => set(f.key, v)} />)}
      <div className="actions actions-start">
        <button type="submit" disabled={save.isPending}>Save</button>
        <button type="button" className="button-secondary" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

function ValueInput({ field, value, error, onChange }: { field: CustomFieldView; value: string | string[]; error: string | undefined; onChange(value: string | string[]): void }) {
  if (field.type === 'choices') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset className={error ? 'field-invalid' : undefined}>
        <legend>{field.label}</legend>
        <div className="days">
          {field.options.map((option) => (
            <label key={option} className="checkbox">
              <input type="checkbox" checked={chosen.includes(option)} onChange={(e) => onChange(e.target.checked ? [...chosen, option] : chosen.filter((o) => o !== option))} />
              {option}
            </label>
          ))}
        </div>
        {error ? <div className="field-error" data-testid="field-error">{error}</div> : null}
      </fieldset>
    );
  }
  const text = Array.isArray(value) ? value.join(', ') : value;
  return (
    <Field label={field.label} error={error}>
      {(p) => field.type === 'choice' ? (
        <select {...p} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {field.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      ) : (
        <input
          {...p} value={text} onChange={(e) => onChange(e.target.value)}
          type={field.type === 'date' ? 'date' : field.type === 'url' ? 'url' : 'text'}
          inputMode={field.type === 'number' ? 'decimal' : undefined}
          placeholder={field.type === 'url' ? 'https://' : undefined}
        />
      )}
    </Field>
  );
}
