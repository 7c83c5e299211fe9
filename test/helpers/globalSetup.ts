import { testDialects } from './databases.js';
import { startPostgres } from './postgres.js';

/**
 * Vitest globalSetup: one PostgreSQL server for the whole run.
 * Workers get its URL through process.env.FT_PG_ADMIN_URL: vitest 3 builds each
 * worker's env from process.env after globalSetup has run (forks and threads pools).
 * A preset FT_PG_ADMIN_URL means "use that server" and nothing is started.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (!testDialects().includes('postgres') || process.env.FT_PG_ADMIN_URL) return async () => {};
  const pg = await startPostgres();
  process.env.FT_PG_ADMIN_URL = pg.url;
  return async () => {
    delete process.env.FT_PG_ADMIN_URL;
    await pg.stop();
  };
}
