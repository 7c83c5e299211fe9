import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  canBuyValues, channels, interestLevels, relationships, type CanBuy, type Channel, type InterestLevel, type Relationship,
} from '../../../../src/shared/vocabulary.js';
import { DEFAULT_REACHABLE_TEXT, defaultReachableWindows } from '../../../../src/shared/defaults.js';
import { api, type Contact } from '../../api.js';
import { channelLabel } from '../../components/NextStepFields.js';
import { DAY_NAMES } from '../../components/ReachableFields.js';
import { DialogActions, ErrorSummary, Field, FormErrors, label, useToast } from '../../components/ui.js';
import { ZoneInput } from '../../components/ZoneInput.js';
import { useUsers } from '../../session.js';
import { splitList } from '../Contacts.js';

interface ProtocolForm {
  name: string; email: string; phone: string; company: string; title: string; timeZone: string;
  preferredChannel: Channel | ''; reachable: { days: number[]; from: string; to: string }[];
  interests: string; buyingProcess: string; referredBy: string; relationship: Relationship; interest: InterestLevel; canBuy: CanBuy;
  authority: string; notes: string; ownerId: string;
}

const toForm = (c: Contact): ProtocolForm => ({
  name: c.name, email: c.email ?? '', phone: c.phone ?? '', company: c.company ?? '', title: c.title ?? '', timeZone: c.timeZone,
  preferredChannel: c.preferredChannel ?? '', reachable: c.reachable.map((w) => ({ ...w, days: [...w.days] })),
  interests: c.interests.join(', '), buyingProcess: c.buyingProcess ?? '', referredBy: c.referredBy ?? '', relationship: c.relationship, interest: c.interest, canBuy: c.canBuy,
  authority: c.authority ?? '', notes: c.notes ?? '', ownerId: c.ownerId ?? '',
});

