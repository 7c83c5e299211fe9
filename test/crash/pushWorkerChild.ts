/**
 * Crash-test child: one push worker over DATABASE_URL, its clock fixed at NOW, polling until the
 * parent kills it (SIGKILL) in the middle of a send. Prints `started` once it runs.
 *
 *   DATABASE_URL=… NOW=2026-12-07T08:00:00Z LEASE_MS=60000 BATCH_SIZE=2 node --import tsx test/crash/pushWorkerChild.ts
 */
import { PushWorker } from '../../src/jobs/pushWorker.js';
import { createSecretBox } from '../../src/mail/secretBox.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { connect } from '../../src/store/connect.js';
import { TEST_SECRETS_KEY } from '../helpers/app.js';

const databaseUrl = process.env.DATABASE_URL;
const now = Date.parse(process.env.NOW ?? '');
if (!databaseUrl || Number.isNaN(now)) throw new Error('DATABASE_URL and NOW are required');
const deps: ServiceDeps = {
  store: connect(databaseUrl), clock: () => now, baseUrl: 'http://127.0.0.1:3000', secrets: createSecretBox(TEST_SECRETS_KEY),
  outbound: { allowPrivate: true },
};
const worker = new PushWorker({
  deps, subject: 'mailto:ops@example.com', leaseMs: Number(process.env.LEASE_MS ?? 60_000), batchSize: Number(process.env.BATCH_SIZE ?? 2), pollMs: 20,
  log: (event, detail) => process.stdout.write(`${event} ${JSON.stringify(detail)}\n`),
});
worker.start();
process.stdout.write('started\n');
