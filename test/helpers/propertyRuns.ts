/**
 * How many cases a fast-check property tries.
 *
 * Each property names the count that keeps the unit run quick while still trying a few hundred
 * random cases on every run (fast-check picks a new seed each time, so runs add up). Set
 * PROPERTY_RUNS to run every property that many times instead: more for a thorough search after
 * changing the time math or the playbook engine, fewer for a quick check, e.g.
 *
 *   PROPERTY_RUNS=5000 npx vitest run src/core --testTimeout=600000
 *
 * (the larger count needs the longer timeout: some properties take tens of milliseconds a case).
 * A failing case prints its seed and path; `fc.assert(..., { seed, path })` replays it.
 */
export function propertyRuns(usual: number): number {
  const raw = process.env.PROPERTY_RUNS?.trim();
  if (!raw) return usual;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`PROPERTY_RUNS must be a whole number of runs, at least 1; got "${raw}"`);
  return runs;
}
