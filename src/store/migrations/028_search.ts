import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * One search box over contacts (issue 16 item 4). Each contact has one search document
 * (`contact_search_docs`): its name, company, email, phone (with the phone's digits and every tail
 * of them, so a fragment typed from the middle of a number is a word prefix), notes, and "agendas":
 * the agendas of its latest follow-ups and the notes of its latest touches. Triggers on contacts keep
 * the contact's own fields in the document at once, so every write path (a service, an import, an
 * erasure, psql) keeps search right without remembering to. A follow-up or touch only marks its
 * contact in `contact_search_stale` (one small row), and the worker rewrites those contacts' agendas
 * within seconds (store/contactSearch.ts: refreshStaleSearchDocuments): rewriting a contact's whole
 * document inside every logged touch made each touch pay for its contact's history, and a million
 * touches written at once (an import, the bench's data) about twenty times slower.
 * - SQLite: an FTS5 index over the documents (external content, kept by the documents' own
 *   triggers), unicode61 with diacritics removed, prefix indexes for search-as-you-type.
 * - PostgreSQL: a generated tsvector (config `simple`, folded by unaccent when the extension can be
 *   created, else by a fixed translate table) weighted name/company A, email/phone B, notes C,
 *   agendas D, with a GIN index.
 */

/**
 * How many of a contact's latest agendas and touch notes are searchable: keeps each document small,
 * which is what ranking a broad search costs.
 */
const RECENT = 8;
/** Phone digits beyond this many are not split into tails (no real number is longer). */
const PHONE_TAILS = 20;

const CONTACT_FIELDS = ['name', 'company', 'email', 'phone', 'notes'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await postgres(db);
  } else {
    await sqlite(db);
  }
}

/** `raw digits tail tail…` for a phone expression, given SQL for its digits-only form `d`. */
function phoneTails(d: string): string {
  const tails = Array.from({ length: PHONE_TAILS }, (_, k) => `CASE WHEN length(${d}) - ${k} >= 3 THEN ' ' || substr(${d}, ${k + 1}) ELSE '' END`);
  return tails.join(' || ');
}

/** SQLite: a phone as its search document holds it (the number, its digits and their tails). */
export function sqlitePhone(p: string): string {
  const digits = ['+', '-', '(', ')', '.', '/', '\t'].reduce((e, ch) => `replace(${e}, '${ch}', '')`, `replace(coalesce(${p}, ''), ' ', '')`);
  return `(SELECT coalesce(${p}, '') || ${phoneTails('d')} FROM (SELECT ${digits} AS d))`;
}

