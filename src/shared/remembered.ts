/**
 * The latest answers of a pure function, at most `max` of them. Its callers ask for a handful of keys
 * again and again (a zone's formatter, a minute's wall time, a day's bounds), so when full it simply
 * forgets them all. An answer that throws is not kept.
 */
export class Remembered<V> {
  private readonly answers = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string, compute: () => V): V {
    if (this.answers.has(key)) return this.answers.get(key) as V;
    const answer = compute();
    if (this.answers.size >= this.max) this.answers.clear();
    this.answers.set(key, answer);
    return answer;
  }
}
