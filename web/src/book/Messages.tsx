import { useEffect, useRef } from 'react';

/** A heading that takes focus when it appears, so a screen reader starts reading from the new state. */
export function FocusHeading({ children, level = 1, id }: { children: string; level?: 1 | 2; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return level === 1
    ? <h1 ref={ref} tabIndex={-1} id={id}>{children}</h1>
    : <h2 ref={ref} tabIndex={-1} id={id}>{children}</h2>;
}

/** Unknown, expired, withdrawn or already settled: one message, whatever the reason (the server says no more). */
export function LinkGone() {
  useEffect(() => { document.title = 'This link is no longer valid'; }, []);
  return (
    <main className="book" id="main" data-testid="link-gone">
      <FocusHeading>This link is no longer valid</FocusHeading>
      <p>It may have expired or been replaced by a newer one.</p>
      <p>If you would still like to talk, reply to the email that brought you here and ask for a new link.</p>
    </main>
  );
}

export function OptedOut({ userName }: { userName: string }) {
  useEffect(() => { document.title = 'You will not be contacted again'; }, []);
  return (
    <main className="book" id="main" data-testid="opted-out">
      <div className="alert alert-ok" role="status">
        <FocusHeading>You will not be contacted again</FocusHeading>
        <p>{userName} will not call, email or message you from now on, and this link no longer works.</p>
      </div>
    </main>
  );
}

export function LoadFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <main className="book" id="main">
      <h1>Choose a time</h1>
      <div className="alert alert-error" role="alert">
        <p><strong>The times could not be loaded.</strong> {message}</p>
        <button type="button" onClick={onRetry}>Try again</button>
      </div>
    </main>
  );
}

export interface NoticeText {
  tone: 'info' | 'ok' | 'warn' | 'error';
  text: string;
  /** Move focus to it (after something the client did); not for what the page says on arrival. */
  focus?: boolean;
}

/** One message above the form: what just happened, or why the time they picked is not there. */
export function Notice({ notice }: { notice: NoticeText }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => { if (notice.focus) ref.current?.focus(); }, [notice]);
  return (
    <div ref={ref} tabIndex={-1} className={`alert alert-${notice.tone} book-notice`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="notice">
      {notice.text}
    </div>
  );
}
