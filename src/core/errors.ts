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

  static invalid(path: string, message: string): AppError {
    return new AppError('invalid', `${path}: ${message}`, [{ path, message }]);
  }

  static notFound(what: string): AppError {
    return new AppError('not-found', `${what} not found`);
  }
}
