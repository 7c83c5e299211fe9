import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 11: the lint configuration itself is tested. Small code samples are linted at virtual paths
 * with the repository's eslint.config.js, and each boundary must fail with its own rule; a runtime
 * import cycle needs files on disk (import-x reads the imported modules), so it uses the fixtures in
 * test/lint/fixtures, linted as if that folder were the repository root.
 */
const root = resolve(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures');

interface Finding { ruleId: string | null; message: string }

let eslint: ESLint;

async function lint(path: string, code: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

const errorsOf = (findings: Finding[], ruleId: string): string[] => findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

describe('lint: no runtime import cycle in src', () => {
  let findings: Map<string, Finding[]>;

  beforeAll(async () => {
    const fixtureLint = new ESLint({ cwd: fixtures, overrideConfigFile: join(root, 'eslint.config.js') });
    const results = await fixtureLint.lintFiles(['src/services/*.ts']);
    findings = new Map(results.map((r) => [r.filePath.slice(fixtures.length + 1), r.messages.map(({ ruleId, message }) => ({ ruleId, message }))]));
  }, 60_000);

  it('fails on a cycle of value imports, on both sides', () => {
    expect(errorsOf(findings.get('src/services/ping.ts') ?? [], 'import-x/no-cycle')).toEqual(['Dependency cycle detected']);
    expect(errorsOf(findings.get('src/services/pong.ts') ?? [], 'import-x/no-cycle')).toEqual(['Dependency cycle detected']);
  });

  it('passes a cycle that only a type import closes (erased at runtime)', () => {
    expect(findings.get('src/services/typeOnlyA.ts')).toEqual([]);
    expect(findings.get('src/services/typeOnlyB.ts')).toEqual([]);
  });
});

describe('lint: services do not build queries', () => {
  it('fails on query building and raw SQL in a service', async () => {
    const findings = await lint('src/services/sample.ts', [
      "import { sql } from 'kysely';",
      "import type { Db } from '../store/db.js';",
      'export async function sample(db: Db) {',
      "  await db.selectFrom('contacts').selectAll().execute();",
      "  await db.insertInto('audit_log').values({} as never).execute();",
      "  await db.updateTable('outbox').set({ status: 'skipped' }).execute();",
      "  await db.deleteFrom('contacts').execute();",
      "  await db.with('recent', (q) => q.selectFrom('contacts').select('id')).selectFrom('recent').selectAll().execute();",
      '  await sql`select 1`.execute(db);',
      '}',
    ].join('\n'));
    expect(errorsOf(findings, 'no-restricted-imports')).toEqual([expect.stringContaining('services do not build queries')]);
    expect(errorsOf(findings, 'no-restricted-syntax').map((m) => /\(\.(\w+)\)|SQL/.exec(m)?.[0])).toEqual(expect.arrayContaining([
      '(.selectFrom)', '(.insertInto)', '(.updateTable)', '(.deleteFrom)', '(.with)', 'SQL',
    ]));
  });

  it('fails on query building in the demo data writer too, and on it importing the CLI', async () => {
    const findings = await lint('src/demo/sample.ts', [
      "import { printJson } from '../cli/output.js';",
      "import type { Db } from '../store/db.js';",
      "export const print = printJson;",
      "export const count = (db: Db) => db.selectFrom('contacts').selectAll().execute();",
    ].join('\n'));
    expect(errorsOf(findings, 'no-restricted-imports')).toEqual([expect.stringContaining('demo data is written through services')]);
    expect(errorsOf(findings, 'no-restricted-syntax')).toEqual([expect.stringContaining('(.selectFrom)')]);
  }, 120_000);

  it('fails on kysely helper values too (kysely/helpers/…)', async () => {
    const findings = await lint('src/services/sample.ts', "import { jsonArrayFrom } from 'kysely/helpers/postgres';\nexport const helper = jsonArrayFrom;\n");
    expect(errorsOf(findings, 'no-restricted-imports')).toEqual([expect.stringContaining('services do not build queries')]);
  });

  it('passes type imports of Kysely and Transaction, a store call, and Temporal\'s .with', async () => {
    const findings = await lint('src/services/sample.ts', [
      "import type { Kysely, Transaction } from 'kysely';",
      "import { Temporal } from 'temporal-polyfill';",
      "import { findContact } from '../store/contacts.js';",
      'export type Handle = Kysely<object> | Transaction<object>;',
      "export const firstOfMonth = (iso: string) => Temporal.PlainDate.from(iso).with({ day: 1 });",
      'export const find = findContact;',
    ].join('\n'));
    expect(findings).toEqual([]);
  });

  it('lets the store build queries', async () => {
    const findings = await lint('src/store/sample.ts', "import { sql } from 'kysely';\nimport type { Db } from './db.js';\nexport const ping = (db: Db) => sql`select 1`.execute(db);\n");
    expect(findings).toEqual([]);
  });
});

describe('lint: the core is pure', () => {
  it.each([
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n"],
    ['pg', "import pg from 'pg';\nexport const Pool = pg.Pool;\n"],
    ['kysely', "import { sql } from 'kysely';\nexport const one = sql`select 1`;\n"],
    ['the store', "import { findContact } from '../store/contacts.js';\nexport const find = findContact;\n"],
  ])('fails on an import of %s', async (_name, code) => {
    expect(errorsOf(await lint('src/core/sample.ts', code), 'no-restricted-imports')).toHaveLength(1);
  });

  it('fails on reading process (environment) or fetch', async () => {
    const findings = await lint('src/core/sample.ts', "export const zone = process.env.TZ;\nexport const get = () => fetch('https://example.com');\n");
    expect(errorsOf(findings, 'no-restricted-globals')).toEqual([
      expect.stringContaining('src/core reads no environment'), expect.stringContaining('src/core does no I/O'),
    ]);
  });

  it('passes an import of src/shared and of core itself', async () => {
    const findings = await lint('src/core/sample.ts', "import { formatInstant } from './time.js';\nimport type { Channel } from '../shared/vocabulary.js';\nexport const at = (ms: number, _c?: Channel) => formatInstant(ms);\n");
    expect(findings).toEqual([]);
  });
});

describe('lint: rooms of the house', () => {
  it.each([
    ['src/mail/sample.ts', '../services/logInteraction.js'],
    ['src/mail/sample.ts', '../jobs/worker.js'],
    ['src/calendar/sample.ts', '../services/followUps.js'],
    ['src/calendar/sample.ts', '../http/app.js'],
  ])('%s may not import %s', async (path, from) => {
    const findings = await lint(path, `import * as other from '${from}';\nexport const used = other;\n`);
    expect(errorsOf(findings, 'no-restricted-imports')).toHaveLength(1);
  });

  it.each([
    ['src/http/routes/sample.ts', '../../store/outbox.js'],
    ['src/http/presenters.ts', '../store/accounts.js'],
  ])('%s may not reach into the store (%s), even for types', async (path, from) => {
    const findings = await lint(path, `import type * as store from '${from}';\nexport type Used = typeof store;\n`);
    expect(errorsOf(findings, 'no-restricted-imports')).toEqual([expect.stringContaining('http reaches the store through a service')]);
  });

  it('a service may not import its callers', async () => {
    const findings = await lint('src/services/sample.ts', "import { OutboxWorker } from '../jobs/worker.js';\nexport const worker = OutboxWorker;\n");
    expect(errorsOf(findings, 'no-restricted-imports')).toEqual([expect.stringContaining('services must not depend on their callers')]);
  });

  it('jobs may use services and mail (the reply watcher lives there)', async () => {
    const findings = await lint('src/jobs/sample.ts', "import { handleInboundMail } from '../services/replies.js';\nimport { parseInboundMail } from '../mail/inboundMail.js';\nexport const both = [handleInboundMail, parseInboundMail];\n");
    expect(findings).toEqual([]);
  });
});

describe('lint: the real files this configuration guards pass it', () => {
  it('services, core, jobs, mail and routes as they are', async () => {
    const files = ['src/services/outbox.ts', 'src/services/stopContacting.ts', 'src/core/outboxRules.ts', 'src/jobs/replyWatcher.ts', 'src/mail/inboundMail.ts', 'src/http/presenters.ts', 'src/http/routes/invitations.ts'];
    const results = await new ESLint({ cwd: root }).lintFiles(files);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length + 1)}: ${m.ruleId}: ${m.message}`))).toEqual([]);
  }, 60_000);
});
