import {
  createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ReactNode,
} from 'react';
import { isApiError, type FieldError } from '../api.js';

/** A modal built on <dialog>: focus is trapped by the browser, Escape closes, focus returns on close. */
export function Dialog({ title, onClose, children, wide = false, testId }: {
  title: ReactNode; onClose: () => void; children: ReactNode; wide?: boolean; testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea');
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>×</button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}

/** Field errors from a problem JSON, claimed by the fields that show them; the rest go to the summary. */
export class FormErrors {
  constructor(readonly errors: FieldError[] = [], readonly detail: string | null = null, readonly local: Record<string, string> = {}) {}

  static from(error: unknown, local: Record<string, string> = {}): FormErrors {
    if (isApiError(error)) return new FormErrors(error.fieldErrors, error.message, local);
    if (error instanceof Error) return new FormErrors([], error.message, local);
    return new FormErrors([], null, local);
  }

  get empty(): boolean {
    return !this.errors.length && !this.detail && !Object.keys(this.local).length;
  }

  /** The first error for a path or anything below it ("outcome.next.due" claims "outcome.next.due.local"). */
  field(...paths: string[]): string | undefined {
    for (const path of paths) {
      if (this.local[path]) return this.local[path];
      const found = this.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path === `body.${path}`);
      if (found) return found.message;
    }
    return undefined;
  }

  /** Errors that no shown field claims. */
  unclaimed(claimed: string[]): FieldError[] {
    return this.errors.filter((e) => !claimed.some((c) => e.path === c || e.path.startsWith(`${c}.`) || e.path === `body.${c}`));
  }
}

export function ErrorSummary({ errors, claimed, title = 'That did not work' }: { errors: FormErrors; claimed: string[]; title?: string }) {
  if (errors.empty) return null;
  const rest = errors.unclaimed(claimed);
  const hasLocal = Object.keys(errors.local).length > 0;
  return (
    <div className="alert alert-error" role="alert">
      <strong>{hasLocal && !errors.detail ? 'Please check the highlighted fields.' : title}</strong>
      {errors.detail ? <p>{errors.detail}</p> : null}
      {rest.length ? (
        <ul>{rest.map((e, i) => <li key={i}><code>{e.path}</code>: {e.message}</li>)}</ul>
      ) : null}
    </div>
  );
}

interface FieldProps {
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
  className?: string;
}

/** A dialog form's buttons: Cancel, then the submit button (red when it stops or removes something). */
export function DialogActions({ onCancel, disabled, danger = false, children }: { onCancel: () => void; disabled: boolean; danger?: boolean; children: ReactNode }) {
  return (
    <div className="actions">
      <button type="button" className="button-secondary" onClick={onCancel}>Cancel</button>
      <button type="submit" {...(danger ? { className: 'button-danger' } : {})} disabled={disabled}>{children}</button>
    </div>
  );
}

/** A labelled control with its hint and its error right beside it. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint ? <div className="hint" id={hintId}>{hint}</div> : null}
      {error ? <div className="field-error" id={errorId} data-testid="field-error">{error}</div> : null}
    </div>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return <p className="muted" role="status">{label}</p>;
}

export function QueryError({ error, what }: { error: unknown; what: string }) {
  return (
    <div className="alert alert-error" role="alert">
      <strong>Could not load {what}.</strong> {error instanceof Error ? error.message : ''}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="empty">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function Badge({ tone = 'neutral', children, title }: { tone?: 'neutral' | 'danger' | 'warn' | 'ok' | 'info'; children: ReactNode; title?: string }) {
  return <span className={`badge badge-${tone}`} title={title}>{children}</span>;
}

// Status messages announced politely to screen readers and shown briefly.
const ToastContext = createContext<(message: string) => void>(() => undefined);
export const useToast = () => useContext(ToastContext);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const show = useCallback((text: string) => {
    setMessage(text);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setMessage(''), 6000);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className={message ? 'toast toast-visible' : 'toast'} role="status" aria-live="polite" data-testid="toast">{message}</div>
    </ToastContext.Provider>
  );
}

export const label = (value: string): string => value.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * Copies text; where the clipboard is missing or refused (plain HTTP on a LAN, a browser that says
 * no), `onUnavailable` selects the text instead so Ctrl+C copies it.
 */
export function CopyButton({ text, what, onUnavailable }: { text: string; what: string; onUnavailable?: () => void }) {
  const toast = useToast();
  const byHand = () => {
    onUnavailable?.();
    toast(onUnavailable ? `${what} selected: copy it with Ctrl+C or ⌘C` : `Select and copy the ${what.toLowerCase()} by hand`);
  };
  return (
    <button
      type="button"
      className="button-secondary"
      onClick={() => {
        if (!navigator.clipboard) return byHand();
        navigator.clipboard.writeText(text).then(() => toast(`${what} copied`), byHand);
      }}
    >
      Copy
    </button>
  );
}
