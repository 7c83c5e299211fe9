import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, isMissing } from '../api.js';

interface FieldPreview { field: string; name: string; value: string | null; note: string | null }
interface TemplatePreview { fields: FieldPreview[]; warnings: string[] }

/**
 * Under a script or email template in the playbook editor: the values its merge fields will take
 * for you, and a warning for each that is empty (a message using it waits until it is filled).
 */
export function MergePreview({ text }: { text: string }) {
  const [debounced, setDebounced] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(text), 500);
    return () => window.clearTimeout(timer);
  }, [text]);
  const preview = useQuery({
    queryKey: ['template-preview', debounced],
    queryFn: async () => {
      try {
        return await api.post<TemplatePreview>('/playbooks/preview', { text: debounced });
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    enabled: debounced.includes('{{'),
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
  if (!debounced.includes('{{') || !preview.data || preview.data.fields.length === 0) return null;
  return (
    <div className="stack merge-preview" data-testid="merge-preview">
      {preview.data.warnings.length ? (
        <div className="alert alert-warn" role="status">
          <strong>Empty merge field{preview.data.warnings.length === 1 ? '' : 's'}</strong>
          <ul>{preview.data.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </div>
      ) : null}
      <details>
        <summary>Values used ({preview.data.fields.length} merge field{preview.data.fields.length === 1 ? '' : 's'})</summary>
        <dl className="facts">
          {preview.data.fields.map((f) => (
            <div key={f.field}>
              <dt><code>{`{{${f.field}}}`}</code> {f.name}</dt>
              <dd className="note">{f.value ? f.value : f.value === '' ? <em>empty (see above)</em> : <span className="muted">{f.note}</span>}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}
