import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DEFAULT_MAIL_CAPS } from '../../../src/shared/defaults.js';
import type { MailSettingsView } from '../../../src/shared/mailSettings.js';
import { api } from '../api.js';
import { ErrorSummary, Field, FormErrors, Spinner, useToast } from '../components/ui.js';
import { canManage, useMe } from '../session.js';

interface MailSettingsPair {
  workspace: MailSettingsView | null;
  me: MailSettingsView | null;
  effective: 'me' | 'workspace' | 'server' | 'none';
  canStorePasswords: boolean;
}

type Scope = 'me' | 'workspace';
type Security = 'tls' | 'starttls' | 'none';

interface MailForm {
  fromAddress: string;
  fromName: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: Security;
  smtpUser: string;
  smtpPassword: string;
  imap: boolean;
  imapHost: string;
  imapPort: string;
  imapSecurity: Security;
  imapUser: string;
  imapPassword: string;
  hourlyCap: string;
  dailyCap: string;
}

const EFFECTIVE = {
  me: 'your own mailbox', workspace: 'the workspace mailbox', server: 'the server\'s mail relay', none: 'nothing yet: playbook emails wait until a mailbox is set',
} as const;

function formOf(view: MailSettingsView | null, fallbackFrom: string): MailForm {
  return {
    fromAddress: view?.fromAddress ?? fallbackFrom, fromName: view?.fromName ?? '',
    smtpHost: view?.smtp.host ?? '', smtpPort: String(view?.smtp.port ?? 587), smtpSecurity: view?.smtp.security ?? 'starttls', smtpUser: view?.smtp.user ?? '', smtpPassword: '',
    imap: !!view?.imap, imapHost: view?.imap?.host ?? '', imapPort: String(view?.imap?.port ?? 993), imapSecurity: view?.imap?.security ?? 'tls',
    imapUser: view?.imap?.user ?? '', imapPassword: '',
    hourlyCap: String(view?.hourlyCap ?? DEFAULT_MAIL_CAPS.hourlyCap), dailyCap: String(view?.dailyCap ?? DEFAULT_MAIL_CAPS.dailyCap),
  };
}

/** A password field left empty keeps the stored password; it is never shown, only whether one is stored. */
function bodyOf(form: MailForm) {
  return {
    fromAddress: form.fromAddress.trim(), fromName: form.fromName.trim() || null,
    smtp: { host: form.smtpHost.trim(), port: Number(form.smtpPort), security: form.smtpSecurity, user: form.smtpUser.trim() || null, ...(form.smtpPassword ? { password: form.smtpPassword } : {}) },
    imap: form.imap
      ? { host: form.imapHost.trim(), port: Number(form.imapPort), security: form.imapSecurity, user: form.imapUser.trim() || null, ...(form.imapPassword ? { password: form.imapPassword } : {}) }
      : null,
    hourlyCap: Number(form.hourlyCap), dailyCap: Number(form.dailyCap),
  };
}

