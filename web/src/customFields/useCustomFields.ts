import { useQuery } from '@tanstack/react-query';
import type { CustomFieldEntity, CustomFieldView } from '../../../src/shared/customFields.js';
import { api, type Page } from '../api.js';

/** The workspace's custom fields on contacts or deals, in display order (Settings → Custom fields). */
export function useCustomFields(entity: CustomFieldEntity) {
  return useQuery({
    queryKey: ['custom-fields', entity],
    queryFn: async () => (await api.get<Page<CustomFieldView>>(`/custom-fields?entity=${entity}`)).items,
    staleTime: 60_000,
  });
}
