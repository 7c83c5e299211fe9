import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page, type User, type Workspace } from '../api.js';
import { CopyButton, ErrorSummary, Field, FormErrors, QueryError, Spinner, useToast } from '../components/ui.js';
import { MemberPermissions } from '../components/MemberPermissions.js';
import { ProfileDetails } from '../components/ProfileDetails.js';
import { ThemeSetting } from '../components/ThemeSetting.js';
import { ZoneInput } from '../components/ZoneInput.js';
import { canManage, resetSession, sessionKey, useMe } from '../session.js';
import { browserZone, formatInstant } from '../time.js';
import { optional } from '../playbooks.js';
import { MailSettings } from './MailSettings.js';
import { SilenceLimits } from './settings/SilenceLimits.js';
import { CustomFieldsSettings } from './settings/CustomFields.js';
import { WebhooksSettings } from './settings/Webhooks.js';
import { StagesSettings } from './settings/Stages.js';
import { PushReminders } from './settings/PushReminders.js';
import { AccountSettings, CalendarFeed } from './settings/Account.js';
import { UsersSettings } from './settings/Users.js';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function SettingsPage() {
  const me = useMe();
  return (
    <section aria-labelledby="settings-title" className="stack">
      <h1 id="settings-title">Settings</h1>
      <Profile />
      <ProfileDetails />
      <AccountSettings />
      <CalendarFeed />
      <PushReminders />
      <ThemeSetting />
      <MailSettings />
      <Tokens />
      <UsersSettings />
      {canManage(me) ? <WorkspaceRules /> : null}
      {canManage(me) ? <SilenceLimits /> : null}
      {canManage(me) ? <CustomFieldsSettings /> : null}
      {canManage(me) ? <StagesSettings /> : null}
      {canManage(me) ? <WebhooksSettings /> : null}
      <Workspaces />
    </section>
  );
}

function Profile() {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState({ name: me.user.name, timeZone: me.user.timeZone, workFrom: me.user.workFrom, workTo: me.user.workTo, workDays: me.user.workDays, digest: me.user.digest, weeklySummary: me.user.weeklySummary });
  const [reminder, setReminder] = useState(String(me.user.reminderMinutes));
  const save = useMutation({
    // Anything but a whole number goes as typed, so the server's message names the field.
    mutationFn: () => api.patch<User>('/me', { ...form, reminderMinutes: /^\s*\d+\s*$/.test(reminder) ? Number(reminder) : reminder }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: sessionKey });
      void client.invalidateQueries({ queryKey: ['agenda'] });
      toast('Your settings are saved');
    },
  });
  const errors = FormErrors.from(save.error);
  const zoneDiffers = browserZone() !== form.timeZone;
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">You</h2>
      <form className="stack" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); save.mutate(); }}>
        <ErrorSummary errors={errors} claimed={['name', 'timeZone', 'workFrom', 'workTo', 'workDays', 'reminderMinutes']} title="Not saved" />
        <div className="row">
          <Field label="Name" error={errors.field('name')}>{(p) => <input {...p} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}</Field>
          <Field label="Your time zone" hint={zoneDiffers ? `This browser is in ${browserZone()}.` : undefined} error={errors.field('timeZone')}>
            {(p) => <ZoneInput {...p} value={form.timeZone} onChange={(v) => setForm({ ...form, timeZone: v })} />}
          </Field>
        </div>
        <div className="row">
          <Field label="Working hours from" error={errors.field('workFrom')}>{(p) => <input {...p} type="time" value={form.workFrom} onChange={(e) => setForm({ ...form, workFrom: e.target.value })} />}</Field>
          <Field label="to" error={errors.field('workTo')}>{(p) => <input {...p} type="time" value={form.workTo} onChange={(e) => setForm({ ...form, workTo: e.target.value })} />}</Field>
        </div>
        <fieldset className={errors.field('workDays') ? 'field-invalid' : undefined}>
          <legend>Working days</legend>
          <div className="days">
            {DAY_NAMES.map((d, i) => (
              <label key={d} className="day">
                <input type="checkbox" checked={form.workDays.includes(i + 1)}
                  onChange={(e) => setForm({ ...form, workDays: e.target.checked ? [...form.workDays, i + 1].sort() : form.workDays.filter((n) => n !== i + 1) })} />
                {d}
              </label>
            ))}
          </div>
          {errors.field('workDays') ? <div className="field-error">{errors.field('workDays')}</div> : null}
        </fieldset>
        <Field label="Reminder, minutes before a timed follow-up" hint="The alarm in your calendar feed and in the invitations you send. 0 for none." error={errors.field('reminderMinutes')}>
          {(p) => <input {...p} name="reminderMinutes" type="number" inputMode="numeric" min={0} max={1440} style={{ maxWidth: '8rem' }} value={reminder} onChange={(e) => setReminder(e.target.value)} />}
        </Field>
        <div className="checkbox">
          <input id="profile-digest" type="checkbox" checked={form.digest} onChange={(e) => setForm({ ...form, digest: e.target.checked })} />
          <label htmlFor="profile-digest">Morning digest email: your day's agenda at the start of each working day</label>
        </div>
        {me.permissions.viewTeam ? (
          <div className="checkbox">
            <input id="profile-weekly-summary" type="checkbox" checked={form.weeklySummary} onChange={(e) => setForm({ ...form, weeklySummary: e.target.checked })} />
            <label htmlFor="profile-weekly-summary">Weekly team summary email: each salesperson's figures, Monday at 08:00 your time</label>
          </div>
        ) : null}
        <div className="actions actions-start"><button type="submit" disabled={save.isPending}>Save</button></div>
      </form>
    </section>
  );
}

