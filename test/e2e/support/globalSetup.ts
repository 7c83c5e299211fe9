import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, stale, webApp } from '../../../bin/buildState.js';

/**
 * Builds web/dist when it is missing or older than the web app's sources, by npm start's rule
 * (bin/buildState.js). As production: vitest sets NODE_ENV=test, which would give React's development
 * build (larger, and what the web assets budget test then reads).
 */
export default function setup(): void {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error('browser tests need /usr/bin/chromium: apt-get install -y chromium (.ci/run installs it)');
  }
  if (!stale(webApp)) return;
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error('vite build web failed');
  console.log(`e2e: built web/dist in ${Date.now() - started} ms`);
}
