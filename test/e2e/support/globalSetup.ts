import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const web = join(root, 'web');
const builtIndex = join(web, 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than the web app's sources (or src/shared it imports). */
export default function setup(): void {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error('browser tests need /usr/bin/chromium: apt-get install -y chromium (.ci/run installs it)');
  }
  const sources = Math.max(
    newestSource(join(web, 'src')), statSync(join(web, 'index.html')).mtimeMs, statSync(join(web, 'vite.config.ts')).mtimeMs,
    newestSource(join(root, 'src', 'shared')),
  );
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= sources) return;
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build web failed');
  console.log(`e2e: built web/dist in ${Date.now() - started} ms`);
}
