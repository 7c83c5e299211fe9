import { readableFieldMessage } from '../shared/readableErrors.js';

/** Every failure the domain can name. HTTP and CLI map these exhaustively. */
export const errorCodes = [
  'invalid',
  'not-found',
  'unauthorized',
  'forbidden',
  'conflict',
  'do-not-contact',
  'frequency-cap',
  'already-set-up',
  'rate-limited',
  'payload-too-large',
  'mail-failed',
  // Idempotency-Key: the first request with the key still runs (409), or the key was used for another request (422).
  'idempotency-key-in-use',
  'idempotency-key-reused',
  // A booking link's time was taken by another booking a moment earlier.
  'slot-taken',
  // Moving a deal that has no agreed next step (issue 16): agree one, or say to move it without one.
  'next-step-needed',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[];

  constructor(code: ErrorCode, message: string, errors: FieldError[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.errors = errors;
  }

  /** A refused field, worded for a salesperson: "When it happened: cannot be in the future." */
  static invalid(path: string, message: string): AppError {
    const sentence = readableFieldMessage(path, message);
    return new AppError('invalid', sentence, [{ path, message: sentence }]);
  }

  static notFound(what: string): AppError {
    return new AppError('not-found', `${what} not found`);
  }
}