/** SQLite: a contact's latest agendas and touch notes, joined. */
export function sqliteAgendas(workspace: string, contact: string): string {
  return `(SELECT coalesce(group_concat(t, ' '), '') FROM (
      SELECT t FROM (SELECT agenda AS t FROM follow_ups WHERE workspace_id = ${workspace} AND contact_id = ${contact} AND agenda IS NOT NULL
        ORDER BY created_at DESC LIMIT ${RECENT})
      UNION ALL
      SELECT t FROM (SELECT notes AS t FROM interactions WHERE workspace_id = ${workspace} AND contact_id = ${contact} AND notes IS NOT NULL
        ORDER BY occurred_at DESC LIMIT ${RECENT})))`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function sqlite(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE contact_search_docs (
    id INTEGER PRIMARY KEY,
    contact_id TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL,
    name TEXT NOT NULL,
    company TEXT,
    email TEXT,
    phone TEXT,
    notes TEXT,
    agendas TEXT
  )`.execute(db);
  await sql`CREATE VIRTUAL TABLE contact_search USING fts5(
    name, company, email, phone, notes, agendas,
    content='contact_search_docs', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
  )`.execute(db);
  const columns = 'name, company, email, phone, notes, agendas';
  const values = (row: string) => columns.split(', ').map((c) => `${row}.${c}`).join(', ');
  await sql.raw(`CREATE TRIGGER contact_search_docs_insert AFTER INSERT ON contact_search_docs BEGIN
    INSERT INTO contact_search (rowid, ${columns}) VALUES (NEW.id, ${values('NEW')}); END`).execute(db);
  await sql.raw(`CREATE TRIGGER contact_search_docs_delete AFTER DELETE ON contact_search_docs BEGIN
    INSERT INTO contact_search (contact_search, rowid, ${columns}) VALUES ('delete', OLD.id, ${values('OLD')}); END`).execute(db);
  await sql.raw(`CREATE TRIGGER contact_search_docs_update AFTER UPDATE ON contact_search_docs BEGIN
    INSERT INTO contact_search (contact_search, rowid, ${columns}) VALUES ('delete', OLD.id, ${values('OLD')});
    INSERT INTO contact_search (rowid, ${columns}) VALUES (NEW.id, ${values('NEW')}); END`).execute(db);

  const phone = sqlitePhone;
  const agendas = sqliteAgendas;
  await sql.raw(`CREATE TRIGGER contact_search_contact_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_search_docs (contact_id, workspace_id, name, company, email, phone, notes, agendas)
      VALUES (NEW.id, NEW.workspace_id, NEW.name, NEW.company, NEW.email, ${phone('NEW.phone')}, NEW.notes, ${agendas('NEW.workspace_id', 'NEW.id')}); END`).execute(db);
  await sql.raw(`CREATE TRIGGER contact_search_contact_update AFTER UPDATE OF ${CONTACT_FIELDS.join(', ')} ON contacts BEGIN
    UPDATE contact_search_docs SET name = NEW.name, company = NEW.company, email = NEW.email, phone = ${phone('NEW.phone')}, notes = NEW.notes
      WHERE contact_id = NEW.id; END`).execute(db);
  await sql.raw(`CREATE TRIGGER contact_search_contact_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contact_search_docs WHERE contact_id = OLD.id; DELETE FROM contact_search_stale WHERE contact_id = OLD.id; END`).execute(db);

  // The refresh's one definition of a contact's agendas (PostgreSQL has the function contact_search_agendas).
  await sql.raw(`CREATE VIEW contact_search_agendas AS SELECT d.contact_id, ${agendas('d.workspace_id', 'd.contact_id')} AS agendas FROM contact_search_docs d`).execute(db);
  await sql`CREATE TABLE contact_search_stale (contact_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL) WITHOUT ROWID`.execute(db);
  // Only a contact that still exists is marked: an erasure leaves no mark behind, whichever it deletes first.
  const mark = (row: string) => `INSERT INTO contact_search_stale (contact_id, workspace_id) SELECT ${row}.contact_id, ${row}.workspace_id
    WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ${row}.contact_id) ON CONFLICT (contact_id) DO NOTHING;`;
  for (const [table, column] of [['follow_ups', 'agenda'], ['interactions', 'notes']] as const) {
    await sql.raw(`CREATE TRIGGER contact_search_${table}_insert AFTER INSERT ON ${table} WHEN NEW.${column} IS NOT NULL BEGIN ${mark('NEW')} END`).execute(db);
    await sql.raw(`CREATE TRIGGER contact_search_${table}_update AFTER UPDATE OF ${column}, contact_id ON ${table}
      WHEN OLD.${column} IS NOT NEW.${column} OR OLD.contact_id IS NOT NEW.contact_id BEGIN ${mark('OLD')} ${mark('NEW')} END`).execute(db);
    await sql.raw(`CREATE TRIGGER contact_search_${table}_delete AFTER DELETE ON ${table} WHEN OLD.${column} IS NOT NULL BEGIN ${mark('OLD')} END`).execute(db);
  }

  await sql.raw(`INSERT INTO contact_search_docs (contact_id, workspace_id, name, company, email, phone, notes, agendas)
    SELECT c.id, c.workspace_id, c.name, c.company, c.email, ${phone('c.phone')}, c.notes, ${agendas('c.workspace_id', 'c.id')} FROM contacts c`).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function postgres(db: Kysely<any>): Promise<void> {
  await sql.raw(`CREATE FUNCTION contact_search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ${await foldExpression(db)} $$`).execute(db);
  await sql.raw(`CREATE FUNCTION contact_search_phone(p text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(p, '') || ${phoneTails('d')} FROM (SELECT regexp_replace(coalesce(p, ''), '\\D', '', 'g') AS d) AS digits $$`).execute(db);
  await sql.raw(`CREATE FUNCTION contact_search_agendas(w text, c text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(t, ' '), '') FROM (
      (SELECT agenda AS t FROM follow_ups WHERE workspace_id = w AND contact_id = c AND agenda IS NOT NULL ORDER BY created_at DESC LIMIT ${RECENT})
      UNION ALL
      (SELECT notes AS t FROM interactions WHERE workspace_id = w AND contact_id = c AND notes IS NOT NULL ORDER BY occurred_at DESC LIMIT ${RECENT})
    ) AS recent $$`).execute(db);
  const vector = (expression: string, weight: string) => `setweight(to_tsvector('simple', contact_search_fold(${expression})), '${weight}')`;
  await sql.raw(`CREATE TABLE contact_search_docs (
    contact_id text PRIMARY KEY,
    workspace_id text NOT NULL,
    name text NOT NULL,
    company text,
    email text,
    phone text,
    notes text,
    agendas text,
    document tsvector GENERATED ALWAYS AS (
      ${vector('name', 'A')} || ${vector("coalesce(company, '')", 'A')}
      || ${vector("regexp_replace(coalesce(email, ''), '[^[:alnum:]]+', ' ', 'g')", 'B')} || ${vector("coalesce(phone, '')", 'B')}
      || ${vector("coalesce(notes, '')", 'C')} || ${vector("coalesce(agendas, '')", 'D')}
    ) STORED,
    head tsvector GENERATED ALWAYS AS (to_tsvector('simple', contact_search_fold(name || ' ' || coalesce(company, '')))) STORED
  )`).execute(db);
  await sql`CREATE INDEX contact_search_document ON contact_search_docs USING gin (document)`.execute(db);
  // The first tier of results (a match in the name or company) is found on this small vector alone.
  await sql`CREATE INDEX contact_search_head ON contact_search_docs USING gin (head)`.execute(db);

  await sql`CREATE FUNCTION contact_search_contact() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        DELETE FROM contact_search_docs WHERE contact_id = OLD.id;
        DELETE FROM contact_search_stale WHERE contact_id = OLD.id;
      ELSIF TG_OP = 'UPDATE' THEN
        UPDATE contact_search_docs SET name = NEW.name, company = NEW.company, email = NEW.email,
          phone = contact_search_phone(NEW.phone), notes = NEW.notes WHERE contact_id = NEW.id;
      ELSE
        INSERT INTO contact_search_docs (contact_id, workspace_id, name, company, email, phone, notes, agendas)
          VALUES (NEW.id, NEW.workspace_id, NEW.name, NEW.company, NEW.email, contact_search_phone(NEW.phone), NEW.notes,
            contact_search_agendas(NEW.workspace_id, NEW.id));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER contact_search AFTER INSERT OR DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION contact_search_contact()`.execute(db);
  await sql.raw(`CREATE TRIGGER contact_search_update AFTER UPDATE OF ${CONTACT_FIELDS.join(', ')} ON contacts FOR EACH ROW
    EXECUTE FUNCTION contact_search_contact()`).execute(db);

  // `marks` is raised (not left) on conflict so that the writer takes the row's lock: a refresh that
  // picks marks with SKIP LOCKED then never drops a mark made by a transaction it cannot yet see.
  await sql`CREATE TABLE contact_search_stale (contact_id text PRIMARY KEY, workspace_id text NOT NULL, marks integer NOT NULL DEFAULT 1)`.execute(db);
  await sql`CREATE FUNCTION contact_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Only a contact that still exists is marked: an erasure leaves no mark behind.
      IF TG_OP <> 'INSERT' THEN
        INSERT INTO contact_search_stale (contact_id, workspace_id)
          SELECT OLD.contact_id, OLD.workspace_id WHERE EXISTS (SELECT 1 FROM contacts WHERE id = OLD.contact_id)
          ON CONFLICT (contact_id) DO UPDATE SET marks = contact_search_stale.marks + 1;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        INSERT INTO contact_search_stale (contact_id, workspace_id)
          SELECT NEW.contact_id, NEW.workspace_id WHERE EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id)
          ON CONFLICT (contact_id) DO UPDATE SET marks = contact_search_stale.marks + 1;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const [table, column] of [['follow_ups', 'agenda'], ['interactions', 'notes']] as const) {
    await sql.raw(`CREATE TRIGGER contact_search_insert AFTER INSERT ON ${table} FOR EACH ROW
      WHEN (NEW.${column} IS NOT NULL) EXECUTE FUNCTION contact_search_mark()`).execute(db);
    await sql.raw(`CREATE TRIGGER contact_search_update AFTER UPDATE OF ${column}, contact_id ON ${table} FOR EACH ROW
      WHEN (OLD.${column} IS DISTINCT FROM NEW.${column} OR OLD.contact_id IS DISTINCT FROM NEW.contact_id) EXECUTE FUNCTION contact_search_mark()`).execute(db);
    await sql.raw(`CREATE TRIGGER contact_search_delete AFTER DELETE ON ${table} FOR EACH ROW
      WHEN (OLD.${column} IS NOT NULL) EXECUTE FUNCTION contact_search_mark()`).execute(db);
  }

  await sql`INSERT INTO contact_search_docs (contact_id, workspace_id, name, company, email, phone, notes, agendas)
    SELECT c.id, c.workspace_id, c.name, c.company, c.email, contact_search_phone(c.phone), c.notes, contact_search_agendas(c.workspace_id, c.id)
    FROM contacts c`.execute(db);
}

