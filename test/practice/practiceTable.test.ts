import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const table = readFileSync(join(root, 'docs', 'practice.md'), 'utf8');
const rows = table.split('\n').filter((line) => /^\| \d+ \|/.test(line));

/** Issue 10 item 11: the table of the practice names only tests and functions that exist. */
describe('docs/practice.md', () => {
  it('has the ten practices and the ten guardrails', () => {
    expect(rows).toHaveLength(20);
  });

  it('names only test files that exist', () => {
    const tests = [...table.matchAll(/`((?:test|src)\/[\w/.-]+\.test\.ts)`/g)].map((m) => m[1] ?? '');
    expect(tests.length).toBeGreaterThan(40);
    expect(tests.filter((file) => !existsSync(join(root, file)))).toEqual([]);
  });

  it('names functions that the named source files export', () => {
    const missing: string[] = [];
    for (const row of rows) {
      const heldBy = row.split('|')[3] ?? '';
      let file: string | null = null;
      for (const [, token] of heldBy.matchAll(/`([^`]+)`/g)) {
        if (!token) continue;
        if (/^(core|shared|store)\/[\w/]+\.ts$/.test(token)) {
          file = join(root, 'src', token);
          if (!existsSync(file)) missing.push(token);
          continue;
        }
        if (file && /^\w+$/.test(token) && !new RegExp(`export (async )?(function|const) ${token}\\b`).test(readFileSync(file, 'utf8'))) {
          missing.push(`${token} in ${file.slice(root.length + 1)}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
