import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import { startBackgroundJobs } from './jobs/startWorker.js';
import { createSecretBox } from './mail/secretBox.js';
import type { ServiceDeps } from './services/deps.js';
import { connect, migrateToLatest, type Store } from './store/connect.js';

export interface Running {
  app: FastifyInstance;
  store: Store;
  url: string;
  close(): Promise<void>;
}

export function openDeps(config: Config, store: Store = connect(config.databaseUrl)): ServiceDeps {
  return {
    store, clock: Date.now, baseUrl: config.baseUrl, secrets: config.secretsKey ? createSecretBox(config.secretsKey) : undefined,
    outbound: { allowPrivate: config.allowPrivateTargets },
  };
}

/** Migrates, then listens: the server never serves an old schema. */
export async function startServer(config: Config): Promise<Running> {
  const store = connect(config.databaseUrl);
  await migrateToLatest(store.db);
  const deps = openDeps(config, store);
  const app = await buildApp({ deps, logger: { level: config.logLevel }, bodyLimit: config.bodyLimit, secureCookies: config.secureCookies, serverSmtpUrl: config.smtpUrl });
  const address = await app.listen({ port: config.port, host: config.host });
  // `serve` is web + worker unless RUN_WORKER=false (web-only instances behind a load balancer).
  const worker = config.runWorker ? startBackgroundJobs(config, deps, (event, detail) => app.log.info(detail, event)) : null;
  const close = async () => {
    await worker?.stop();
    await app.close();
    await store.close();
  };
  return { app, store, url: address, close };
}
