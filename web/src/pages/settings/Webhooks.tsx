import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { webhookEventLabels, webhookEventTypes, type WebhookEventType, type WebhookFormat } from '../../../../src/shared/webhookEvents.js';
import type { WebhookDeliveryView, WebhookView } from '../../../../src/shared/webhooks.js';
import { api, type Page } from '../../api.js';
import { Badge, CopyButton, Dialog, EmptyState, ErrorSummary, Field, FormErrors, QueryError, Spinner, useToast } from '../../components/ui.js';
import { useMe } from '../../session.js';
import { formatInstant } from '../../time.js';

const listKey = ['webhooks'];
const deliveriesKey = (id: string) => ['webhooks', id, 'deliveries'];

type Created = WebhookView & { secret: string };

const FORMAT_WORDS: Record<WebhookFormat, string> = {
  standard: 'Signed JSON (Standard Webhooks), for your own tools',
  slack: 'Slack message (paste a Slack incoming-webhook address)',
};

const STATE_WORDS: Record<WebhookDeliveryView['state'], { text: string; tone: 'ok' | 'warn' | 'danger' | 'neutral' }> = {
  delivered: { text: 'Delivered', tone: 'ok' },
  queued: { text: 'Waiting', tone: 'neutral' },
  sending: { text: 'Sending', tone: 'neutral' },
  failed: { text: 'Failed', tone: 'danger' },
};

/** Settings → Webhooks (issue 15): owners and admins send the workspace's events to other tools and to Slack. */
export function WebhooksSettings() {
  const client = useQueryClient();
  const hooks = useQuery({ queryKey: listKey, queryFn: () => api.get<Page<WebhookView>>('/webhooks') });
  const [secret, setSecret] = useState<{ url: string; secret: string; rotated: boolean } | null>(null);
  const shown = (created: Created, rotated: boolean) => {
    setSecret({ url: created.url, secret: created.secret, rotated });
    void client.invalidateQueries({ queryKey: listKey });
  };
  return (
    <section className="panel" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p>
        Tell other tools what happens here: each event is posted to the address you give, signed so the receiver can check it came from
        us (<a href="https://www.standardwebhooks.com/" rel="noreferrer">Standard Webhooks</a>). Or post the morning digest and late promises
        to a Slack channel. Failed deliveries are retried for about a day.
      </p>
      {secret ? (
        <div className="alert alert-ok" role="status" data-testid="webhook-secret">
          <p><strong>{secret.rotated ? 'New signing secret' : 'Webhook added'} for {secret.url}.</strong> Copy the secret now: it will not be shown again.{secret.rotated ? ' For 24 hours deliveries are signed with both the old and the new secret.' : ''}</p>
          <div className="copy-row">
            <label className="visually-hidden" htmlFor="webhook-secret-value">Signing secret</label>
            <input id="webhook-secret-value" readOnly value={secret.secret} onFocus={(e) => e.target.select()} />
            <CopyButton text={secret.secret} what="Secret" />
          </div>
          <button type="button" className="button-link" onClick={() => setSecret(null)}>I have copied it</button>
        </div>
      ) : null}
      {hooks.isPending ? <Spinner /> : null}
      {hooks.isError ? <QueryError error={hooks.error} what="webhooks" /> : null}
      {hooks.data && hooks.data.items.length === 0 ? (
        <EmptyState title="No webhooks yet">
          Add one to post each morning's list to a Slack channel, or to let your CRM or an automation tool hear about every logged touch,
          opt-out and booking as it happens.
        </EmptyState>
      ) : null}
      {hooks.data?.items.length ? (
        <ul className="plain stack" aria-label="Webhooks">
          {hooks.data.items.map((hook) => <Endpoint key={hook.id} hook={hook} onRotated={(created) => shown(created, true)} />)}
        </ul>
      ) : null}
      <AddWebhook onAdded={(created) => shown(created, false)} />
    </section>
  );
}

