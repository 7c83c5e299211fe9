import type { AgendaItem } from '../../api.js';
import { channelLabel } from '../../components/channelLabel.js';

export interface AgendaFilter {
  promisedOnly: boolean;
  /** '' for every channel. */
  channel: string;
  /** '' for all, NO_PLAYBOOK for follow-ups not from a playbook, else a playbook's key. */
  playbook: string;
}

export const NO_FILTER: AgendaFilter = { promisedOnly: false, channel: '', playbook: '' };
const NO_PLAYBOOK = '-';

export const isFiltered = (filter: AgendaFilter): boolean =>
  filter.promisedOnly || filter.channel !== '' || filter.playbook !== '';

export function matches(filter: AgendaFilter, item: AgendaItem): boolean {
  if (filter.promisedOnly && !item.followUp.promised) return false;
  if (filter.channel && item.followUp.channel !== filter.channel) return false;
  if (filter.playbook === NO_PLAYBOOK) return !item.playbook;
  if (filter.playbook && item.playbook?.key !== filter.playbook) return false;
  return true;
}

/** Promised only, a channel, a playbook: the choices offered are the ones on the day. */
export function AgendaFilters({ items, filter, onChange }: { items: AgendaItem[]; filter: AgendaFilter; onChange: (filter: AgendaFilter) => void }) {
  const channels: string[] = [...new Set(items.map((item) => item.followUp.channel))].sort();
  const playbooks = new Map<string, string>();
  for (const item of items) if (item.playbook) playbooks.set(item.playbook.key, item.playbook.name ?? 'A deleted playbook');
  return (
    <div className="agenda-filters" role="group" aria-label="Show only">
      <label className="checkbox">
        <input type="checkbox" checked={filter.promisedOnly} onChange={(e) => onChange({ ...filter, promisedOnly: e.target.checked })} />
        Promised only
      </label>
      <label className="filter-select">
        <span className="visually-hidden">Channel</span>
        <select value={filter.channel} onChange={(e) => onChange({ ...filter, channel: e.target.value })}>
          <option value="">All channels</option>
          {(filter.channel && !channels.includes(filter.channel) ? [...channels, filter.channel] : channels).map((c) => (
            <option key={c} value={c}>{channelLabel(c)}</option>
          ))}
        </select>
      </label>
      {playbooks.size || filter.playbook ? (
        <label className="filter-select">
          <span className="visually-hidden">Playbook</span>
          <select value={filter.playbook} onChange={(e) => onChange({ ...filter, playbook: e.target.value })}>
            <option value="">All follow-ups</option>
            <option value={NO_PLAYBOOK}>Not from a playbook</option>
            {[...playbooks].sort((a, b) => a[1].localeCompare(b[1])).map(([key, name]) => <option key={key} value={key}>{name}</option>)}
          </select>
        </label>
      ) : null}
      {isFiltered(filter) ? <button type="button" className="button-link" onClick={() => onChange(NO_FILTER)}>Show all</button> : null}
    </div>
  );
}
