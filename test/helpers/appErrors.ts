import { AppError } from '../../src/core/errors.js';

/** The AppError a rule throws, or null when it accepts; any other error is the test's failure. */
export function refusal(run: () => unknown): AppError | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/** The field path of the first error in the AppError a rule must throw. */
export function pathOf(run: () => unknown): string | undefined {
  const error = refusal(run);
  if (!error) throw new Error('expected an AppError');
  return error.errors[0]?.path;
}
