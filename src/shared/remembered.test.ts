import { describe, expect, it } from 'vitest';
import { Remembered } from './remembered.js';

describe('Remembered: a pure function\'s latest answers', () => {
  it('computes a key once, keeps null as an answer, and keeps nothing that throws', () => {
    const kept = new Remembered<string | null>(10);
    let computed = 0;
    const answer = (key: string) => kept.get(key, () => { computed++; return key === 'none' ? null : key.toUpperCase(); });
    expect([answer('a'), answer('a'), answer('none'), answer('none')]).toEqual(['A', 'A', null, null]);
    expect(computed).toBe(2);
    expect(() => kept.get('bad', () => { throw new Error('no'); })).toThrow('no');
    expect(kept.get('bad', () => 'fine')).toBe('fine');
  });

  it('holds at most its bound, forgetting all at once when full', () => {
    const kept = new Remembered<number>(2);
    let computed = 0;
    const answer = (key: string) => kept.get(key, () => ++computed);
    expect([answer('a'), answer('b'), answer('a')]).toEqual([1, 2, 1]);
    expect(answer('c')).toBe(3);
    expect(answer('a')).toBe(4);
  });
});
