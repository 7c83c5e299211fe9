import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, isMissing } from '../../api.js';
import { label } from '../../components/ui.js';

interface CoachFinding { code: string; message: string; start?: number; end?: number }

/** The message coach's findings for a script or template, shown inline as you write. */
export function CoachFindings({ text }: { text: string }) {
  const [debounced, setDebounced] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(text), 500);
    return () => window.clearTimeout(timer);
  }, [text]);
  const coach = useQuery({
    queryKey: ['coach', debounced],
    queryFn: async () => {
      try {
        return await api.post<{ findings: CoachFinding[]; suggestedOpener?: string }>('/coach', { text: debounced });
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    enabled: debounced.trim().length > 10,
    staleTime: Infinity,
  });
  if (!coach.data?.findings.length) return null;
  return (
    <div className="alert alert-warn coach" role="status">
      <strong>Coach</strong>
      <ul>{coach.data.findings.map((f, i) => <li key={i}><strong>{label(f.code)}:</strong> {f.message}</li>)}</ul>
      {coach.data.suggestedOpener ? <p>Try: <em>{coach.data.suggestedOpener}</em></p> : null}
    </div>
  );
}