function Endpoint({ hook, onRotated }: { hook: WebhookView; onRotated: (created: Created) => void }) {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [showLog, setShowLog] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: listKey });
  const enable = useMutation({
    mutationFn: () => api.patch<WebhookView>(`/webhooks/${hook.id}`, { enabled: true }),
    onSuccess: async () => { await refresh(); toast('Webhook turned on again'); },
  });
  const rotate = useMutation({ mutationFn: () => api.post<Created>(`/webhooks/${hook.id}/rotate-secret`), onSuccess: onRotated });
  const failure = FormErrors.from(enable.error ?? rotate.error);
  return (
    <li className="card stack" data-testid="webhook">
      <div className="promise">
        <div>
          <strong>{hook.url}</strong>
          <div className="muted">{FORMAT_WORDS[hook.format]}</div>
          <div className="muted">{hook.events.map((e) => webhookEventLabels[e]).join(' · ')}</div>
        </div>
        <div>
          {hook.enabled
            ? <Badge tone="ok">On</Badge>
            : <Badge tone="danger" title={hook.disabledReason ?? undefined}>Off</Badge>}
        </div>
      </div>
      {!hook.enabled ? (
        <div className="alert alert-error" role="note">
          <p>Turned off{hook.disabledAt ? ` on ${formatInstant(hook.disabledAt, me.user.timeZone)}` : ''}, because {hook.disabledReason ?? 'it kept failing'}. Events are not sent to it until you turn it on again.</p>
        </div>
      ) : hook.consecutiveFailures > 0 ? (
        <p className="muted">The last {hook.consecutiveFailures === 1 ? 'attempt' : `${hook.consecutiveFailures} attempts`} failed; it is retried on its own.</p>
      ) : null}
      {hook.previousSecretUntil ? <p className="muted">Signed with the old secret too until {formatInstant(hook.previousSecretUntil, me.user.timeZone)}.</p> : null}
      <ErrorSummary errors={failure} claimed={[]} title="That did not work" />
      <div className="row-actions">
        <button type="button" className="button-link" aria-expanded={showLog} onClick={() => setShowLog(!showLog)}>{showLog ? 'Hide deliveries' : 'Deliveries'}</button>
        {!hook.enabled ? <button type="button" className="button-link" disabled={enable.isPending} onClick={() => enable.mutate()}>Turn on again</button> : null}
        {hook.format === 'standard' ? <button type="button" className="button-link" disabled={rotate.isPending} onClick={() => rotate.mutate()}>Rotate secret</button> : null}
        <button type="button" className="button-link" onClick={() => setConfirmDelete(true)} aria-label={`Delete webhook ${hook.url}`}>Delete</button>
      </div>
      {showLog ? <DeliveryLog hook={hook} /> : null}
      {confirmDelete ? <DeleteWebhook hook={hook} onClose={() => setConfirmDelete(false)} /> : null}
    </li>
  );
}

function DeleteWebhook({ hook, onClose }: { hook: WebhookView; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: () => api.delete(`/webhooks/${hook.id}`),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: listKey }); toast('Webhook deleted'); onClose(); },
  });
  const errors = FormErrors.from(remove.error);
  return (
    <Dialog title="Delete this webhook?" onClose={onClose} testId="delete-webhook">
      <div className="stack">
        <p>Events stop going to <strong>{hook.url}</strong> and its delivery log is deleted. Deliveries still waiting are not sent.</p>
        <ErrorSummary errors={errors} claimed={[]} title="Not deleted" />
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>Cancel</button>
          <button type="button" className="button-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>Delete webhook</button>
        </div>
      </div>
    </Dialog>
  );
}

