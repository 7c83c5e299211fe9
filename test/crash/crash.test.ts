import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Store } from '../../src/store/connect.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

/**
 * "A crash (kill -9) at any moment leaves the database consistent: an interaction whose outcome was
 * next-step always has its follow-up; nothing is half written." A child process logs interactions in
 * a tight loop; we SIGKILL it at random moments, and after every kill check the database.
 */

const KILLS = 6;
const LOOP_SCRIPT = fileURLToPath(new URL('./logLoop.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Committed {
  interactionId: string;
  outcome: string;
  nextFollowUpId: string | null;
}

interface KilledRun {
  committed: Committed[];
  signal: NodeJS.Signals | null;
}

const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));

/** Starts the logger, lets it commit a random number of rows, then SIGKILLs it at a random moment. */
function runAndKill(databaseUrl: string, children: Set<ChildProcess>): Promise<KilledRun> {
  const killAfterLines = randomInt(5, 60);
  const extraDelayMs = randomInt(0, 25);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOOP_SCRIPT], {
      cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const committed: Committed[] = [];
    let stdout = '';
    let stderr = '';
    let killScheduled = false;
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the logger committed only ${committed.length} rows in 30 s\n${stderr}`));
    }, 30_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) {
        const [word, interactionId, outcome, next] = line.split(' ');
        if (word === 'committed' && interactionId && outcome) committed.push({ interactionId, outcome, nextFollowUpId: next && next !== '-' ? next : null });
      }
      if (!killScheduled && committed.length >= killAfterLines) {
        killScheduled = true;
        setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timeout);
      children.delete(child);
      if (signal !== 'SIGKILL') reject(new Error(`the logger exited by itself (code ${code}, signal ${signal})\n${stderr}`));
      else resolve({ committed, signal });
    });
  });
}

describe.each(testDialects())('kill -9 while logging interactions on %s', (dialect) => {
  let databaseUrl: string;
  const children = new Set<ChildProcess>();
  const everCommitted: Committed[] = [];

  beforeAll(async () => { databaseUrl = await createTestDatabaseUrl(dialect); });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  for (let round = 1; round <= KILLS; round++) {
    describe(`after SIGKILL number ${round}`, () => {
      let store: Store;
      let run: KilledRun;

      beforeAll(async () => {
        run = await runAndKill(databaseUrl, children);
        everCommitted.push(...run.committed);
        store = connect(databaseUrl);
      }, 40_000);
      afterAll(async () => { await store?.close(); });

      it.runIf(dialect === 'sqlite')('passes PRAGMA integrity_check and foreign_key_check', async () => {
        const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
        expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
        const foreignKeys = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(store.db);
        expect(foreignKeys.rows).toEqual([]);
      });

      it('keeps every interaction the logger reported committed, with the follow-up it reported', async () => {
        expect(run.committed.length).toBeGreaterThan(0);
        const ids = everCommitted.map((c) => c.interactionId);
        const found = new Set<string>();
        for (let i = 0; i < ids.length; i += 500) {
          const rows = await store.db.selectFrom('interactions').select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
          for (const row of rows) found.add(row.id);
        }
        expect(ids.filter((id) => !found.has(id))).toEqual([]);
        const nextIds = everCommitted.flatMap((c) => (c.nextFollowUpId ? [c.nextFollowUpId] : []));
        const foundNext = new Set<string>();
        for (let i = 0; i < nextIds.length; i += 500) {
          const rows = await store.db.selectFrom('follow_ups').select('id').where('id', 'in', nextIds.slice(i, i + 500)).execute();
          for (const row of rows) foundNext.add(row.id);
        }
        expect(nextIds.filter((id) => !foundNext.has(id))).toEqual([]);
      });

      it('gives every next-step interaction exactly one follow-up created by it', async () => {
        const counts = await store.db.selectFrom('interactions as i')
          .leftJoin('follow_ups as f', 'f.created_by_interaction_id', 'i.id')
          .select(['i.id', (eb) => eb.fn.count<string>('f.id').as('followUps')])
          .where('i.outcome', '=', 'next-step')
          .groupBy('i.id')
          .execute();
        expect(counts.length).toBeGreaterThan(0);
        expect(counts.filter((c) => Number(c.followUps) !== 1)).toEqual([]);
      });

      it('has no follow-up created by an interaction that does not exist or was not a next step', async () => {
        const orphans = await store.db.selectFrom('follow_ups as f')
          .leftJoin('interactions as i', 'i.id', 'f.created_by_interaction_id')
          .select(['f.id', 'i.outcome'])
          .where('f.created_by_interaction_id', 'is not', null)
          .where((eb) => eb.or([eb('i.id', 'is', null), eb('i.outcome', '!=', 'next-step')]))
          .execute();
        expect(orphans).toEqual([]);
      });

      it('marks done exactly the follow-ups an interaction fulfilled', async () => {
        const fulfilled = await store.db.selectFrom('interactions').select('follow_up_id').where('follow_up_id', 'is not', null).execute();
        const fulfilledIds = new Set(fulfilled.map((r) => r.follow_up_id));
        expect(fulfilledIds.size).toBe(fulfilled.length);
        const done = await store.db.selectFrom('follow_ups').select(['id', 'done_at']).where('status', '=', 'done').execute();
        expect(done.filter((f) => !fulfilledIds.has(f.id) || f.done_at === null)).toEqual([]);
        expect(done.length).toBe(fulfilledIds.size);
      });

      it('keeps each opportunity\'s touches equal to the highest touch number of its interactions', async () => {
        const rows = await store.db.selectFrom('opportunities as o')
          .leftJoin('interactions as i', 'i.opportunity_id', 'o.id')
          .select(['o.id', 'o.touches', (eb) => eb.fn.max<number | null>('i.touch_number').as('maxTouch')])
          .groupBy(['o.id', 'o.touches'])
          .execute();
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.filter((r) => Number(r.touches) !== Number(r.maxTouch ?? 0))).toEqual([]);
      });
    });
  }
});
