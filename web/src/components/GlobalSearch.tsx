import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, query, type Contact, type Page } from '../api.js';
import { navigate } from '../router.js';
import './GlobalSearch.css';

const HITS = 8;
const DEBOUNCE_MS = 150;

/**
 * The one search box in the top bar (issue 16 item 4): `/` focuses it, hits come as you type, arrow
 * keys and Enter open a contact, Escape closes. The last option opens the full list on Contacts.
 */
export function GlobalSearch() {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const hits = useQuery({
    queryKey: ['contacts', 'search', q],
    queryFn: () => api.get<Page<Contact>>(`/contacts${query({ q, limit: HITS })}`),
    enabled: q !== '',
    staleTime: 10_000,
    placeholderData: (previous) => previous,
  });
  const items = q ? hits.data?.items ?? [] : [];
  // The hits, then "all results" on the Contacts page.
  const optionCount = q ? items.length + 1 : 0;
  const expanded = open && q !== '';

  const close = () => { setOpen(false); setActive(-1); };
  const choose = (index: number) => {
    const hit = items[index];
    if (hit) navigate(`/contacts/${hit.id}`);
    else navigate('/contacts', { q });
    setText('');
    setQ('');
    close();
    inputRef.current?.blur();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (optionCount === 0) return;
      event.preventDefault();
      setOpen(true);
      const down = event.key === 'ArrowDown';
      setActive((a) => (down ? (a >= optionCount - 1 ? 0 : a + 1) : (a <= 0 ? optionCount - 1 : a - 1)));
    } else if (event.key === 'Enter') {
      if (!q && !text.trim()) return;
      event.preventDefault();
      if (active >= 0) choose(active);
      else navigate('/contacts', { q: text.trim() });
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (expanded) close();
      else { setText(''); inputRef.current?.blur(); }
    }
  };

  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <div className="global-search" role="search" aria-label="Quick search">
      <label htmlFor="global-search" className="visually-hidden">Search contacts</label>
      <input
        ref={inputRef}
        id="global-search"
        type="search"
        role="combobox"
        autoComplete="off"
        placeholder="Search  /"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        value={text}
        onChange={(e) => { setText(e.target.value); setOpen(true); setActive(-1); }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(close, 150)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Contacts found" className="global-search-hits" hidden={!expanded}>
        {items.map((hit, index) => (
          <li
            key={hit.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(index)}
          >
            <span className="global-search-name">{hit.name}</span>
            {hit.company ? <span className="muted"> · {hit.company}</span> : null}
            {hit.match ? <span className="global-search-match">{hit.match}</span> : null}
          </li>
        ))}
        <li id={optionId(items.length)} role="option" aria-selected={active === items.length} onMouseDown={(e) => e.preventDefault()} onClick={() => choose(items.length)}>
          {items.length === 0 && !hits.isFetching ? <span className="global-search-match">No contact matches “{q}” yet.</span> : null}
          All results for “{q}” on Contacts
        </li>
      </ul>
    </div>
  );
}