/** The protocol as a form: saved in one go, or left as it was. */
export function ProtocolEditor({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const [form, setForm] = useState<ProtocolForm>(() => toForm(contact));
  const set = <K extends keyof ProtocolForm>(key: K, value: ProtocolForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation({
    mutationFn: (body: unknown) => api.patch<Contact>(`/contacts/${contact.id}`, body),
    onSuccess: (updated) => {
      client.setQueryData(['contact', updated.id], updated);
      void client.invalidateQueries({ queryKey: ['contacts'] });
      void client.invalidateQueries({ queryKey: ['agenda'] });
      onClose();
      toast('Protocol saved');
    },
  });
  const errors = FormErrors.from(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const orNull = (v: string) => (v.trim() ? v.trim() : null);
    save.mutate({
      name: form.name, email: orNull(form.email), phone: orNull(form.phone), company: orNull(form.company), title: orNull(form.title),
      timeZone: form.timeZone.trim(), preferredChannel: form.preferredChannel || null, reachable: form.reachable,
      interests: splitList(form.interests), buyingProcess: orNull(form.buyingProcess), referredBy: orNull(form.referredBy), relationship: form.relationship,
      interest: form.interest, canBuy: form.canBuy, authority: orNull(form.authority), notes: orNull(form.notes),
      ...(form.ownerId ? { ownerId: form.ownerId } : {}),
    });
  };

  const claimed = ['name', 'email', 'phone', 'company', 'title', 'timeZone', 'preferredChannel', 'reachable', 'interests', 'buyingProcess', 'referredBy', 'relationship', 'interest', 'canBuy', 'authority', 'notes', 'ownerId'];
  return (
    <section className="panel" aria-labelledby="protocol-title" data-testid="protocol-panel">
      <h2 id="protocol-title">Edit protocol</h2>
      <form onSubmit={submit} noValidate className="stack">
        <ErrorSummary errors={errors} claimed={claimed} title="Not saved" />
        <Field label="Name" error={errors.field('name')}>{(p) => <input {...p} value={form.name} onChange={(e) => set('name', e.target.value)} autoFocus />}</Field>
        <div className="row">
          <Field label="Company" error={errors.field('company')}>{(p) => <input {...p} value={form.company} onChange={(e) => set('company', e.target.value)} />}</Field>
          <Field label="Title" error={errors.field('title')}>{(p) => <input {...p} value={form.title} onChange={(e) => set('title', e.target.value)} />}</Field>
        </div>
        <div className="row">
          <Field label="Email" error={errors.field('email')}>{(p) => <input {...p} type="email" value={form.email} onChange={(e) => set('email', e.target.value)} />}</Field>
          <Field label="Phone" error={errors.field('phone')}>{(p) => <input {...p} type="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} />}</Field>
        </div>
        <div className="row">
          <Field label="Time zone" error={errors.field('timeZone')}>{(p) => <ZoneInput {...p} value={form.timeZone} onChange={(v) => set('timeZone', v)} />}</Field>
          <Field label="Preferred channel" error={errors.field('preferredChannel')}>
            {(p) => (
              <select {...p} value={form.preferredChannel} onChange={(e) => set('preferredChannel', e.target.value as Channel | '')}>
                <option value="">Not known yet</option>
                {channels.map((ch) => <option key={ch} value={ch}>{channelLabel(ch)}</option>)}
              </select>
            )}
          </Field>
        </div>
        <fieldset>
          <legend>Reachable windows (their time)</legend>
          {form.reachable.length === 0 ? <p className="hint">None set: {DEFAULT_REACHABLE_TEXT} are assumed.</p> : null}
          {form.reachable.map((w, i) => (
            <div key={i} className={`window-row${errors.field(`reachable.${i}`) ? ' field-invalid' : ''}`} role="group" aria-label={`Window ${i + 1}`}>
              <div className="days">
                {DAY_NAMES.map((d, di) => (
                  <label key={d} className="day">
                    <input
                      type="checkbox"
                      checked={w.days.includes(di + 1)}
                      onChange={(e) => set('reachable', form.reachable.map((x, xi) => xi !== i ? x : { ...x, days: e.target.checked ? [...x.days, di + 1].sort() : x.days.filter((n) => n !== di + 1) }))}
                    />
                    {d}
                  </label>
                ))}
              </div>
              <label>From <input type="time" value={w.from} onChange={(e) => set('reachable', form.reachable.map((x, xi) => xi !== i ? x : { ...x, from: e.target.value }))} /></label>
              <label>To <input type="time" value={w.to} onChange={(e) => set('reachable', form.reachable.map((x, xi) => xi !== i ? x : { ...x, to: e.target.value }))} /></label>
              <button type="button" className="button-link" onClick={() => set('reachable', form.reachable.filter((_, xi) => xi !== i))}>Remove window {i + 1}</button>
              {errors.field(`reachable.${i}`) ? <div className="field-error" data-testid="field-error">{errors.field(`reachable.${i}`)}</div> : null}
            </div>
          ))}
          {errors.field('reachable') && !form.reachable.some((_, i) => errors.field(`reachable.${i}`)) ? <div className="field-error">{errors.field('reachable')}</div> : null}
          <button type="button" className="button-secondary" onClick={() => set('reachable', [...form.reachable, ...defaultReachableWindows()])}>Add a window</button>
        </fieldset>
        <Field label="What they care about" hint="Separate with commas." error={errors.field('interests')}>
          {(p) => <input {...p} value={form.interests} onChange={(e) => set('interests', e.target.value)} />}
        </Field>
        <Field label="How their company buys" error={errors.field('buyingProcess')}>
          {(p) => <textarea {...p} rows={2} value={form.buyingProcess} onChange={(e) => set('buyingProcess', e.target.value)} />}
        </Field>
        <Field label="Referred by" hint="Who introduced them: the referral playbook thanks them and names them." error={errors.field('referredBy')}>
          {(p) => <input {...p} value={form.referredBy} onChange={(e) => set('referredBy', e.target.value)} />}
        </Field>
        <div className="row">
          <Field label="Relationship" error={errors.field('relationship')}>
            {(p) => <select {...p} value={form.relationship} onChange={(e) => set('relationship', e.target.value as Relationship)}>{relationships.map((r) => <option key={r} value={r}>{label(r)}</option>)}</select>}
          </Field>
          <Field label="Interest" error={errors.field('interest')}>
            {(p) => <select {...p} value={form.interest} onChange={(e) => set('interest', e.target.value as InterestLevel)}>{interestLevels.map((r) => <option key={r} value={r}>{label(r)}</option>)}</select>}
          </Field>
          <Field label="Can buy" error={errors.field('canBuy')}>
            {(p) => <select {...p} value={form.canBuy} onChange={(e) => set('canBuy', e.target.value as CanBuy)}>{canBuyValues.map((r) => <option key={r} value={r}>{label(r)}</option>)}</select>}
          </Field>
        </div>
        <div className="row">
          <Field label="Authority" hint="Who decides, who signs." error={errors.field('authority')}>
            {(p) => <input {...p} value={form.authority} onChange={(e) => set('authority', e.target.value)} />}
          </Field>
          <Field label="Owner" error={errors.field('ownerId')}>
            {(p) => (
              <select {...p} value={form.ownerId} onChange={(e) => set('ownerId', e.target.value)}>
                {form.ownerId ? null : <option value="">—</option>}
                {users.data?.items.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </select>
            )}
          </Field>
        </div>
        <Field label="Notes" error={errors.field('notes')}>
          {(p) => <textarea {...p} rows={3} value={form.notes} onChange={(e) => set('notes', e.target.value)} />}
        </Field>
        <DialogActions onCancel={onClose} disabled={save.isPending}>Save protocol</DialogActions>
      </form>
    </section>
  );
}
