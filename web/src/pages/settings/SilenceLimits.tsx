import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { relationships, type Relationship } from '../../../../src/shared/vocabulary.js';
import { api } from '../../api.js';
import { ErrorSummary, Field, FormErrors, label, QueryError, Spinner, useToast } from '../../components/ui.js';

type Limits = Record<Relationship, number>;

/** How long each kind of relationship may go without a touch before Today and the Contacts list flag it. */
export function SilenceLimits() {
  const client = useQueryClient();
  const toast = useToast();
  const settings = useQuery({ queryKey: ['workspace-rules', 'silence'], queryFn: () => api.get<{ maxSilenceDays: Limits }>('/workspace/settings') });
  const [form, setForm] = useState<Record<Relationship, string> | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const current = settings.data?.maxSilenceDays;
  const values = form ?? (current ? (Object.fromEntries(relationships.map((r) => [r, String(current[r])])) as Record<Relationship, string>) : null);
  const save = useMutation({
    mutationFn: (limits: Limits) => api.patch<{ maxSilenceDays: Limits }>('/workspace/settings', { maxSilenceDays: limits }),
    onSuccess: (saved) => {
      setForm(null);
      client.setQueryData(['workspace-rules', 'silence'], saved);
      void client.invalidateQueries({ queryKey: ['contacts'] });
      toast('Silence limits saved');
    },
  });
  const errors = FormErrors.from(save.error, local);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!values) return;
    const wrong = relationships.filter((r) => !/^\d+$/.test(values[r].trim()));
    setLocal(Object.fromEntries(wrong.map((r) => [`maxSilenceDays.${r}`, `Write the days for ${label(r).toLowerCase()}s as a whole number, e.g. 30.`])));
    if (wrong.length) return;
    save.mutate(Object.fromEntries(relationships.map((r) => [r, Number(values[r])])) as Limits);
  };
  return (
    <section className="panel" aria-labelledby="silence-title">
      <h2 id="silence-title">Don't wait too long</h2>
      {settings.isPending ? <Spinner /> : null}
      {settings.isError ? <QueryError error={settings.error} what="the silence limits" /> : null}
      {values ? (
        <form className="stack" noValidate onSubmit={submit} data-testid="silence-limits">
          <p className="hint">A contact untouched for longer than this (either way: a call, an email, a reply) is flagged on Today and in Contacts. Do-not-contact contacts never are.</p>
          <ErrorSummary errors={errors} claimed={relationships.map((r) => `maxSilenceDays.${r}`)} title="Not saved" />
          <div className="row">
            {relationships.map((r) => (
              <Field key={r} label={`${label(r)}s (days)`} error={errors.field(`maxSilenceDays.${r}`)}>
                {(p) => <input {...p} inputMode="numeric" value={values[r]} onChange={(e) => setForm({ ...values, [r]: e.target.value })} />}
              </Field>
            ))}
          </div>
          <div className="actions actions-start"><button type="submit" disabled={save.isPending}>Save silence limits</button></div>
        </form>
      ) : null}
    </section>
  );
}
