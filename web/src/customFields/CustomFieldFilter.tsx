/**
 * The contacts list's custom-field filter (issue 16 item 2): one field at a time, with the input its
 * type needs — a value, a range for numbers and dates, an option for choices. Its state is the list's
 * URL parameters `field.<key>[.from|.to|.has]`, exactly what GET /api/v1/contacts takes.
 */
import { useState } from 'react';
import { customFieldFilterParam, type CustomFieldView } from '../../../src/shared/customFields.js';
import { useCustomFields } from './useCustomFields.js';

export type FieldParams = Record<string, string | undefined>;

/** The `field.…` parameters of the page's URL. */
export function customFieldParams(params: URLSearchParams): FieldParams {
  const found: FieldParams = {};
  for (const [name, value] of params) if (name.startsWith('field.')) found[name] = value;
  return found;
}

const keyOf = (name: string): string => name.slice('field.'.length).split('.')[0] ?? '';

/** Clears every `field.` parameter (undefined drops it from the URL), then sets the new ones. */
function replaced(current: FieldParams, next: FieldParams): FieldParams {
  return { ...Object.fromEntries(Object.keys(current).map((k) => [k, undefined])), ...next };
}

export function CustomFieldFilter({ params, onChange }: { params: FieldParams; onChange(next: FieldParams): void }) {
  const fields = useCustomFields('contact');
  const activeKey = Object.keys(params).map(keyOf)[0] ?? '';
  const [chosenKey, setChosenKey] = useState(activeKey);
  const key = activeKey || chosenKey;
  const field = fields.data?.find((f) => f.key === key);
  if (!fields.data || fields.data.length === 0) return null;

  const choose = (next: string) => {
    setChosenKey(next);
    if (activeKey) onChange(replaced(params, {}));
  };

  return (
    <>
      <div className="field">
        <label htmlFor="filter-custom-field">Custom field</label>
        <select id="filter-custom-field" value={key} onChange={(e) => choose(e.target.value)}>
          <option value="">None</option>
          {fields.data.map((f) => <option key={f.key} value={f.key}>{f.label}</option>)}
        </select>
      </div>
      {field ? <ValueInputs key={field.key} field={field} params={params} onChange={(next) => onChange(replaced(params, next))} /> : null}
    </>
  );
}

function ValueInputs({ field, params, onChange }: { field: CustomFieldView; params: FieldParams; onChange(next: FieldParams): void }) {
  const id = `filter-custom-${field.key}`;
  if (field.type === 'choice' || field.type === 'choices') {
    const op = field.type === 'choices' ? 'has' : 'is';
    const name = customFieldFilterParam(field.key, op);
    return (
      <div className="field">
        <label htmlFor={id}>{field.type === 'choices' ? `${field.label} includes` : field.label}</label>
        <select id={id} value={params[name] ?? ''} onChange={(e) => onChange(e.target.value ? { [name]: e.target.value } : {})}>
          <option value="">Any</option>
          {field.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </div>
    );
  }
  if (field.type === 'number' || field.type === 'date') {
    const from = customFieldFilterParam(field.key, 'from');
    const to = customFieldFilterParam(field.key, 'to');
    const inputType = field.type === 'date' ? 'date' : 'number';
    return (
      <>
        <TypedInput id={`${id}-from`} label={`${field.label} from`} type={inputType} value={params[from] ?? ''} onApply={(v) => onChange({ [from]: v || undefined, [to]: params[to] })} />
        <TypedInput id={`${id}-to`} label={`${field.label} to`} type={inputType} value={params[to] ?? ''} onApply={(v) => onChange({ [from]: params[from], [to]: v || undefined })} />
      </>
    );
  }
  const name = customFieldFilterParam(field.key, 'is');
  return <TypedInput id={id} label={`${field.label} is`} type={field.type === 'url' ? 'url' : 'text'} value={params[name] ?? ''} onApply={(v) => onChange(v ? { [name]: v } : {})} />;
}

/** Applies when the user leaves the input or presses Enter, not on every keystroke. */
function TypedInput({ id, label, type, value, onApply }: { id: string; label: string; type: string; value: string; onApply(value: string): void }) {
  const [text, setText] = useState(value);
  const apply = () => {
    if (text.trim() !== value) onApply(text.trim());
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id} type={type} value={text} step={type === 'number' ? 'any' : undefined} onChange={(e) => setText(e.target.value)} onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          }
        }}
      />
    </div>
  );
}
