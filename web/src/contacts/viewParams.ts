/**
 * The contacts page's URL parameters and a saved view's definition, one from the other: opening a
 * view writes its filters, sort and columns into the URL; saving a view reads them back.
 */
import { defaultViewColumns, viewColumns, viewSorts, type ContactFilters, type ViewColumn, type ViewDefinition, type ViewSort } from '../../../src/shared/savedViews.js';

export type UrlParams = Record<string, string | undefined>;

/** Tags travel in one parameter, comma-separated: a tag never holds a comma (shared/tags.ts). */
export const tagsOf = (params: URLSearchParams): string[] => (params.get('tag') ?? '').split(',').map((t) => t.trim()).filter(Boolean);

export function sortOf(params: URLSearchParams): ViewSort {
  const sort = params.get('sort');
  return (viewSorts as readonly string[]).includes(sort ?? '') ? sort as ViewSort : 'name';
}

export function columnsOf(params: URLSearchParams): ViewColumn[] {
  const cols = params.get('cols');
  if (cols === null) return defaultViewColumns;
  return cols.split(',').filter((c): c is ViewColumn => (viewColumns as readonly string[]).includes(c));
}

/** The view of what the page shows now. `me` turns the signed-in user's id into "me", so a shared view means "mine" for whoever opens it. */
export function definitionOf(params: URLSearchParams, me: string): ViewDefinition {
  const owner = params.get('owner') ?? '';
  const dnc = params.get('dnc');
  const customFields: Record<string, string> = {};
  for (const [name, value] of params) if (name.startsWith('field.')) customFields[name] = value;
  const filters: ContactFilters = {
    ...(params.get('q') ? { q: params.get('q') ?? '' } : {}),
    ...(tagsOf(params).length ? { tag: tagsOf(params) } : {}),
    ...(owner ? { owner: owner === me ? 'me' : owner } : {}),
    ...(params.get('relationship') ? { relationship: params.get('relationship') as ContactFilters['relationship'] } : {}),
    ...(params.get('nextStep') ? { nextStep: params.get('nextStep') as ContactFilters['nextStep'] } : {}),
    ...(dnc === 'only' ? { doNotContact: true } : dnc === 'exclude' ? { doNotContact: false } : {}),
    ...(Object.keys(customFields).length ? { customFields } : {}),
  };
  return { filters, sort: sortOf(params), columns: columnsOf(params) };
}

/** The URL parameters that show a view (every other filter cleared). */
export function paramsOf(definition: ViewDefinition, viewId: string, me: string): UrlParams {
  const f = definition.filters;
  return {
    view: viewId,
    q: f.q, tag: f.tag?.join(','), owner: f.owner === 'me' ? me : f.owner, relationship: f.relationship, nextStep: f.nextStep,
    dnc: f.doNotContact === true ? 'only' : f.doNotContact === false ? 'exclude' : undefined,
    sort: definition.sort === 'name' ? undefined : definition.sort,
    cols: definition.columns.join(','),
    ...f.customFields,
  };
}

/** The filters of the page now, as a bulk action's {filter} selection. */
export const filterOf = (params: URLSearchParams, me: string): ContactFilters => definitionOf(params, me).filters;
