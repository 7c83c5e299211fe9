import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  customFieldEntities, customFieldTypes, type CustomFieldEntity, type CustomFieldType, type CustomFieldView,
} from '../../../../src/shared/customFields.js';
import { api, type Page } from '../../api.js';
import { Dialog, ErrorSummary, Field, FormErrors, QueryError, Spinner, useToast } from '../../components/ui.js';

const TYPE_WORDS: Record<CustomFieldType, string> = {
  text: 'Text', number: 'Number', date: 'Date', choice: 'One choice', choices: 'Several choices', url: 'Web address',
};
const ENTITY_WORDS: Record<CustomFieldEntity, string> = { contact: 'Contacts', deal: 'Deals' };

const listKey = ['custom-fields'];
const hasOptions = (type: CustomFieldType): boolean => type === 'choice' || type === 'choices';

/** "Contract end date" → "contract_end_date": a key the API, imports and exports can use. */
const keyFrom = (label: string): string =>
  label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+|_+$/g, '').slice(0, 40);

/** One option a line (commas too), blanks dropped. */
const optionsFrom = (text: string): string[] => text.split(/[\n,]/).map((o) => o.trim()).filter(Boolean);

/** Settings → Custom fields (issue 16 item 2): owners and admins define the workspace's own fields on contacts and deals. */
export function CustomFieldsSettings() {
  const fields = useQuery({ queryKey: listKey, queryFn: async () => (await api.get<Page<CustomFieldView>>('/custom-fields')).items });
  return (
    <section className="panel stack" aria-labelledby="custom-fields-title">
      <h2 id="custom-fields-title">Custom fields</h2>
      <p>
        Keep what your team tracks and this product does not — a budget, a contract end date, the products someone uses — on contacts
        and deals. Everyone sees and fills them in; imports can map a column to them, exports include them, and the contacts list filters by them.
      </p>
      {fields.isPending ? <Spinner /> : null}
      {fields.isError ? <QueryError error={fields.error} what="custom fields" /> : null}
      {fields.data ? customFieldEntities.map((entity) => (
        <EntityFields key={entity} entity={entity} fields={fields.data.filter((f) => f.entity === entity)} />
      )) : null}
      <AddField />
    </section>
  );
}