interface Token { id: string; name: string; createdAt: string; lastUsedAt: string | null }

function Tokens() {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => api.get<Page<Token>>('/tokens') });
  const create = useMutation({
    mutationFn: () => api.post<{ id: string; name: string; token: string }>('/tokens', { name: name.trim() }),
    onSuccess: (token) => {
      setCreated({ name: token.name, token: token.token });
      setName('');
      void client.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/tokens/${id}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['tokens'] });
      toast('Token revoked');
    },
  });
  const errors = FormErrors.from(create.error);
  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p>For scripts and other tools: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts in this workspace only. See the <a href="/api/docs">API reference</a>.</p>
      {created ? (
        <div className="alert alert-ok" role="status" data-testid="new-token">
          <p><strong>Token "{created.name}" created.</strong> Copy it now: it will not be shown again.</p>
          <div className="copy-row">
            <label className="visually-hidden" htmlFor="new-token">New token</label>
            <input id="new-token" readOnly value={created.token} onFocus={(e) => e.target.select()} />
            <CopyButton text={created.token} what="Token" />
          </div>
          <button type="button" className="button-link" onClick={() => setCreated(null)}>I have copied it</button>
        </div>
      ) : null}
      {tokens.isPending ? <Spinner /> : null}
      {tokens.isError ? <QueryError error={tokens.error} what="tokens" /> : null}
      {tokens.data?.items.length ? (
        <ul className="plain">
          {tokens.data.items.map((t) => (
            <li key={t.id} className="promise">
              <div>
                <strong>{t.name}</strong>
                <div className="muted">Created {formatInstant(t.createdAt, me.user.timeZone)} · {t.lastUsedAt ? `last used ${formatInstant(t.lastUsedAt, me.user.timeZone)}` : 'never used'}</div>
              </div>
              <div className="row-actions">
                <button type="button" className="button-link" onClick={() => revoke.mutate(t.id)} aria-label={`Revoke token ${t.name}`}>Revoke</button>
              </div>
            </li>
          ))}
        </ul>
      ) : tokens.data ? <p className="muted">No tokens yet.</p> : null}
      <form className="inline-form" noValidate onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Field label="New token name" error={errors.field('name') ?? (errors.detail && !errors.errors.length ? errors.detail : undefined)}>
          {(p) => <input {...p} value={name} placeholder="e.g. Zapier" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" className="button-secondary" disabled={create.isPending}>Create token</button>
      </form>
    </section>
  );
}

interface Rules {
  frequencyCap: { maxTouches: number; perDays: number } | null;
  quietHours: { from: string; to: string } | null;
  allowMultipleEnrollments: boolean;
  postalAddress?: string | null;
}