function DeliveryLog({ hook }: { hook: WebhookView }) {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const log = useQuery({ queryKey: deliveriesKey(hook.id), queryFn: () => api.get<Page<WebhookDeliveryView>>(`/webhooks/${hook.id}/deliveries`) });
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) => api.post<WebhookDeliveryView>(`/webhooks/${hook.id}/deliveries/${deliveryId}/redeliver`),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: deliveriesKey(hook.id) }); toast('Sent again shortly'); },
  });
  if (log.isPending) return <Spinner label="Loading deliveries…" />;
  if (log.isError) return <QueryError error={log.error} what="deliveries" />;
  if (!log.data.items.length) return <p className="muted">Nothing sent yet: deliveries show here as soon as one of its events happens.</p>;
  const when = (iso: string | null) => (iso ? formatInstant(iso, me.user.timeZone) : '');
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`Deliveries to ${hook.url}`}>
      <table className="table table-nowrap" data-testid="webhook-deliveries">
        <caption className="visually-hidden">Latest deliveries to {hook.url}</caption>
        <thead>
          <tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">State</th><th scope="col">Answer</th><th scope="col">Attempts</th><th scope="col">Next retry</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          {log.data.items.map((d) => (
            <tr key={d.id}>
              <td>{when(d.lastAttemptAt ?? d.createdAt)}</td>
              <td><code title={`webhook-id ${d.messageId}`}>{d.eventType}</code></td>
              <td><Badge tone={STATE_WORDS[d.state].tone}>{STATE_WORDS[d.state].text}</Badge></td>
              <td>{d.responseStatus !== null ? `${d.responseStatus}` : d.error ?? '—'}{d.durationMs !== null ? ` in ${d.durationMs} ms` : ''}</td>
              <td>{d.attempt}</td>
              <td>{when(d.nextRetryAt) || '—'}</td>
              <td>
                <button type="button" className="button-link" disabled={redeliver.isPending} onClick={() => redeliver.mutate(d.id)} aria-label={`Send again: the ${d.eventType} delivery`}>Send again</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddWebhook({ onAdded }: { onAdded: (created: Created) => void }) {
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<WebhookFormat>('standard');
  const [events, setEvents] = useState<WebhookEventType[]>(['interaction.logged']);
  const add = useMutation({
    mutationFn: () => api.post<Created>('/webhooks', { url: url.trim(), events, format }),
    onSuccess: (created) => {
      setUrl('');
      onAdded(created);
    },
  });
  const errors = FormErrors.from(add.error);
  const toggle = (event: WebhookEventType, on: boolean) => setEvents(on ? [...events, event] : events.filter((e) => e !== event));
  const chooseFormat = (next: WebhookFormat) => {
    setFormat(next);
    // Slack is for people: start from what a channel wants to read.
    if (next === 'slack' && events.length === 1 && events[0] === 'interaction.logged') setEvents(['digest.ready', 'follow-up.late']);
  };
  return (
    <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
      <h3>Add a webhook</h3>
      <ErrorSummary errors={errors} claimed={['url', 'events', 'format']} title="Not added" />
      <Field label="Address (URL)" hint="https:// — for Slack, the incoming-webhook address Slack gave you" error={errors.field('url')}>
        {(p) => <input {...p} type="url" inputMode="url" value={url} placeholder="https://example.com/hooks/followthrough" onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <Field label="Format" error={errors.field('format')}>
        {(p) => (
          <select {...p} value={format} onChange={(e) => chooseFormat(e.target.value as WebhookFormat)}>
            {(Object.keys(FORMAT_WORDS) as WebhookFormat[]).map((f) => <option key={f} value={f}>{FORMAT_WORDS[f]}</option>)}
          </select>
        )}
      </Field>
      <fieldset className={errors.field('events') ? 'field-invalid' : undefined} aria-describedby={errors.field('events') ? 'webhook-events-error' : undefined}>
        <legend>Events</legend>
        {webhookEventTypes.map((event) => (
          <div className="checkbox" key={event}>
            <input id={`webhook-event-${event}`} type="checkbox" checked={events.includes(event)} onChange={(e) => toggle(event, e.target.checked)} />
            <label htmlFor={`webhook-event-${event}`}>{webhookEventLabels[event]} <code className="muted">{event}</code></label>
          </div>
        ))}
        {errors.field('events') ? <p id="webhook-events-error" className="field-error">{errors.field('events')}</p> : null}
      </fieldset>
      <div className="actions actions-start"><button type="submit" disabled={add.isPending}>Add webhook</button></div>
    </form>
  );
}
