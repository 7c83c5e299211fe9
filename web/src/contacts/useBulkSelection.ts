import { useState } from 'react';
import type { BulkSelection } from '../../../src/shared/bulk.js';
import type { ContactFilters } from '../../../src/shared/savedViews.js';

/**
 * Which contacts the bulk bar acts on: rows ticked one by one, or every contact the filters match
 * ("select all"). A new filter (another `scope`) starts a new selection.
 */
export function useBulkSelection(scope: string, filter: ContactFilters) {
  const [state, setState] = useState<{ scope: string; ids: Set<string>; all: boolean }>({ scope, ids: new Set(), all: false });
  const current = state.scope === scope ? state : { scope, ids: new Set<string>(), all: false };
  const toggle = (id: string, on: boolean) => {
    const ids = new Set(current.ids);
    if (on) ids.add(id);
    else ids.delete(id);
    setState({ scope, ids, all: false });
  };
  const selection: BulkSelection | null = current.all ? { filter } : current.ids.size ? { ids: [...current.ids] } : null;
  return {
    isPicked: (id: string) => current.all || current.ids.has(id),
    toggle,
    pickPage: (ids: string[], on: boolean) => setState({ scope, ids: on ? new Set([...current.ids, ...ids]) : new Set(), all: false }),
    selectAll: () => setState({ scope, ids: new Set(), all: true }),
    clear: () => setState({ scope, ids: new Set(), all: false }),
    all: current.all,
    count: current.all ? null : current.ids.size,
    selection,
  };
}
