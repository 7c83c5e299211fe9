import { loadConfig, type Config } from '../config.js';
import { localActor } from '../services/accounts.js';
import type { Actor, ServiceDeps } from '../services/deps.js';
import { openDeps } from '../server.js';
import { connect, migrateToLatest } from '../store/connect.js';

export interface GlobalOptions {
  user?: string;
  workspace?: string;
}

/** Opens the configured database (migrated), runs the action, and always closes it. */
export async function withDeps<T>(action: (deps: ServiceDeps, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = connect(config.databaseUrl);
  try {
    await migrateToLatest(store.db);
    return await action(openDeps(config, store), config);
  } finally {
    await store.close();
  }
}

export async function withActor<T>(options: GlobalOptions, action: (deps: ServiceDeps, actor: Actor) => Promise<T>): Promise<T> {
  return withDeps(async (deps) => action(deps, await localActor(deps, options.user, options.workspace)));
}
