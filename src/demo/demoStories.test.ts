import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { demoStories, type DemoPlan } from './demoStories.js';
import { Rng, streamSeed } from './random.js';

const NOW = Date.parse('2026-03-02T15:00:00Z');
const plan = (patch: Partial<DemoPlan> = {}): DemoPlan => ({ contacts: 60, seed: 7, now: NOW, userZone: 'Europe/London', ...patch });
const all = (p: DemoPlan) => [...demoStories(p)];

describe('demo stories (pure: no database, no clock)', () => {
  it('are the same for a seed and clock, and different for another seed', () => {
    expect(all(plan())).toEqual(all(plan()));
    expect(all(plan({ seed: 8 })).map((s) => s.fields.email)).not.toEqual(all(plan()).map((s) => s.fields.email));
  });

  it('give one story per contact, each in order and none in the future', () => {
    const stories = all(plan());
    expect(stories).toHaveLength(60);
    expect(new Set(stories.map((s) => s.fields.email)).size).toBe(60);
    for (const story of stories) {
      expect(story.fields.email).toMatch(/^[a-z]+\.[a-z]+\d*@[a-z]+\.example$/);
      expect(story.createdAt).toBeLessThanOrEqual(NOW);
      let previous = story.createdAt;
      for (const step of story.steps) {
        const at = step.type === 'log' ? step.loggedAt : step.at;
        expect(at).toBeGreaterThanOrEqual(previous);
        expect(at).toBeLessThanOrEqual(NOW);
        if (step.type === 'log') expect(step.at).toBeLessThanOrEqual(step.loggedAt);
        previous = at;
      }
    }
  });

  it('keep the history within ~120 days, with yes, no and open next steps among them', () => {
    const steps = all(plan({ contacts: 200 })).flatMap((s) => s.steps);
    const logs = steps.flatMap((s) => (s.type === 'log' ? [s] : []));
    expect(Math.min(...logs.map((s) => s.at))).toBeGreaterThan(NOW - 125 * 86_400_000);
    const outcomes = new Set(logs.map((s) => s.outcome?.type));
    for (const outcome of ['yes', 'no', 'next-step', 'no-agreement']) expect(outcomes.has(outcome as never), outcome).toBe(true);
  });

  it('refuse a plan that cannot be made, before planning anything', () => {
    for (const bad of [{ contacts: 0 }, { contacts: 2.5 }, { contacts: 100_001 }, { seed: Number.NaN }]) {
      expect(() => all(plan(bad))).toThrow(AppError);
    }
  });
});

describe('the seeded generator', () => {
  it('repeats for a seed and stays in range', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const draws = Array.from({ length: 1000 }, () => a.next());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    const rng = new Rng(1);
    const ints = Array.from({ length: 1000 }, () => rng.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });

  it('gives each contact its own stream', () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => streamSeed(1, i));
    expect(new Set(seeds).size).toBe(1000);
  });
});
