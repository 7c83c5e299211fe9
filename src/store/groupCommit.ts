import { setImmediate } from 'node:timers';
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery, SqliteDialect, SqliteDriver,
  type DatabaseConnection, type Driver, type QueryCompiler,
} from 'kysely';

const BEGIN = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
const SAVEPOINT = CompiledQuery.raw('savepoint followthrough_work');
const RELEASE = CompiledQuery.raw('release followthrough_work');
const ROLLBACK_TO = CompiledQuery.raw('rollback to followthrough_work');

interface Waiting { resolve(): void; reject(error: unknown): void }

/** Everyone waiting for one open SQLite transaction, the writes that share it, to reach the disk. */
interface Group { waiting: Waiting[] }

/**
 * SQLite with group commit. With `synchronous=FULL` each COMMIT waits for the disk (about half a
 * millisecond here), and better-sqlite3 waits on the main thread, so under load the flushes, not the
 * SQL, set how many writes a second the app takes.
 *
 * The first `db.transaction()` of a group opens a `BEGIN IMMEDIATE` transaction, and those that come
 * while it is open run in it as savepoints. The COMMIT runs once the event loop has taken in whatever
 * else had arrived (setImmediate), for every write in the group at once. Nobody is answered before
 * their work is on disk: a transaction, and any statement run while a group is open (a read may have
 * seen the group's rows), returns only after that COMMIT. A transaction that fails is rolled back
 * alone; if the COMMIT itself fails, or SQLite undoes the whole transaction, everyone in the group
 * gets the error and nothing of theirs is kept. With nothing else arriving a write costs one
 * event-loop turn more than before.
 *
 * BEGIN IMMEDIATE takes the write lock up front, so two processes can never both read a stale row
 * and then collide. SQLite has one connection: users take turns, first come first served.
 */
export class GroupCommitSqliteDriver implements Driver {
  readonly #database: SQLite.Database;
  readonly #inner: SqliteDriver;
  #connection: DatabaseConnection | undefined;
  readonly #queue: Array<() => void> = [];
  #held = false;
  #group: Group | undefined;
  /** Whether the transaction now holding the connection runs in a savepoint (it joined an open group). */
  #inSavepoint = false;

  constructor(database: SQLite.Database) {
    this.#database = database;
    this.#inner = new SqliteDriver({ database });
  }

  async init(): Promise<void> {
    await this.#inner.init();
    // The inner driver's one connection, taken for good: this driver queues its users itself.
    this.#connection = await this.#inner.acquireConnection();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock();
    return this.#opened();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#group) {
      await connection.executeQuery(SAVEPOINT);
      this.#inSavepoint = true;
      return;
    }
    // The first write of a group needs no savepoint: if it fails, nothing else is in the transaction
    // yet. That spares it SQLite's copy of every page it changes (an import's batches are all first).
    await connection.executeQuery(BEGIN);
    const group: Group = { waiting: [] };
    this.#group = group;
    this.#inSavepoint = false;
    // Its turn comes after everyone already in line: they join this group, later ones start the next.
    setImmediate(() => void this.#commitWhenFree(group));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#inSavepoint) await connection.executeQuery(RELEASE);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#database.inTransaction) return;
    if (!this.#inSavepoint) {
      this.#group = undefined;
      await connection.executeQuery(ROLLBACK);
      return;
    }
    await connection.executeQuery(ROLLBACK_TO);
    await connection.executeQuery(RELEASE);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.savepoint(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.rollbackToSavepoint(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.releaseSavepoint(connection, name, compile);
  }

  async releaseConnection(): Promise<void> {
    const group = this.#group;
    if (!group) return this.#unlock();
    if (!this.#database.inTransaction) {
      // A failed statement made SQLite undo the whole transaction (it can, e.g. on a full disk): that
      // statement's own error reaches its caller; those already waiting lost their work with it.
      this.#group = undefined;
      this.#unlock();
      settle(group, new Error('the database undid this write together with another one saved with it; nothing was kept, try again'));
      return;
    }
    const committed = new Promise<void>((resolve, reject) => group.waiting.push({ resolve, reject }));
    this.#unlock();
    return committed;
  }

  async destroy(): Promise<void> {
    await this.#lock();
    try {
      if (this.#group) await this.#commit(this.#group);
      await this.#inner.destroy();
    } finally {
      this.#unlock();
    }
  }

  async #commitWhenFree(group: Group): Promise<void> {
    await this.#lock();
    try {
      if (this.#group === group) await this.#commit(group);
    } finally {
      this.#unlock();
    }
  }

  /** Call holding the connection. */
  async #commit(group: Group): Promise<void> {
    this.#group = undefined;
    const connection = this.#opened();
    try {
      await connection.executeQuery(COMMIT);
    } catch (error) {
      if (this.#database.inTransaction) await connection.executeQuery(ROLLBACK).catch(() => undefined);
      settle(group, error);
      return;
    }
    settle(group);
  }

  #opened(): DatabaseConnection {
    if (!this.#connection) throw new Error('the SQLite driver was used before init');
    return this.#connection;
  }

  async #lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }

  /** Hands the connection straight to the next in line, or frees it. */
  #unlock(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#held = false;
  }
}

/** Answers everyone waiting on the group: committed, or the error that lost their work. */
function settle(group: Group, error?: unknown): void {
  for (const waiting of group.waiting) {
    if (error === undefined) waiting.resolve();
    else waiting.reject(error);
  }
}

export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #database: SQLite.Database;

  constructor(database: SQLite.Database) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.#database);
  }
}