/** Workspace rules for playbooks: the frequency cap on unagreed touches, quiet hours, enrollments per contact. */
function WorkspaceRules() {
  const client = useQueryClient();
  const toast = useToast();
  const rules = useQuery({ queryKey: ['workspace-rules'], queryFn: () => optional<Rules>('/workspace/settings') });
  const [form, setForm] = useState<{ cap: boolean; maxTouches: string; perDays: string; quiet: boolean; quietFrom: string; quietTo: string; multiple: boolean; postalAddress: string } | null>(null);
  const current = rules.data?.available ? rules.data.value : null;
  const values = form ?? {
    cap: !!current?.frequencyCap, maxTouches: String(current?.frequencyCap?.maxTouches ?? 3), perDays: String(current?.frequencyCap?.perDays ?? 7),
    quiet: !!current?.quietHours, quietFrom: current?.quietHours?.from ?? '20:00', quietTo: current?.quietHours?.to ?? '08:00',
    multiple: current?.allowMultipleEnrollments ?? false,
    postalAddress: current?.postalAddress ?? '',
  };
  const set = (patch: Partial<typeof values>) => setForm({ ...values, ...patch });
  const save = useMutation({
    mutationFn: () => api.patch<Rules>('/workspace/settings', {
      frequencyCap: values.cap ? { maxTouches: Number(values.maxTouches), perDays: Number(values.perDays) } : null,
      quietHours: values.quiet ? { from: values.quietFrom, to: values.quietTo } : null,
      allowMultipleEnrollments: values.multiple,
      postalAddress: values.postalAddress.trim() || null,
    }),
    onSuccess: (saved) => {
      setForm(null);
      client.setQueryData(['workspace-rules'], { available: true, value: saved });
      toast('Workspace rules saved');
    },
  });
  const errors = FormErrors.from(save.error);
  return (
    <section className="panel" aria-labelledby="rules-title">
      <h2 id="rules-title">Workspace rules</h2>
      {rules.isPending ? <Spinner /> : null}
      {rules.data && !rules.data.available ? (
        <p className="muted">The frequency cap and quiet hours arrive with playbooks; this server does not offer them yet.</p>
      ) : null}
      {current ? (
        <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
          <p className="hint">They apply to playbook steps. Follow-ups the client agreed to are invited: never capped, never moved.</p>
          <ErrorSummary errors={errors} claimed={['frequencyCap', 'quietHours', 'allowMultipleEnrollments', 'postalAddress']} title="Not saved" />
          <div className="checkbox">
            <input id="rules-cap" type="checkbox" checked={values.cap} onChange={(e) => set({ cap: e.target.checked })} />
            <label htmlFor="rules-cap">Cap unagreed outbound touches per contact</label>
          </div>
          {values.cap ? (
            <div className="row">
              <Field label="At most (touches)" error={errors.field('frequencyCap.maxTouches', 'frequencyCap')}>
                {(p) => <input {...p} type="number" min={1} value={values.maxTouches} onChange={(e) => set({ maxTouches: e.target.value })} />}
              </Field>
              <Field label="In any (days)" error={errors.field('frequencyCap.perDays')}>
                {(p) => <input {...p} type="number" min={1} value={values.perDays} onChange={(e) => set({ perDays: e.target.value })} />}
              </Field>
            </div>
          ) : null}
          <div className="checkbox">
            <input id="rules-quiet" type="checkbox" checked={values.quiet} onChange={(e) => set({ quiet: e.target.checked })} />
            <label htmlFor="rules-quiet">Quiet hours on the contact's clock</label>
          </div>
          {values.quiet ? (
            <div className="row">
              <Field label="Quiet from" error={errors.field('quietHours.from', 'quietHours')}>{(p) => <input {...p} type="time" value={values.quietFrom} onChange={(e) => set({ quietFrom: e.target.value })} />}</Field>
              <Field label="Quiet until" error={errors.field('quietHours.to')}>{(p) => <input {...p} type="time" value={values.quietTo} onChange={(e) => set({ quietTo: e.target.value })} />}</Field>
            </div>
          ) : null}
          <div className="checkbox">
            <input id="rules-multiple" type="checkbox" checked={values.multiple} onChange={(e) => set({ multiple: e.target.checked })} />
            <label htmlFor="rules-multiple">Allow a contact in more than one playbook at a time</label>
          </div>
          <Field label="Postal address" hint="Printed in every automated email, with its opt-out line: use {{sender.postalAddress}} in templates." error={errors.field('postalAddress')}>
            {(p) => <textarea {...p} rows={2} value={values.postalAddress} onChange={(e) => set({ postalAddress: e.target.value })} />}
          </Field>
          <div className="actions actions-start"><button type="submit" disabled={save.isPending}>Save rules</button></div>
        </form>
      ) : null}
      <MemberPermissions />
    </section>
  );
}

function Workspaces() {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState({ name: '', timeZone: me.workspace.timeZone });
  const create = useMutation({
    mutationFn: async () => {
      const created = await api.post<{ workspace: Workspace }>('/workspaces', { name: form.name.trim(), timeZone: form.timeZone.trim() });
      await api.post('/session/workspace', { workspaceId: created.workspace.id });
      return created.workspace;
    },
    onSuccess: async (workspace) => {
      setForm({ name: '', timeZone: me.workspace.timeZone });
      await resetSession(client);
      window.location.hash = '#/';
      toast(`Workspace ${workspace.name} created; you are in it now`);
    },
  });
  const errors = FormErrors.from(create.error);
  return (
    <section className="panel" aria-labelledby="workspaces-title">
      <h2 id="workspaces-title">Workspaces</h2>
      <p>You are in <strong>{me.workspace.name}</strong> ({me.workspace.timeZone}). Nothing crosses between workspaces.</p>
      {me.workspaces.length > 1 ? <p className="muted">Switch with the menu at the top of the page.</p> : null}
      <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <h3>New workspace</h3>
        <ErrorSummary errors={errors} claimed={['name', 'timeZone']} title="Not created" />
        <div className="row">
          <Field label="Workspace name" error={errors.field('name')}>{(p) => <input {...p} name="workspaceName" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}</Field>
          <Field label="Time zone" error={errors.field('timeZone')}>{(p) => <ZoneInput {...p} value={form.timeZone} onChange={(v) => setForm({ ...form, timeZone: v })} />}</Field>
        </div>
        <div className="actions actions-start"><button type="submit" className="button-secondary" disabled={create.isPending}>Create workspace</button></div>
      </form>
    </section>
  );
}

