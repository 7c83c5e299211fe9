/** Tags on a contact: chips in lists, and on the contact's page chips you can take off and a box to add one. */
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Tag } from '../../../src/shared/tags.js';
import { api, type Page } from '../api.js';
import { FormErrors } from '../components/ui.js';
import './contactsViews.css';

export const useTags = () => useQuery({ queryKey: ['tags'], queryFn: () => api.get<Page<Tag>>('/tags') });

export function TagChips({ tags }: { tags: readonly string[] | undefined }) {
  if (!tags?.length) return null;
  return (
    <ul className="chips tag-chips" aria-label="Tags">
      {tags.map((tag) => <li key={tag}>{tag}</li>)}
    </ul>
  );
}

export function ContactTags({ contactId, tags }: { contactId: string; tags: readonly string[] }) {
  const client = useQueryClient();
  const known = useTags();
  const inputId = useId();
  const listId = useId();
  const [text, setText] = useState('');
  const done = () => {
    void client.invalidateQueries({ queryKey: ['contact', contactId] });
    void client.invalidateQueries({ queryKey: ['contacts'] });
    void client.invalidateQueries({ queryKey: ['tags'] });
  };
  const add = useMutation({
    mutationFn: (tag: string) => api.post<{ tags: string[] }>(`/contacts/${contactId}/tags`, { tags: [tag] }),
    onSuccess: () => { setText(''); done(); },
  });
  const remove = useMutation({ mutationFn: (tag: string) => api.delete(`/contacts/${contactId}/tags/${encodeURIComponent(tag)}`), onSuccess: done });
  const error = FormErrors.from(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) add.mutate(text.trim());
  };
  return (
    <div className="contact-tags" data-testid="contact-tags">
      <ul className="chips tag-chips" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag}>
            {tag}
            <button type="button" className="chip-remove" aria-label={`Remove tag ${tag}`} onClick={() => remove.mutate(tag)}>×</button>
          </li>
        ))}
        {tags.length === 0 ? <li className="muted chip-empty">No tags yet</li> : null}
      </ul>
      <form className="tag-add" onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="visually-hidden">Add a tag</label>
        <input id={inputId} list={listId} placeholder="Add a tag" value={text} onChange={(e) => setText(e.target.value)} maxLength={40} />
        <datalist id={listId}>{known.data?.items.map((t) => <option key={t.id} value={t.name} />)}</datalist>
        <button type="submit" className="button-secondary" disabled={add.isPending}>Add tag</button>
      </form>
      {!error.empty ? <p className="field-error" role="alert">{error.field('tags') ?? error.detail}</p> : null}
    </div>
  );
}

/** The contacts list's tag filter: one tag from the workspace's (the URL keeps several, comma-separated). */
export function TagFilter({ value, onChange }: { value: readonly string[]; onChange(tags: string[]): void }) {
  const tags = useTags();
  const id = useId();
  if (!tags.data?.items.length && value.length === 0) return null;
  const current = value.join(',');
  return (
    <div className="field tag-filter">
      <label htmlFor={id}>Tag</label>
      <select id={id} value={current} onChange={(e) => onChange(e.target.value ? e.target.value.split(',') : [])}>
        <option value="">Any</option>
        {value.length > 1 ? <option value={current}>{value.join(' + ')}</option> : null}
        {tags.data?.items.map((t) => <option key={t.id} value={t.name}>{t.name} ({t.contacts})</option>)}
      </select>
    </div>
  );
}