function EntityFields({ entity, fields }: { entity: CustomFieldEntity; fields: CustomFieldView[] }) {
  const client = useQueryClient();
  const move = useMutation({
    // Positions are rewritten in the new order: two requests for a swap.
    mutationFn: async ({ index, by }: { index: number; by: -1 | 1 }) => {
      const order = [...fields];
      const [moved] = order.splice(index, 1);
      if (!moved) return;
      order.splice(index + by, 0, moved);
      await Promise.all(order.map((f, position) => (f.position === position ? null : api.patch(`/custom-fields/${f.id}`, { position }))));
    },
    onSettled: () => client.invalidateQueries({ queryKey: listKey }),
  });
  return (
    <div className="stack">
      <h3>{ENTITY_WORDS[entity]}</h3>
      {fields.length === 0 ? <p className="muted">No custom fields on {ENTITY_WORDS[entity].toLowerCase()} yet.</p> : (
        <ul className="plain" aria-label={`Custom fields on ${ENTITY_WORDS[entity].toLowerCase()}`}>
          {fields.map((field, index) => (
            <li key={field.id} className="promise" data-testid="custom-field">
              <div>
                <strong>{field.label}</strong>
                <div className="muted">
                  {TYPE_WORDS[field.type]} · key <code>{field.key}</code>{field.options.length ? ` · ${field.options.join(', ')}` : ''}
                </div>
              </div>
              <div className="row-actions">
                <button type="button" className="button-link" disabled={index === 0 || move.isPending} onClick={() => move.mutate({ index, by: -1 })} aria-label={`Move ${field.label} up`}>Up</button>
                <button type="button" className="button-link" disabled={index === fields.length - 1 || move.isPending} onClick={() => move.mutate({ index, by: 1 })} aria-label={`Move ${field.label} down`}>Down</button>
                <EditField field={field} />
                <DeleteField field={field} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AddField() {
  const client = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState({ entity: 'contact' as CustomFieldEntity, label: '', key: '', keyEdited: false, type: 'text' as CustomFieldType, options: '' });
  const add = useMutation({
    mutationFn: () => api.post<CustomFieldView>('/custom-fields', {
      entity: form.entity, label: form.label.trim(), key: form.key, type: form.type, options: hasOptions(form.type) ? optionsFrom(form.options) : [],
    }),
    onSuccess: async (field) => {
      await client.invalidateQueries({ queryKey: listKey });
      toast(`${field.label} added to ${ENTITY_WORDS[field.entity].toLowerCase()}`);
      setForm({ ...form, label: '', key: '', keyEdited: false, options: '' });
    },
  });
  const errors = FormErrors.from(add.error);
  return (
    <form className="stack card" noValidate aria-labelledby="add-custom-field-title" onSubmit={(e: FormEvent) => { e.preventDefault(); add.mutate(); }}>
      <h3 id="add-custom-field-title">Add a field</h3>
      <ErrorSummary errors={errors} claimed={['entity', 'label', 'key', 'type', 'options']} title="Not added" />
      <div className="row">
        <Field label="On" error={errors.field('entity')}>
          {(p) => (
            <select {...p} value={form.entity} onChange={(e) => setForm({ ...form, entity: e.target.value as CustomFieldEntity })}>
              {customFieldEntities.map((entity) => <option key={entity} value={entity}>{ENTITY_WORDS[entity]}</option>)}
            </select>
          )}
        </Field>
        <Field label="Label" error={errors.field('label')}>
          {(p) => <input {...p} value={form.label} placeholder="e.g. Budget" onChange={(e) => setForm({ ...form, label: e.target.value, key: form.keyEdited ? form.key : keyFrom(e.target.value) })} />}
        </Field>
        <Field label="Type" error={errors.field('type')}>
          {(p) => (
            <select {...p} value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value as CustomFieldType })}>
              {customFieldTypes.map((type) => <option key={type} value={type}>{TYPE_WORDS[type]}</option>)}
            </select>
          )}
        </Field>
      </div>
      <Field label="Key" hint="Its name in the API, imports (a column may also be headed by the label) and exports. It cannot change later." error={errors.field('key')}>
        {(p) => <input {...p} value={form.key} spellCheck={false} onChange={(e) => setForm({ ...form, key: e.target.value, keyEdited: true })} />}
      </Field>
      {hasOptions(form.type) ? (
        <Field label="Options" hint="One a line." error={errors.field('options')}>
          {(p) => <textarea {...p} rows={4} value={form.options} onChange={(e) => setForm({ ...form, options: e.target.value })} />}
        </Field>
      ) : null}
      <div className="actions actions-start"><button type="submit" disabled={add.isPending}>Add field</button></div>
    </form>
  );
}

function EditField({ field }: { field: CustomFieldView }) {
  const client = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState(field.label);
  const [options, setOptions] = useState(field.options.join('\n'));
  const save = useMutation({
    mutationFn: () => api.patch<CustomFieldView>(`/custom-fields/${field.id}`, { label: label.trim(), ...(hasOptions(field.type) ? { options: optionsFrom(options) } : {}) }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: listKey });
      toast('Field saved');
      setOpen(false);
    },
  });
  const errors = FormErrors.from(save.error);
  return (
    <>
      <button type="button" className="button-link" onClick={() => setOpen(true)} aria-label={`Edit ${field.label}`}>Edit</button>
      {open ? (
        <Dialog title={`Edit ${field.label}`} onClose={() => setOpen(false)}>
          <form className="stack" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); save.mutate(); }}>
            <ErrorSummary errors={errors} claimed={['label', 'options']} title="Not saved" />
            <Field label="Label" error={errors.field('label')}>{(p) => <input {...p} value={label} onChange={(e) => setLabel(e.target.value)} />}</Field>
            {hasOptions(field.type) ? (
              <Field label="Options" hint="One a line. A contact keeps an option you remove until someone changes it." error={errors.field('options')}>
                {(p) => <textarea {...p} rows={5} value={options} onChange={(e) => setOptions(e.target.value)} />}
              </Field>
            ) : null}
            <div className="actions"><button type="submit" disabled={save.isPending}>Save</button></div>
          </form>
        </Dialog>
      ) : null}
    </>
  );
}

function DeleteField({ field }: { field: CustomFieldView }) {
  const client = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.delete(`/custom-fields/${field.id}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: listKey });
      toast(`${field.label} removed`);
      setOpen(false);
    },
  });
  const errors = FormErrors.from(remove.error);
  return (
    <>
      <button type="button" className="button-link" onClick={() => setOpen(true)} aria-label={`Delete ${field.label}`}>Delete</button>
      {open ? (
        <Dialog title={`Delete ${field.label}?`} onClose={() => setOpen(false)}>
          <p>Its value on every {field.entity === 'contact' ? 'contact' : 'deal'} is deleted with it. This cannot be undone.</p>
          <ErrorSummary errors={errors} claimed={[]} />
          <div className="actions">
            <button type="button" className="button-secondary" onClick={() => setOpen(false)}>Keep it</button>
            <button type="button" className="button-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>Delete field</button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
