import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { channels, relationships, type Channel, type Relationship } from '../../../src/shared/vocabulary.js';
import { api, query, type Contact, type ContactInput, type Page } from '../api.js';
import { channelLabel } from '../components/NextStepFields.js';
import { Badge, Dialog, DialogActions, EmptyState, ErrorSummary, Field, FormErrors, label, QueryError, Spinner, useToast } from '../components/ui.js';
import { defaultReachableWindows } from '../../../src/shared/defaults.js';
import { ReachableFields, type ReachableWindow } from '../components/ReachableFields.js';
import { ZoneInput } from '../components/ZoneInput.js';
import { step, useShortcuts } from '../keyboard.js';
import { navigate } from '../router.js';
import { useMe, useSeedContacts, useUsers } from '../session.js';
import { cityOf, formatDate, formatInstant, todayIn } from '../time.js';
import { EmptyWorkspace } from './Today.js';
import { CustomFieldFilter, customFieldParams, type FieldParams } from '../customFields/CustomFieldFilter.js';
import { BulkBar } from '../contacts/BulkBar.js';
import { ContactExtraColumns, SelectAllBar } from '../contacts/ContactsColumns.js';
import { TagChips, TagFilter } from '../contacts/TagChips.js';
import { useBulkSelection } from '../contacts/useBulkSelection.js';
import { columnsOf, filterOf, sortOf, tagsOf } from '../contacts/viewParams.js';
import { ViewsBar } from '../contacts/ViewsBar.js';

const PAGE = 50;

