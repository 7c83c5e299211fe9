import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.js';
import type { ContactAttention } from '../../../../src/shared/contacts.js';

const contacts = (n: number) => (n === 1 ? '1 contact' : `${n} contacts`);

/** Leads nobody is following up, and relationships gone quiet: counted by the server, each a link to its list. */
export function AttentionCounts() {
  const counts = useQuery({ queryKey: ['contacts', 'attention'], queryFn: () => api.get<ContactAttention>('/contacts/attention') });
  if (!counts.data) return null;
  const { noNextStep, stalled, silent } = counts.data;
  const links = [
    noNextStep ? { href: '#/contacts?nextStep=none', text: `${contacts(noNextStep)} ${noNextStep === 1 ? 'has' : 'have'} no next step` } : null,
    stalled ? { href: '#/contacts?nextStep=stalled', text: `${contacts(stalled)} with an open opportunity ${stalled === 1 ? 'has' : 'have'} nothing planned` } : null,
    silent ? { href: '#/contacts?silent=1', text: `${contacts(silent)} ${silent === 1 ? 'has' : 'have'} been silent too long` } : null,
  ].filter((link) => link !== null);
  if (links.length === 0) return null;
  return (
    <nav className="alert alert-info attention-counts" aria-label="Contacts waiting for you" data-testid="attention-counts">
      <ul>
        {links.map((link) => <li key={link.href}><a href={link.href}>{link.text}</a></li>)}
      </ul>
    </nav>
  );
}
