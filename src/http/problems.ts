import type { ErrorCode, FieldError } from '../core/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

const TYPE_BASE = 'https://followthrough.dev/problems/';

/** Every error code has exactly one HTTP meaning; adding a code without a case fails to compile. */
export function statusOf(code: ErrorCode): { status: number; title: string } {
  switch (code) {
    case 'invalid': return { status: 400, title: 'Invalid input' };
    case 'unauthorized': return { status: 401, title: 'Not authenticated' };
    case 'forbidden': return { status: 403, title: 'Forbidden' };
    case 'not-found': return { status: 404, title: 'Not found' };
    case 'conflict': return { status: 409, title: 'Conflict' };
    case 'do-not-contact': return { status: 409, title: 'Contact is do-not-contact' };
    case 'frequency-cap': return { status: 409, title: 'Frequency cap reached' };
    case 'already-set-up': return { status: 409, title: 'Already set up' };
    case 'payload-too-large': return { status: 413, title: 'Payload too large' };
    case 'rate-limited': return { status: 429, title: 'Too many requests' };
    case 'mail-failed': return { status: 502, title: 'The mail server refused' };
    case 'idempotency-key-in-use': return { status: 409, title: 'Idempotency-Key in use' };
    case 'slot-taken': return { status: 409, title: 'That time was just taken' };
    case 'next-step-needed': return { status: 409, title: 'This deal has no agreed next step' };
    case 'idempotency-key-reused': return { status: 422, title: 'Idempotency-Key used for a different request' };
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
}

export function problemFor(code: ErrorCode, detail: string, errors: FieldError[] = []): Problem {
  const { status, title } = statusOf(code);
  return { type: `${TYPE_BASE}${code}`, title, status, detail, ...(errors.length ? { errors } : {}) };
}