export function ContactsPage({ params }: { params: URLSearchParams }) {
  const me = useMe();
  const q = params.get('q') ?? '';
  const relationship = params.get('relationship') ?? '';
  const owner = params.get('owner') ?? '';
  const dnc = params.get('dnc') ?? '';
  // "stalled=1" was the browser-side filter's link: it still opens the (now server-side) stalled list.
  const nextStep = params.get('nextStep') ?? (params.get('stalled') === '1' ? 'stalled' : '');
  const silentOnly = params.get('silent') === '1';
  const fieldParams = customFieldParams(params);
  // Tags, sort, columns and the open saved view (issue 16 item 3: web/src/contacts).
  const tags = tagsOf(params);
  const view = { view: params.get('view') ?? undefined, tag: params.get('tag') ?? undefined, sort: params.get('sort') ?? undefined, cols: params.get('cols') ?? undefined };
  const columns = params.get('cols') === null ? null : columnsOf(params);
  const sort = sortOf(params);
  const [text, setText] = useState(q);
  const [creating, setCreating] = useState(params.get('new') === '1');
  const [selected, setSelected] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);
  const seed = useSeedContacts();
  const users = useUsers();

  const setParam = (key: string, value: string | undefined) => setParams({ [key]: value });
  const setParams = (changes: FieldParams) => {
    const next: Record<string, string | undefined> = { ...fieldParams, ...view, q, relationship, owner, dnc, nextStep: nextStep || undefined, silent: silentOnly ? '1' : undefined, ...changes };
    navigate('/contacts', next, { replace: true });
    setSelected(-1);
  };

  // Search as you type, without a request per keystroke.
  useEffect(() => {
    if (text === q) return;
    const timer = window.setTimeout(() => setParam('q', text.trim() || undefined), 200);
    return () => window.clearTimeout(timer);
  });

  const list = useInfiniteQuery({
    queryKey: ['contacts', { q, relationship, owner, dnc, nextStep, silentOnly, fieldParams, tags, sort }],
    queryFn: async ({ pageParam }) => {
      const page = await api.get<Page<Contact>>(`/contacts${query({
        q, relationship, ownerId: owner === 'none' ? undefined : owner, owner: owner === 'none' ? 'none' : undefined, doNotContact: dnc === 'only' ? 'true' : dnc === 'exclude' ? 'false' : undefined,
        nextStep: nextStep || undefined, silent: silentOnly ? 'true' : undefined, limit: PAGE, cursor: pageParam, sort: sort === 'name' ? undefined : sort, ...fieldParams,
      })}${tags.map((tag) => `&tag=${encodeURIComponent(tag)}`).join('')}`);
      seed(page.items);
      return page;
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const contacts = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const bulk = useBulkSelection(JSON.stringify(filterOf(params, me.user.id)), filterOf(params, me.user.id));

  useShortcuts({
    j: () => setSelected((i) => step(i, 1, contacts.length)),
    k: () => setSelected((i) => step(i, -1, contacts.length)),
  });
  useEffect(() => {
    if (selected >= 0) listRef.current?.querySelectorAll<HTMLElement>('a.contact-link')[selected]?.focus();
  }, [selected]);

  const filtered = !!(q || relationship || owner || dnc || nextStep || silentOnly || tags.length > 0 || Object.keys(fieldParams).length > 0);
  const userName = (id: string | null) => users.data?.items.find((u) => u.id === id)?.name;

  return (
    <section aria-labelledby="contacts-title">
      <div className="page-head">
        <h1 id="contacts-title">Contacts</h1>
        <div className="head-actions">
          <a className="button-secondary" href="#/import">Import / export</a>
          <button type="button" onClick={() => setCreating(true)}>New contact</button>
        </div>
      </div>
      <ViewsBar params={params} />
      <form className="filters" role="search" onSubmit={(e: FormEvent) => { e.preventDefault(); setParam('q', text.trim() || undefined); }}>
        <div className="field field-grow">
          <label htmlFor="contact-search">Search</label>
          <input id="contact-search" type="search" placeholder="Name, company, email…" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="filter-relationship">Relationship</label>
          <select id="filter-relationship" value={relationship} onChange={(e) => setParam('relationship', e.target.value || undefined)}>
            <option value="">All</option>
            {relationships.map((r) => <option key={r} value={r}>{label(r)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-owner">Owner</label>
          <select id="filter-owner" value={owner} onChange={(e) => setParam('owner', e.target.value || undefined)}>
            <option value="">Anyone</option>
            <option value={me.user.id}>Me</option>
            <option value="none">Nobody</option>
            {users.data?.items.filter((u) => u.id !== me.user.id).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-dnc">Do-not-contact</label>
          <select id="filter-dnc" value={dnc} onChange={(e) => setParam('dnc', e.target.value || undefined)}>
            <option value="">Include</option>
            <option value="exclude">Hide them</option>
            <option value="only">Only them</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-next-step">Next step</label>
          <select id="filter-next-step" value={nextStep} onChange={(e) => setParam('nextStep', e.target.value || undefined)}>
            <option value="">Any</option>
            <option value="none">No next step</option>
            <option value="stalled">Stalled: open deal, nothing planned</option>
          </select>
        </div>
        <div className="checkbox filter-check">
          <input id="filter-silent" type="checkbox" checked={silentOnly} onChange={(e) => setParam('silent', e.target.checked ? '1' : undefined)} />
          <label htmlFor="filter-silent">Silent too long</label>
        </div>
        <TagFilter value={tags} onChange={(next) => setParam('tag', next.join(',') || undefined)} />
        <CustomFieldFilter params={fieldParams} onChange={setParams} />
      </form>
      {list.isPending ? <Spinner label="Loading contacts…" /> : null}
      {list.isError ? <QueryError error={list.error} what="contacts" /> : null}
      {list.data && contacts.length === 0 ? (
        filtered ? (
          <EmptyState title="No contacts match">
            <p>Try another search or <a href="#/contacts">clear the filters</a>.</p>
          </EmptyState>
        ) : <EmptyWorkspace />
      ) : null}
      {contacts.length ? <SelectAllBar bulk={bulk} pageIds={contacts.map((c) => c.id)} more={list.hasNextPage} /> : null}
      {bulk.selection ? <BulkBar selection={bulk.selection} count={bulk.count} onClear={bulk.clear} /> : null}
      {contacts.length ? (
        <ul className="contact-list" ref={listRef} aria-label="Contacts" data-testid="contact-list">
          {contacts.map((c, i) => (
            <li key={c.id} className={selected === i ? 'selected' : undefined}>
              <input type="checkbox" className="row-pick" aria-label={`Select ${c.name}`} checked={bulk.isPicked(c.id)} onChange={(e) => bulk.toggle(c.id, e.target.checked)} />
              <a className="contact-link" href={`#/contacts/${encodeURIComponent(c.id)}`} onFocus={() => setSelected(i)}>
                <span className="contact-name">{c.name}</span>
                <span className="muted">{[c.title, c.company].filter(Boolean).join(', ')}</span>
              </a>
              <span className="contact-meta">
                <span>{cityOf(c.timeZone)} {formatInstant(Date.now(), c.timeZone, false)}</span>
                <span>{label(c.relationship)}</span>
                {c.preferredChannel ? <span>Prefers {channelLabel(c.preferredChannel).toLowerCase()}</span> : null}
                {c.ownerId && c.ownerId !== me.user.id && userName(c.ownerId) ? <span>Owner: {userName(c.ownerId)}</span> : null}
                {columns ? <ContactExtraColumns contact={c} columns={columns} /> : null}
              </span>
              {!columns || columns.includes('tags') ? <TagChips tags={c.tags} /> : null}
              <span className="badges">
                {c.doNotContact ? <Badge tone="danger">Do not contact</Badge> : null}
                {c.stalled ? <Badge tone="warn">Stalled</Badge> : c.noNextStep ? <Badge tone="warn">No next step</Badge> : null}
                {c.silentSince ? <Badge tone="warn">Silent since {formatDate(todayIn(me.user.timeZone, Date.parse(c.silentSince)))}</Badge> : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {list.hasNextPage ? (
        <div className="actions actions-start">
          <button type="button" className="button-secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
        </div>
      ) : null}
      {creating ? <NewContactDialog onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

interface ContactForm {
  name: string; email: string; phone: string; company: string; title: string; timeZone: string;
  preferredChannel: Channel | ''; relationship: Relationship; interests: string; notes: string; reachable: ReachableWindow[];
}

export const splitList = (text: string): string[] => text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);

export function NewContactDialog({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState<ContactForm>({
    name: '', email: '', phone: '', company: '', title: '', timeZone: me.user.timeZone, preferredChannel: '', relationship: 'prospect', interests: '', notes: '',
    reachable: defaultReachableWindows(),
  });
  const set = <K extends keyof ContactForm>(key: K) => (value: ContactForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation({
    mutationFn: (body: ContactInput) => api.post<Contact>('/contacts', body),
    onSuccess: (contact) => {
      client.setQueryData(['contact', contact.id], contact);
      void client.invalidateQueries({ queryKey: ['contacts'] });
      toast(`${contact.name} added`);
      onClose();
      navigate(`/contacts/${contact.id}`);
    },
  });
  const errors = FormErrors.from(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const opt = (v: string) => (v.trim() ? v.trim() : undefined);
    save.mutate({
      name: form.name,
      email: opt(form.email), phone: opt(form.phone), company: opt(form.company), title: opt(form.title),
      timeZone: form.timeZone.trim() || undefined,
      preferredChannel: form.preferredChannel || undefined,
      reachable: form.reachable,
      relationship: form.relationship,
      interests: splitList(form.interests),
      notes: opt(form.notes),
    });
  };
  const claimed = ['name', 'email', 'phone', 'company', 'title', 'timeZone', 'preferredChannel', 'reachable', 'relationship', 'interests', 'notes'];
  return (
    <Dialog title="New contact" onClose={onClose} wide testId="new-contact-dialog">
      <form onSubmit={submit} noValidate className="stack">
        <ErrorSummary errors={errors} claimed={claimed} title="The contact was not saved" />
        <div className="row">
          <Field label="Name" error={errors.field('name')}>
            {(p) => <input {...p} name="name" value={form.name} onChange={(e) => set('name')(e.target.value)} data-autofocus />}
          </Field>
          <Field label="Company" error={errors.field('company')}>
            {(p) => <input {...p} name="company" value={form.company} onChange={(e) => set('company')(e.target.value)} />}
          </Field>
        </div>
        <div className="row">
          <Field label="Email" error={errors.field('email')}>
            {(p) => <input {...p} name="email" type="email" value={form.email} onChange={(e) => set('email')(e.target.value)} />}
          </Field>
          <Field label="Phone" error={errors.field('phone')}>
            {(p) => <input {...p} name="phone" type="tel" value={form.phone} onChange={(e) => set('phone')(e.target.value)} />}
          </Field>
        </div>
        <div className="row">
          <Field label="Title" error={errors.field('title')}>
            {(p) => <input {...p} name="title" value={form.title} onChange={(e) => set('title')(e.target.value)} />}
          </Field>
          <Field label="Their time zone" error={errors.field('timeZone')}>
            {(p) => <ZoneInput {...p} name="timeZone" value={form.timeZone} onChange={set('timeZone')} />}
          </Field>
        </div>
        <div className="row">
          <Field label="Preferred channel" error={errors.field('preferredChannel')}>
            {(p) => (
              <select {...p} name="preferredChannel" value={form.preferredChannel} onChange={(e) => set('preferredChannel')(e.target.value as Channel | '')}>
                <option value="">Not known yet</option>
                {channels.map((c) => <option key={c} value={c}>{channelLabel(c)}</option>)}
              </select>
            )}
          </Field>
          <Field label="Relationship" error={errors.field('relationship')}>
            {(p) => (
              <select {...p} name="relationship" value={form.relationship} onChange={(e) => set('relationship')(e.target.value as Relationship)}>
                {relationships.map((r) => <option key={r} value={r}>{label(r)}</option>)}
              </select>
            )}
          </Field>
        </div>
        <ReachableFields value={form.reachable} onChange={set('reachable')} errors={errors} />
        <Field label="What they care about" hint="Interests, separated by commas." error={errors.field('interests')}>
          {(p) => <input {...p} name="interests" value={form.interests} onChange={(e) => set('interests')(e.target.value)} />}
        </Field>
        <Field label="Notes" error={errors.field('notes')}>
          {(p) => <textarea {...p} name="notes" rows={3} value={form.notes} onChange={(e) => set('notes')(e.target.value)} />}
        </Field>
        <DialogActions onCancel={onClose} disabled={save.isPending}>Save contact</DialogActions>
      </form>
    </Dialog>
  );
}