/**
 * unaccent where the extension can be created (it ships with Debian's postgresql package; creating it
 * needs a superuser or, being trusted, a database owner); else a fixed translate table, which folds the
 * accented Latin letters salespeople meet and needs nothing installed. Either is immutable, so it can
 * feed a generated column.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function foldExpression(db: Kysely<any>): Promise<string> {
  await sql`SAVEPOINT contact_search_unaccent`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
    await sql`RELEASE SAVEPOINT contact_search_unaccent`.execute(db);
    const found = await sql<{ schema: string }>`SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'unaccent'`.execute(db);
    const schema = found.rows[0]?.schema;
    if (schema) return `lower(${schema}.unaccent('${schema}.unaccent'::regdictionary, $1))`;
  } catch {
    await sql`ROLLBACK TO SAVEPOINT contact_search_unaccent`.execute(db);
  }
  const from = 'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćČčĎďÈÉÊËèéêëĒēĘęĚěÌÍÎÏìíîïĪīŁłÑñŃńŇňÒÓÔÕÖØòóôõöøŌōŐőŘřŚśŠšŞşŤťÙÚÛÜùúûüŪūŮůŰűÝýÿŹźŻżŽž';
  const to = 'AAAAAAaaaaaaAaAaAaCcCcCcDdEEEEeeeeEeEeEeIIIIiiiiIiLlNnNnNnOOOOOOooooooOoOoRrSsSsSsTtUUUUuuuuUuUuUuYyyZzZzZz';
  return `lower(translate($1, '${from}', '${to}'))`;
}
