import { useEffect, useRef, useState } from 'react';
import { isGone, type BookingApi } from './bookingApi.js';

/** "I'd rather not be contacted", with one confirmation: it stops everything, as an unsubscribe link does. */
export function OptOut({ userName, client, onOptedOut, onGone }: { userName: string; client: BookingApi; onOptedOut: () => void; onGone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (confirming) questionRef.current?.focus();
    else if (opened.current) openRef.current?.focus();
    opened.current = confirming;
  }, [confirming]);

  const optOut = async () => {
    setPending(true);
    try {
      await client.optOut();
      onOptedOut();
    } catch (error) {
      if (isGone(error)) onGone();
      else setProblem(error instanceof Error ? error.message : 'That did not work; please try again.');
      setPending(false);
    }
  };

  return (
    <section className="book-section book-optout" aria-labelledby="optout-title">
      <h2 id="optout-title">Rather not hear from us?</h2>
      {!confirming ? (
        <button type="button" ref={openRef} className="button-secondary" onClick={() => setConfirming(true)}>I'd rather not be contacted</button>
      ) : (
        <div className="alert alert-warn" role="group" aria-labelledby="optout-question" data-testid="optout-confirm">
          <p id="optout-question" ref={questionRef} tabIndex={-1}>
            <strong>Stop all contact?</strong> {userName} will no longer call, email or message you, and this link will stop working.
          </p>
          {problem ? <p className="field-error" role="alert">{problem}</p> : null}
          <div className="actions actions-start">
            <button type="button" className="button-danger" disabled={pending} onClick={() => void optOut()}>{pending ? 'Stopping…' : 'Yes, stop contacting me'}</button>
            <button type="button" className="button-link" onClick={() => setConfirming(false)}>No, go back</button>
          </div>
        </div>
      )}
    </section>
  );
}
