import { expect } from 'vitest';
import type { z } from 'zod';
import type { problemSchema } from '../../src/shared/index.js';

export type Problem = z.infer<typeof problemSchema>;

/** Asserts an RFC 9457 problem response with the status (and, if given, the type's last segment). */
export function expectProblem(response: { status: number; body: unknown; headers: Record<string, unknown> }, status: number, typeSuffix?: string): Problem {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const problem = response.body as Problem;
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (typeSuffix) expect(problem.type.endsWith(typeSuffix), problem.type).toBe(true);
  return problem;
}

/** The field paths a validation problem names. */
export const problemPaths = (problem: Problem): string[] => (problem.errors ?? []).map((e) => e.path);
