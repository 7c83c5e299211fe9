import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, isMissing } from '../api.js';

export type CoachCode = 'generic-opener' | 'no-interest-reference' | 'no-next-step' | 'pushy';
interface CoachFinding { code: string; message: string; start: number; end: number }
interface CoachReport { findings: CoachFinding[]; suggestedOpener: string }

/** Each flag in the words a salesperson uses. */
const FLAG_LABEL: Record<string, string> = {
  'generic-opener': 'Generic opener',
  'no-interest-reference': 'Nothing about them',
  'no-next-step': 'No next step',
  pushy: 'Pressure',
};

interface CoachHintsProps {
  /** What the salesperson is writing to the client. */
  text: string;
  /** Coach against what this contact cares about (and, with a follow-up, what was agreed). */
  contactId?: string | undefined;
  followUpId?: string | undefined;
  /** Only these flags (an agenda needs no next step of its own, for example); all by default. */
  only?: readonly CoachCode[];
  /** Offer the coach's suggested opener as a button that puts it in the text. */
  onUseOpener?: ((opener: string) => void) | undefined;
  /** Text shorter than this is not coached yet. */
  minLength?: number;
}

/**
 * The message coach, live under a text a client will read: flags generic openers, nothing about
 * them, no next step and pressure, and suggests an opener. Reads along half a second after typing stops.
 */
export function CoachHints({ text, contactId, followUpId, only, onUseOpener, minLength = 12 }: CoachHintsProps) {
  const [debounced, setDebounced] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(text), 500);
    return () => window.clearTimeout(timer);
  }, [text]);
  const ready = debounced.trim().length >= minLength;
  const coach = useQuery({
    queryKey: ['coach', contactId ?? null, followUpId ?? null, debounced],
    queryFn: async () => {
      try {
        return await api.post<CoachReport>('/coach', { text: debounced, ...(contactId ? { contactId } : {}), ...(followUpId ? { followUpId } : {}) });
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    enabled: ready,
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });
  if (!ready) return <p className="hint coach" data-testid="coach">The coach reads along once you have written a sentence.</p>;
  if (!coach.data) return null;
  const findings = coach.data.findings.filter((f) => !only || only.includes(f.code as CoachCode));
  if (findings.length === 0) {
    return <p className="alert alert-ok coach" role="status" data-testid="coach"><strong>Coach:</strong> nothing to flag. It is about them and moves things on.</p>;
  }
  const opener = coach.data.suggestedOpener;
  return (
    <div className="alert alert-warn coach" role="status" data-testid="coach">
      <strong>Coach</strong>
      <ul>
        {findings.map((f, i) => <li key={i} data-testid="coach-flag" data-code={f.code}><strong>{FLAG_LABEL[f.code] ?? f.code}:</strong> {f.message}</li>)}
      </ul>
      {opener ? (
        <p data-testid="coach-opener">
          Try opening with: <em>{opener}</em>{' '}
          {onUseOpener ? <button type="button" className="button-link" onClick={() => onUseOpener(opener)}>Use this opener</button> : null}
        </p>
      ) : null}
    </div>
  );
}
