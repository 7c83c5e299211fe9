/**
 * Crash-test child: logs interactions in a tight loop until it is killed (the parent sends SIGKILL).
 * Prints `committed <interactionId> <outcome> <nextFollowUpId|->` after each transaction commits, so
 * the parent knows what must have survived.
 *
 *   DATABASE_URL=file:/tmp/x.db node --import tsx test/crash/logLoop.ts
 */
import { formatInstant } from '../../src/core/time.js';
import type { OutcomeType } from '../../src/core/types.js';
import { isSetUp, localActor, setup } from '../../src/services/accounts.js';
import { createContact } from '../../src/services/contacts.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { logInteraction, type LogInteractionInput } from '../../src/services/logInteraction.js';
import { connect, migrateToLatest } from '../../src/store/connect.js';

const CONTACTS = ['Ada Byron', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra'];

function pickOutcome(): OutcomeType {
  const roll = Math.random();
  if (roll < 0.7) return 'next-step';
  if (roll < 0.88) return 'no-agreement';
  return 'yes';
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const store = connect(databaseUrl);
  await migrateToLatest(store.db);
  const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1:3000' };

  if (!(await isSetUp(deps))) {
    await setup(deps, { email: 'crash@example.com', password: 'crash test password', name: 'Crash Tester', workspace: 'Crash', timeZone: 'Europe/Berlin' });
  }
  const actor = await localActor(deps);
  const existing = await store.db.selectFrom('contacts').select(['id', 'name']).where('workspace_id', '=', actor.workspace.id).execute();
  const contactIds = existing.map((c) => c.id);
  for (const name of CONTACTS.filter((n) => !existing.some((c) => c.name === n))) {
    contactIds.push((await createContact(deps, actor, { name, timeZone: 'America/Chicago' })).id);
  }

  // The follow-up each contact's next touch fulfils: its newest open one, as a salesperson would.
  const openFollowUp = new Map<string, string>();
  const open = await store.db.selectFrom('follow_ups').select(['id', 'contact_id']).where('workspace_id', '=', actor.workspace.id)
    .where('status', '=', 'open').orderBy('created_at').orderBy('id').execute();
  for (const row of open) openFollowUp.set(row.contact_id, row.id);

  for (let i = 0; ; i++) {
    const contactId = contactIds[i % contactIds.length] ?? '';
    const outcome = pickOutcome();
    const now = Date.now();
    const fulfils = Math.random() < 0.6 ? openFollowUp.get(contactId) : undefined;
    const input: LogInteractionInput = {
      contactId,
      channel: 'call',
      result: 'connected',
      notes: `touch ${i}`,
      ...(fulfils ? { followUpId: fulfils } : {}),
      outcome: outcome === 'next-step'
        ? { type: outcome, next: { due: { at: formatInstant(now + 2 * 86_400_000) }, channel: 'email', agenda: `after touch ${i}` } }
        : { type: outcome },
    };
    const logged = await logInteraction(deps, actor, input);
    if (logged.fulfilled) openFollowUp.delete(contactId);
    if (logged.next) openFollowUp.set(contactId, logged.next.id);
    process.stdout.write(`committed ${logged.interaction.id} ${outcome} ${logged.next?.id ?? '-'}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
