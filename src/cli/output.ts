import { ZodError } from 'zod';
import { AppError } from '../core/errors.js';
import { readableIssue } from '../shared/readableErrors.js';

/** One line on stderr that names the field, then a non-zero exit: scripts can rely on both. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const fields = error.errors.map((e) => e.message).filter((m) => !error.message.includes(m)).join(' ');
    return fields ? `${error.message} ${fields}` : error.message;
  }
  if (error instanceof ZodError) {
    return error.issues.map((i) => readableIssue(i.path.join('.'), { ...i, code: i.code, message: i.message })).join(' ');
  }
  if (error instanceof Error) return error.message.split('\n')[0] ?? 'failed';
  return String(error);
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof AppError || error instanceof ZodError) return 2;
  return 1;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