/** Where follow-up email goes out from (SMTP) and where replies are read (IMAP): yours, or the workspace's. */
export function MailSettings() {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [scope, setScope] = useState<Scope>('me');
  const [form, setForm] = useState<MailForm | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  const settings = useQuery({ queryKey: ['mail-settings'], queryFn: () => api.get<MailSettingsPair>('/mail-settings') });
  const current = settings.data ? settings.data[scope] : null;
  const values = form ?? formOf(current, me.user.email);
  const set = (patch: Partial<MailForm>) => setForm({ ...values, ...patch });
  const refresh = () => client.invalidateQueries({ queryKey: ['mail-settings'] });

  const save = useMutation({
    mutationFn: () => api.put<MailSettingsView>(`/mail-settings/${scope}`, bodyOf(values)),
    onSuccess: async () => { setForm(null); await refresh(); toast('Mailbox saved'); },
  });
  const test = useMutation({
    mutationFn: () => api.post<{ to: string; response: string }>(`/mail-settings/${scope}/test`, {}),
    onSuccess: (result) => setTested(`Sent to ${result.to}. The server said: ${result.response}`),
    onError: () => setTested(null),
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/mail-settings/${scope}`),
    onSuccess: async () => { setForm(null); await refresh(); toast('Mailbox removed'); },
  });
  const errors = FormErrors.from(save.error);
  const switchTo = (next: Scope) => { setScope(next); setForm(null); setTested(null); save.reset(); test.reset(); };

  return (
    <section className="panel" aria-labelledby="mail-title">
      <h2 id="mail-title">Mail</h2>
      {settings.isPending ? <Spinner /> : null}
      {settings.data ? (
        <>
          <p>Playbook emails go out through {EFFECTIVE[settings.data.effective]}. Yours is used first, then the workspace's. <a href="#/outbox">See what was sent</a>.</p>
          {canManage(me) ? (
            <div className="row" role="radiogroup" aria-label="Which mailbox">
              <label className="checkbox"><input type="radio" name="mail-scope" checked={scope === 'me'} onChange={() => switchTo('me')} /> My mailbox</label>
              <label className="checkbox"><input type="radio" name="mail-scope" checked={scope === 'workspace'} onChange={() => switchTo('workspace')} /> Workspace mailbox</label>
            </div>
          ) : null}
          {!settings.data.canStorePasswords ? (
            <p className="hint">This server has no SECRETS_KEY, so it cannot store passwords: only a relay that needs no login can be used.</p>
          ) : null}
          <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
            <ErrorSummary errors={errors} claimed={['fromAddress', 'fromName', 'smtp', 'imap', 'hourlyCap', 'dailyCap']} title="Not saved" />
            <div className="row">
              <Field label="From address" error={errors.field('fromAddress')}>{(p) => <input {...p} type="email" value={values.fromAddress} onChange={(e) => set({ fromAddress: e.target.value })} />}</Field>
              <Field label="From name" error={errors.field('fromName')}>{(p) => <input {...p} value={values.fromName} onChange={(e) => set({ fromName: e.target.value })} />}</Field>
            </div>
            <div className="row">
              <Field label="SMTP server" error={errors.field('smtp.host', 'smtp')}>{(p) => <input {...p} value={values.smtpHost} placeholder="smtp.example.com" onChange={(e) => set({ smtpHost: e.target.value })} />}</Field>
              <Field label="SMTP port" error={errors.field('smtp.port')}>{(p) => <input {...p} type="number" value={values.smtpPort} onChange={(e) => set({ smtpPort: e.target.value })} />}</Field>
              <Field label="SMTP security" error={errors.field('smtp.security')}>
                {(p) => (
                  <select {...p} value={values.smtpSecurity} onChange={(e) => set({ smtpSecurity: e.target.value as Security })}>
                    <option value="starttls">STARTTLS (587)</option><option value="tls">TLS (465)</option><option value="none">None (local relay only)</option>
                  </select>
                )}
              </Field>
            </div>
            <div className="row">
              <Field label="SMTP user" error={errors.field('smtp.user')}>{(p) => <input {...p} autoComplete="off" value={values.smtpUser} onChange={(e) => set({ smtpUser: e.target.value })} />}</Field>
              <Field label="SMTP password" hint={current?.smtp.passwordSet ? 'Stored. Leave empty to keep it.' : undefined} error={errors.field('smtp.password')}>
                {(p) => <input {...p} type="password" autoComplete="new-password" value={values.smtpPassword} onChange={(e) => set({ smtpPassword: e.target.value })} />}
              </Field>
            </div>
            <div className="checkbox">
              <input id="mail-imap" type="checkbox" checked={values.imap} onChange={(e) => set({ imap: e.target.checked })} />
              <label htmlFor="mail-imap">Read replies over IMAP (a reply stops the contact's series)</label>
            </div>
            {values.imap ? (
              <>
                <div className="row">
                  <Field label="IMAP server" error={errors.field('imap.host', 'imap')}>{(p) => <input {...p} value={values.imapHost} placeholder="imap.example.com" onChange={(e) => set({ imapHost: e.target.value })} />}</Field>
                  <Field label="IMAP port" error={errors.field('imap.port')}>{(p) => <input {...p} type="number" value={values.imapPort} onChange={(e) => set({ imapPort: e.target.value })} />}</Field>
                  <Field label="IMAP security" error={errors.field('imap.security')}>
                    {(p) => (
                      <select {...p} value={values.imapSecurity} onChange={(e) => set({ imapSecurity: e.target.value as Security })}>
                        <option value="tls">TLS (993)</option><option value="starttls">STARTTLS (143)</option><option value="none">None (local only)</option>
                      </select>
                    )}
                  </Field>
                </div>
                <div className="row">
                  <Field label="IMAP user" error={errors.field('imap.user')}>{(p) => <input {...p} autoComplete="off" value={values.imapUser} onChange={(e) => set({ imapUser: e.target.value })} />}</Field>
                  <Field label="IMAP password" hint={current?.imap?.passwordSet ? 'Stored. Leave empty to keep it.' : undefined} error={errors.field('imap.password')}>
                    {(p) => <input {...p} type="password" autoComplete="new-password" value={values.imapPassword} onChange={(e) => set({ imapPassword: e.target.value })} />}
                  </Field>
                </div>
              </>
            ) : null}
            <div className="row">
              <Field label="At most an hour" error={errors.field('hourlyCap')}>{(p) => <input {...p} type="number" min={1} value={values.hourlyCap} onChange={(e) => set({ hourlyCap: e.target.value })} />}</Field>
              <Field label="At most a day" error={errors.field('dailyCap')}>{(p) => <input {...p} type="number" min={1} value={values.dailyCap} onChange={(e) => set({ dailyCap: e.target.value })} />}</Field>
            </div>
            <div className="actions actions-start">
              <button type="submit" disabled={save.isPending}>Save mailbox</button>
              {current ? <button type="button" className="button-secondary" disabled={test.isPending || form !== null} onClick={() => test.mutate()}>Send test mail</button> : null}
              {current ? <button type="button" className="button-secondary" disabled={remove.isPending} onClick={() => remove.mutate()}>Remove</button> : null}
            </div>
            {tested ? <p role="status">{tested}</p> : null}
            {test.isError ? <p className="field-error" role="alert">{test.error.message}</p> : null}
          </form>
        </>
      ) : null}
    </section>
  );
}
