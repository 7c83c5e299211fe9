import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/store/connect.js';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
const cli = sandbox.run;

/** Issue 16 item 2: `followthrough fields` lists the custom fields; `contacts --field` filters by them as the API does. */
describe('followthrough fields and contacts --field', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp({ timeZone: 'Europe/Amsterdam' });
    for (const name of ['Ann Able', 'Ben Bold']) expect((await sandbox.runAsync('contact', 'add', name)).status).toBe(0);
    // Defined and set through the store: the CLI only reads them.
    const store = connect(sandbox.databaseUrl);
    try {
      const workspace = await store.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
      const ann = await store.db.selectFrom('contacts').select('id').where('name', '=', 'Ann Able').executeTakeFirstOrThrow();
      const at = '2026-03-02T10:00:00.000Z';
      await store.db.insertInto('custom_fields').values([
        { id: 'cf-budget', workspace_id: workspace.id, entity: 'contact', key: 'budget', label: 'Budget', type: 'number', options: '[]', position: 0, created_at: at },
        { id: 'cf-plan', workspace_id: workspace.id, entity: 'deal', key: 'plan', label: 'Plan', type: 'choice', options: '["Basic","Pro"]', position: 0, created_at: at },
      ]).execute();
      await store.db.insertInto('custom_field_values')
        .values({ workspace_id: workspace.id, field_id: 'cf-budget', contact_id: ann.id, opportunity_id: null, value: '12000', number_value: 12000 }).execute();
    } finally {
      await store.close();
    }
  }, 300_000);

  it('lists the fields, and as JSON for scripts', () => {
    const run = cli('fields');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('budget');
    expect(run.stdout).toContain('Plan  (choice: Basic, Pro)');
    const json = cli('fields', '--entity', 'deal', '--json');
    expect((JSON.parse(json.stdout) as { items: { key: string }[] }).items.map((f) => f.key)).toEqual(['plan']);
    expect(cli('fields', '--help').stdout).toContain('Settings → Custom fields');
  });

  it('filters contacts by a custom field, and names an unknown one', () => {
    const from = cli('contacts', '--field', 'budget.from=1,000');
    expect(from.status, from.stderr).toBe(0);
    expect(from.stdout).toContain('Ann Able');
    expect(from.stdout).not.toContain('Ben Bold');
    expect(cli('contacts', '--field', 'budget.from=20000').stdout).toBe('No contacts match.\n');
    const unknown = cli('contacts', '--field', 'colour=red');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('"colour"');
  });
});
